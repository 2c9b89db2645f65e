"""Evaluation metrics as plain functions (unit-tested in tests/test_eval_metrics.py).

Retrieval metrics are document-level with binary relevance: a ranking of chunks is first
reduced to its documents in order of first appearance, so two chunks of one document count
once. Functions that have nothing to measure return ``None`` (e.g. citation precision of an
answer that cites nothing) and :func:`mean` skips ``None``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterable, Sequence

from assistant.answering.citations import MARKER

REGEX_PREFIX = "re:"


def dedupe(doc_ids: Iterable[str]) -> list[str]:
    """Document ids in order of first appearance (a chunk ranking → a document ranking)."""
    return list(dict.fromkeys(doc_ids))


def hit_at_k(ranked: Sequence[str], relevant: Collection[str], k: int) -> float:
    """1.0 when a relevant document is among the first ``k`` documents, else 0.0."""
    return 1.0 if any(d in relevant for d in dedupe(ranked)[:k]) else 0.0


def reciprocal_rank(ranked: Sequence[str], relevant: Collection[str]) -> float:
    """1 / rank of the first relevant document (ranks from 1); 0.0 when none is ranked."""
    for rank, doc in enumerate(dedupe(ranked), start=1):
        if doc in relevant:
            return 1.0 / rank
    return 0.0


def ndcg_at_k(ranked: Sequence[str], relevant: Collection[str], k: int = 10) -> float:
    """Normalised discounted cumulative gain with binary relevance.

    DCG = Σ rel_i / log2(i + 1) over the first k documents; the ideal ranks all relevant
    documents first (at most k of them).
    """
    if not relevant:
        raise ValueError("nDCG needs at least one relevant document")
    dcg = sum(
        1.0 / math.log2(i + 1)
        for i, doc in enumerate(dedupe(ranked)[:k], start=1)
        if doc in relevant
    )
    ideal = sum(1.0 / math.log2(i + 1) for i in range(1, min(len(relevant), k) + 1))
    return dcg / ideal


def normalise_answer(text: str) -> str:
    """Answer text without [n] markers, whitespace collapsed (matching is case-insensitive)."""
    return " ".join(MARKER.sub(" ", text).split())


def fact_found(fact: str, text: str) -> bool:
    """Whether ``text`` contains ``fact`` (or matches ``re:pattern``), ignoring case."""
    haystack = normalise_answer(text)
    if fact.startswith(REGEX_PREFIX):
        return re.search(fact[len(REGEX_PREFIX) :], haystack, re.IGNORECASE) is not None
    return " ".join(fact.split()).casefold() in haystack.casefold()


def key_fact_recall(facts: Sequence[str], text: str) -> float | None:
    """Share of ``facts`` found in ``text``; None when there are none to find."""
    if not facts:
        return None
    return sum(fact_found(f, text) for f in facts) / len(facts)


def citation_precision(cited_doc_ids: Sequence[str], expected: Collection[str]) -> float | None:
    """Share of cited sources whose document is expected; None when nothing is cited."""
    if not cited_doc_ids:
        return None
    return sum(d in expected for d in cited_doc_ids) / len(cited_doc_ids)


def citations_valid(cited: Iterable[int], listed: Collection[int]) -> bool:
    """Every [n] in the answer points at a listed source."""
    return all(n in listed for n in cited)


def abstention_accuracy(abstained_on_unanswerable: Sequence[bool]) -> float | None:
    """Share of unanswerable items on which the assistant abstained."""
    return rate(abstained_on_unanswerable)


def false_abstention_rate(abstained_on_answerable: Sequence[bool]) -> float | None:
    """Share of answerable items on which the assistant abstained (lower is better)."""
    return rate(abstained_on_answerable)


def rate(flags: Sequence[bool]) -> float | None:
    """Share of true flags; None for no flags."""
    return sum(flags) / len(flags) if flags else None


def mean(values: Iterable[float | None]) -> float | None:
    """Arithmetic mean of the values that are not None; None when there are none."""
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def percentile(values: Sequence[float], p: float) -> float | None:
    """The ``p``-th percentile (0–100), linear between closest ranks (numpy's default)."""
    if not values:
        return None
    if not 0 <= p <= 100:
        raise ValueError(f"percentile must be between 0 and 100 (got {p})")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * p / 100
    lo = math.floor(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def removed_citation_share(removed: Sequence[int], kept: Sequence[int]) -> float | None:
    """Share of a model's citation markers that verification removed: per answer, the count
    of distinct removed markers and of distinct markers kept; None when it cited nothing."""
    total = sum(removed) + sum(kept)
    return sum(removed) / total if total else None
