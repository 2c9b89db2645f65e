"""Scoring, reports, comparison and the gate on hand-made outcomes (pure logic, no model)."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import pytest

from evals.cli import main
from evals.compare import compare, render_terminal
from evals.evalset import EvalItem
from evals.gate import ThresholdsError, check_gate, load_thresholds
from evals.report import load_report, write_reports
from evals.scoring import Outcome, all_metrics, score_item

HEBY, UPPSALA = "heby-2016-11-16-samarbete", "uppsala-samverkan"
HEBY_SOURCE = {"n": 1, "doc_id": HEBY, "title": "Heby", "kommun": "Heby", "date": "", "quote": ""}
UPPSALA_SOURCE = {**HEBY_SOURCE, "n": 2, "doc_id": UPPSALA}

LIST_ITEM = EvalItem.model_validate(
    {
        "id": "heby-grupper",
        "question": "Vilka grupper prioriteras i Heby?",
        "answerable": True,
        "expected_sources": [HEBY],
        "key_facts": ["lokal utveckling", "re:nyanlända med särskilda\\s+behov"],
        "tags": {"kind": "list", "kommun": "Heby"},
    }
)
SALA_ITEM = EvalItem.model_validate(
    {
        "id": "sala",
        "question": "Vilka grupper prioriteras i Sala?",
        "answerable": False,
        "tags": {"kind": "unanswerable", "kommun": "Sala"},
    }
)
GOOD = Outcome(
    answer="Fyra områden: lokal utveckling och nyanlända med särskilda behov. [1]",
    abstained=False,
    sources=[HEBY_SOURCE],
    cited=[1],
    retrieved=[UPPSALA, HEBY],
    latency_ms=100.0,
)
ABSTAINED = Outcome("Det framgår inte av underlagen.", True, [], [], [], 40.0)


def test_a_correct_cited_answer_passes() -> None:
    result = score_item(LIST_ITEM, GOOD)
    assert result.passed and result.reasons == []
    assert (result.key_fact_recall, result.citation_precision, result.citation_valid) == (
        1.0,
        1.0,
        True,
    )
    assert (result.hit_at_1, result.hit_at_5, result.mrr) == (0.0, 1.0, 0.5)
    assert result.score == 1.0


def test_failures_say_why() -> None:
    wrong = replace(
        GOOD,
        answer="Lokal utveckling [1] och unga vuxna [2] [3].",
        sources=[HEBY_SOURCE, UPPSALA_SOURCE],
        cited=[1, 2, 3],
    )
    result = score_item(LIST_ITEM, wrong)
    assert not result.passed
    assert "missing key facts: re:nyanlända med särskilda\\s+behov" in result.reasons
    assert "a citation points at no listed source" in result.reasons
    assert "cites unexpected source(s): uppsala-samverkan" in result.reasons
    assert result.citation_precision == 0.5
    assert result.score == 0.5


def test_abstaining_is_right_only_when_unanswerable() -> None:
    assert score_item(SALA_ITEM, ABSTAINED).passed
    assert score_item(SALA_ITEM, GOOD).reasons == [
        "answered a question the documents do not answer"
    ]
    missed = score_item(LIST_ITEM, ABSTAINED)
    assert "abstained on an answerable question" in missed.reasons
    assert missed.score == 0.0


def test_summary_metrics() -> None:
    results = [
        score_item(LIST_ITEM, GOOD),
        score_item(LIST_ITEM, ABSTAINED),
        score_item(SALA_ITEM, ABSTAINED),
        score_item(SALA_ITEM, replace(GOOD, latency_ms=300.0)),
    ]
    metrics = all_metrics(results)
    overall = metrics["overall"]
    assert overall["pass_rate"] == 0.5
    assert overall["abstention_accuracy"] == 0.5
    assert overall["false_abstention_rate"] == 0.5
    assert overall["key_fact_recall"] == 0.5  # 1.0 and 0.0 over the two answerable items
    assert overall["citation_validity"] == 1.0
    assert overall["latency_p50_ms"] == 70.0  # 40, 40, 100, 300
    assert list(metrics["by_kind"]) == ["list", "unanswerable"]
    assert metrics["by_kind"]["unanswerable"]["ndcg_at_10"] is None


def report(outcomes: list[tuple[EvalItem, Outcome]]) -> dict[str, Any]:
    results = [score_item(item, outcome) for item, outcome in outcomes]
    return {
        "schema": 1,
        "created_at": "2024-01-01T00:00:00+00:00",
        "duration_s": 1.0,
        "set": {"name": "corpus_sv", "path": "x.yaml", "sha256": "", "items": len(results)},
        "config": {"mode": "hybrid", "options": {}, "embedder": "test", "git": "", "settings": {}},
        "metrics": all_metrics(results),
        "items": [asdict(r) for r in results],
    }


def test_reports_are_written_and_self_contained(tmp_path: Path) -> None:
    data = report([(LIST_ITEM, GOOD), (SALA_ITEM, GOOD)])
    paths = write_reports(data, tmp_path)
    assert [p.name for p in paths] == ["report.json", "report.md", "report.html"]
    assert load_report(paths[0])["metrics"] == json.loads(json.dumps(data["metrics"]))
    markdown = paths[1].read_text(encoding="utf-8")
    assert "| pass rate | 0.500 |" in markdown and "**sala** (unanswerable)" in markdown
    html = paths[2].read_text(encoding="utf-8")
    assert html.count("<svg") == 3 and "<script" not in html
    assert not re.search(r"""(src|href)=["']?https?:""", html)  # nothing fetched
    assert "Vilka grupper prioriteras i Sala?" in html
    assert html.count('<tr class="fail">') == 1 and html.count('<tr class="pass">') == 1


def test_compare_highlights_questions_that_got_worse(capsys: pytest.CaptureFixture[str]) -> None:
    old = report([(LIST_ITEM, GOOD), (SALA_ITEM, GOOD)])
    new = report([(LIST_ITEM, ABSTAINED), (SALA_ITEM, ABSTAINED)])
    result = compare(old, new)
    assert [c.id for c in result.worse] == ["heby-grupper"]
    assert "pass → fail" in result.worse[0].why and "abstains now" in result.worse[0].why
    assert [c.id for c in result.better] == ["sala"]
    pass_rate = next(d for d in result.deltas if d.group == "overall" and d.metric == "pass_rate")
    assert (pass_rate.old, pass_rate.new, pass_rate.worse) == (0.5, 0.5, False)
    text = render_terminal(result, color=False)
    assert "Questions that got worse: 1" in text and "✗ heby-grupper" in text


def test_gate(tmp_path: Path) -> None:
    thresholds = tmp_path / "t.yaml"
    thresholds.write_text(
        "set: corpus_sv\noverall:\n  pass_rate: {min: 0.9}\n  latency_p95_ms: {max: 1000}\n"
        "by_kind:\n  unanswerable:\n    abstention_accuracy: {min: 1.0}\n",
        encoding="utf-8",
    )
    good = report([(LIST_ITEM, GOOD), (SALA_ITEM, ABSTAINED)])
    bad = report([(LIST_ITEM, GOOD), (SALA_ITEM, GOOD)])
    assert check_gate(good, load_thresholds(thresholds)) == []
    failures = check_gate(bad, load_thresholds(thresholds))
    assert failures == [
        "overall pass rate = 0.500, below the minimum 0.900",
        "by_kind.unanswerable abstention accuracy = 0.000, below the minimum 1.000",
    ]
    (tmp_path / "good.json").write_text(json.dumps(good), encoding="utf-8")
    (tmp_path / "bad.json").write_text(json.dumps(bad), encoding="utf-8")
    args = ["gate", "--thresholds", str(thresholds), "--report"]
    assert main([*args, str(tmp_path / "good.json")]) == 0
    assert main([*args, str(tmp_path / "bad.json")]) == 1


def test_thresholds_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("set: corpus_sv\noverall:\n  recall: {min: 0.9}\n", encoding="utf-8")
    with pytest.raises(ThresholdsError, match=r"overall\.recall: unknown metric"):
        load_thresholds(path)
    path.write_text("set: corpus_sv\noverall:\n  pass_rate: 0.9\n", encoding="utf-8")
    with pytest.raises(ThresholdsError, match=r"give \{min: x\}"):
        load_thresholds(path)


def test_shipped_thresholds_load() -> None:
    from evals.gate import DEFAULT_THRESHOLDS

    assert (
        load_thresholds(DEFAULT_THRESHOLDS)["set"] == "real_dev"
    )  # the gate is on the real set's dev part


def test_bad_option_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["run", "--out", str(tmp_path), "-o", "top_kay=4"]) == 2
    assert "unknown setting(s) top_kay" in capsys.readouterr().err
    assert main(["run", "--out", str(tmp_path), "-o", "data_dir=/tmp/x"]) == 2
    assert "builds its own store" in capsys.readouterr().err
    assert main(["run", "--out", str(tmp_path), "-o", "top_k=0"]) == 2
    assert "top_k" in capsys.readouterr().err


def test_llm_run_beside_the_extractive_default_in_one_report(tmp_path: Path) -> None:
    # The LLM cited [1] and an invented [4] (removed), and fell back on the Sala question.
    llm_good = replace(GOOD, removed_citations=1)
    llm_fallback = replace(GOOD, fallback=True)
    results = [score_item(LIST_ITEM, llm_good), score_item(SALA_ITEM, llm_fallback)]
    llm = report([])
    llm["config"]["answerer"] = "openai:gemma"
    llm["metrics"] = all_metrics(results, llm=True)
    llm["items"] = [asdict(r) for r in results]
    llm["baseline"] = report([(LIST_ITEM, GOOD), (SALA_ITEM, ABSTAINED)])
    overall = llm["metrics"]["overall"]
    assert overall["removed_citation_share"] == 0.5  # 1 removed, 1 kept (fallbacks left out)
    assert overall["llm_fallback_rate"] == 0.5
    assert llm["baseline"]["metrics"]["overall"]["removed_citation_share"] is None

    markdown = write_reports(llm, tmp_path)[1].read_text(encoding="utf-8")
    section = markdown.split("## Beside the extractive default")[1].split("## Per question")[0]
    assert "| metric | extractive | openai:gemma | change |" in section
    assert "| pass rate | 1.000 | 0.500 | **-0.500** ✗ |" in section
    assert "| citations removed by verification | – | 0.500 | – |" in section
    assert "- **sala**: Vilka grupper prioriteras i Sala? — pass → fail" in section
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "Beside the extractive default" in html and "Worse with openai:gemma (1)" in html


def test_fallback_note_only_with_a_model_and_loud_when_most_answers_fell_back() -> None:
    from evals.markdown import fallback_note

    def report(answerer: str, fallbacks: list[bool]) -> dict[str, object]:
        items = [{"outcome": {"fallback": f, "error": ""}} for f in fallbacks]
        return {"config": {"answerer": answerer}, "items": items}

    assert fallback_note(report("extractive", [False, False])) is None
    assert fallback_note(report("openai:local", [False, False, False])) is None
    quiet = fallback_note(report("openai:local", [True, False, False]))
    assert quiet == (
        "1 of 3 answers are the extractive fallback, not the model's answer (the log says why "
        "for each)."
    )
    loud = fallback_note(report("openai:local", [True, True, False]))
    assert loud is not None and loud.startswith("Warning: 2 of 3 answers")
