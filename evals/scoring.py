"""Scoring one answer against its evaluation item, and summarising many scored items.

An item *passes* when
- answerable: the answer does not abstain, contains every key fact, cites at least one
  source, every [n] points at a listed source and every cited source is an expected one;
- unanswerable: the answer abstains, cites nothing invalid and contains its key facts (if any).

Its *score* (0–1, the "score distribution" of the report) is the key-fact recall of a
non-abstaining answer to an answerable item, and 1/0 for abstaining or not on an unanswerable one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from evals import metrics as m
from evals.evalset import KINDS, EvalItem

METRIC_NAMES = (
    "pass_rate",
    "hit_at_1",
    "hit_at_5",
    "mrr",
    "ndcg_at_10",
    "key_fact_recall",
    "citation_precision",
    "citation_validity",
    "abstention_accuracy",
    "false_abstention_rate",
    "latency_p50_ms",
    "latency_p95_ms",
)
# Only for runs with a language model (None otherwise).
LLM_METRIC_NAMES = ("llm_fallback_rate", "removed_citation_share")
LOWER_IS_BETTER = frozenset(
    {"false_abstention_rate", "latency_p50_ms", "latency_p95_ms", *LLM_METRIC_NAMES}
)


@dataclass(frozen=True)
class Outcome:
    """What the assistant did with one item (the runner fills it in)."""

    answer: str
    abstained: bool
    sources: list[dict[str, Any]]  # n, doc_id, title, scope, date, quote
    cited: list[int]
    retrieved: list[str]  # document ids of the search ranking (top 10), deduplicated
    latency_ms: float
    notice: str = ""
    error: str = ""  # a refused question: the user message
    history_used: bool = False
    fallback: bool = False  # an LLM was configured but the extractive answer was given
    removed_citations: int = 0  # distinct [n] markers the verifier removed (LLM answers)


@dataclass(frozen=True)
class ItemResult:
    id: str
    kind: str
    kommun: list[str]
    question: str
    history: list[str]
    answerable: bool
    expected_sources: list[str]
    kommun_filter: list[str]
    outcome: Outcome
    cited_doc_ids: list[str]
    facts_found: list[str]
    facts_missing: list[str]
    hit_at_1: float | None
    hit_at_5: float | None
    mrr: float | None
    ndcg_at_10: float | None
    key_fact_recall: float | None
    citation_precision: float | None
    citation_valid: bool
    score: float
    passed: bool
    reasons: list[str] = field(default_factory=list)


def score_item(item: EvalItem, outcome: Outcome) -> ItemResult:
    """Every per-item metric and the pass/fail verdict with its reasons."""
    by_n = {int(s["n"]): str(s["doc_id"]) for s in outcome.sources}
    cited_docs = m.dedupe(by_n[n] for n in outcome.cited if n in by_n)
    expected = set(item.expected_sources)
    found = [f for f in item.key_facts if m.fact_found(f, outcome.answer)]
    missing = [f for f in item.key_facts if f not in found]
    retrieval: dict[str, float | None] = {"h1": None, "h5": None, "rr": None, "ndcg": None}
    if expected:
        ranked = outcome.retrieved
        retrieval = {
            "h1": m.hit_at_k(ranked, expected, 1),
            "h5": m.hit_at_k(ranked, expected, 5),
            "rr": m.reciprocal_rank(ranked, expected),
            "ndcg": m.ndcg_at_k(ranked, expected, 10),
        }
    valid = m.citations_valid(outcome.cited, by_n)
    reasons = _reasons(item, outcome, cited_docs, missing, valid)
    recall = m.key_fact_recall(item.key_facts, outcome.answer)
    if item.answerable:
        score = 0.0 if outcome.abstained else (recall or 0.0)
    else:
        score = 1.0 if outcome.abstained else 0.0
    return ItemResult(
        id=item.id,
        kind=item.kind,
        kommun=list(item.tags.kommun),
        question=item.text,
        history=item.history,
        answerable=item.answerable,
        expected_sources=list(item.expected_sources),
        kommun_filter=list(item.kommun_filter),
        outcome=outcome,
        cited_doc_ids=cited_docs,
        facts_found=found,
        facts_missing=missing,
        hit_at_1=retrieval["h1"],
        hit_at_5=retrieval["h5"],
        mrr=retrieval["rr"],
        ndcg_at_10=retrieval["ndcg"],
        key_fact_recall=recall,
        citation_precision=m.citation_precision(cited_docs, expected) if expected else None,
        citation_valid=valid,
        score=score,
        passed=not reasons,
        reasons=reasons,
    )


def _reasons(
    item: EvalItem, outcome: Outcome, cited_docs: list[str], missing: list[str], valid: bool
) -> list[str]:
    reasons: list[str] = []
    if outcome.error:
        reasons.append(f"question refused: {outcome.error}")
    if item.answerable and outcome.abstained:
        reasons.append("abstained on an answerable question")
    if not item.answerable and not outcome.abstained:
        reasons.append("answered a question the documents do not answer")
    if missing:
        reasons.append("missing key facts: " + "; ".join(missing))
    if item.answerable and not outcome.abstained and not outcome.cited:
        reasons.append("the answer cites no source")
    if not valid:
        reasons.append("a citation points at no listed source")
    unexpected = [d for d in cited_docs if d not in item.expected_sources]
    if item.answerable and unexpected:
        reasons.append("cites unexpected source(s): " + ", ".join(unexpected))
    return reasons


def summarize(results: Sequence[ItemResult], llm: bool = False) -> dict[str, Any]:
    """The aggregate metrics of a group of items (see docs/evaluation.md for definitions);
    ``llm``: the run had a language model, so its fallback and removal rates are measured."""
    answerable = [r for r in results if r.answerable]
    unanswerable = [r for r in results if not r.answerable]
    answered = [r.outcome for r in results if not r.outcome.error]
    latencies = [o.latency_ms for o in answered]
    return {
        "n": len(results),
        "passed": sum(r.passed for r in results),
        "pass_rate": m.rate([r.passed for r in results]),
        "hit_at_1": m.mean(r.hit_at_1 for r in results),
        "hit_at_5": m.mean(r.hit_at_5 for r in results),
        "mrr": m.mean(r.mrr for r in results),
        "ndcg_at_10": m.mean(r.ndcg_at_10 for r in results),
        "key_fact_recall": m.mean(r.key_fact_recall for r in results),
        "citation_precision": m.mean(r.citation_precision for r in answerable),
        "citation_validity": m.rate([r.citation_valid for r in results]),
        "abstention_accuracy": m.abstention_accuracy([r.outcome.abstained for r in unanswerable]),
        "false_abstention_rate": m.false_abstention_rate([r.outcome.abstained for r in answerable]),
        "latency_p50_ms": m.percentile(latencies, 50),
        "latency_p95_ms": m.percentile(latencies, 95),
        "errors": sum(bool(r.outcome.error) for r in results),
        "llm_fallback_rate": m.rate([o.fallback for o in answered]) if llm else None,
        "removed_citation_share": m.removed_citation_share(
            [o.removed_citations for o in answered if not o.fallback],
            [len(set(o.cited)) for o in answered if not o.fallback],
        )
        if llm
        else None,
    }


def summarize_groups(
    results: Sequence[ItemResult], key: Callable[[ItemResult], Sequence[str]], llm: bool = False
) -> dict[str, dict[str, Any]]:
    """``summarize`` per group; an item belongs to every group ``key`` names."""
    groups: dict[str, list[ItemResult]] = {}
    for r in results:
        for name in key(r) or ["(ingen)"]:
            groups.setdefault(name, []).append(r)
    order = {k: i for i, k in enumerate(KINDS)}
    names = sorted(groups, key=lambda g: (order.get(g, len(order)), g))
    return {g: summarize(groups[g], llm) for g in names}


def all_metrics(results: Sequence[ItemResult], llm: bool = False) -> dict[str, Any]:
    return {
        "overall": summarize(results, llm),
        "by_kind": summarize_groups(results, lambda r: [r.kind], llm),
        "by_kommun": summarize_groups(results, lambda r: r.kommun, llm),
    }
