"""The evaluation metrics against values computed by hand."""

from __future__ import annotations

import math

import pytest

from evals import metrics as m


def test_dedupe_keeps_first_appearance() -> None:
    assert m.dedupe(["a", "a", "b", "a", "c"]) == ["a", "b", "c"]


def test_hit_at_k_counts_documents_not_chunks() -> None:
    # Five chunks of x, then a: at document level a is second.
    ranked = ["x", "x", "x", "x", "x", "a"]
    assert m.hit_at_k(ranked, {"a"}, 1) == 0.0
    assert m.hit_at_k(ranked, {"a"}, 2) == 1.0
    assert m.hit_at_k(ranked, {"a"}, 5) == 1.0
    assert m.hit_at_k(["x", "y"], {"a"}, 5) == 0.0


def test_reciprocal_rank() -> None:
    assert m.reciprocal_rank(["a", "x"], {"a"}) == 1.0
    assert m.reciprocal_rank(["x", "x", "a"], {"a"}) == 0.5  # chunks of x count once
    assert m.reciprocal_rank(["x", "y", "z", "a"], {"a", "b"}) == 0.25
    assert m.reciprocal_rank(["x"], {"a"}) == 0.0


def test_ndcg_single_relevant() -> None:
    assert m.ndcg_at_k(["a", "x"], {"a"}) == 1.0
    assert m.ndcg_at_k(["x", "y", "a"], {"a"}) == pytest.approx(0.5)  # 1 / log2(4)
    assert m.ndcg_at_k(["x", "x", "a"], {"a"}) == pytest.approx(1 / math.log2(3))


def test_ndcg_two_relevant_by_hand() -> None:
    # DCG = 1/log2(3) + 1/log2(5) = 0.63093 + 0.43068 = 1.06161
    # IDCG = 1/log2(2) + 1/log2(3) = 1.63093  →  nDCG = 0.65092
    assert m.ndcg_at_k(["x", "a", "y", "b"], {"a", "b"}) == pytest.approx(0.65092, abs=1e-5)


def test_ndcg_cut_off_at_k() -> None:
    ranked = [f"d{i}" for i in range(10)] + ["a"]
    assert m.ndcg_at_k(ranked, {"a"}, 10) == 0.0
    assert m.ndcg_at_k(ranked, {"a"}, 11) == pytest.approx(1 / math.log2(12))


def test_ndcg_needs_a_relevant_document() -> None:
    with pytest.raises(ValueError, match="relevant"):
        m.ndcg_at_k(["a"], set())


def test_fact_found_ignores_case_markers_and_line_breaks() -> None:
    answer = "Marie Wilén (C), kommunalråd [1] … Här är målet att fler\nkvinnor [2] ska delta."
    assert m.fact_found("marie wilén", answer)
    assert m.fact_found("KOMMUNALRÅD", answer)
    assert m.fact_found("fler kvinnor ska", answer)  # "[2]" and the line break do not split it
    assert not m.fact_found("Marie Wilen", answer)  # å/ä/ö/é are never folded


def test_fact_found_regex() -> None:
    assert m.fact_found("re:tisdag", "Det var vid en ceremoni på tisdagen")
    assert m.fact_found(r"re:\(C\)|Centerpartiet", "Marie Wilén (C)")
    assert m.fact_found("re:12 (månader|months)", "arbetslösa 12 MÅNADER eller längre")
    assert not m.fact_found("re:^tisdag", "på tisdagen")


def test_key_fact_recall() -> None:
    assert m.key_fact_recall(["lokal utveckling", "re:nyanlända", "OSA"], "Lokal utveckling") == (
        pytest.approx(1 / 3)
    )
    assert m.key_fact_recall(["a", "re:b+"], "xx bbb a") == 1.0
    assert m.key_fact_recall([], "anything") is None


def test_citation_precision() -> None:
    assert m.citation_precision(["heby", "uppsala"], {"heby"}) == 0.5
    assert m.citation_precision(["heby"], {"heby", "uppsala"}) == 1.0
    assert m.citation_precision([], {"heby"}) is None


def test_citations_valid() -> None:
    assert m.citations_valid([1, 2], {1, 2, 3})
    assert not m.citations_valid([1, 4], {1, 2, 3})
    assert m.citations_valid([], set())


def test_abstention_rates() -> None:
    assert m.abstention_accuracy([True, True, False, True]) == 0.75
    assert m.false_abstention_rate([False, False, True]) == pytest.approx(1 / 3)
    assert m.abstention_accuracy([]) is None
    assert m.false_abstention_rate([]) is None


def test_mean_skips_none() -> None:
    assert m.mean([1.0, None, 0.0]) == 0.5
    assert m.mean([None]) is None


def test_percentile_linear_between_ranks() -> None:
    values = [400.0, 100.0, 300.0, 200.0]
    assert m.percentile(values, 50) == 250.0
    assert m.percentile(values, 95) == pytest.approx(385.0)  # 300 + 0.85 × 100
    assert m.percentile(values, 0) == 100.0
    assert m.percentile(values, 100) == 400.0
    assert m.percentile([7.0], 95) == 7.0
    assert m.percentile([], 50) is None
    with pytest.raises(ValueError, match="between 0 and 100"):
        m.percentile(values, 101)


def test_removed_citation_share() -> None:
    assert m.removed_citation_share([1, 0, 2], [1, 3, 0]) == 3 / 7
    assert m.removed_citation_share([0], [2]) == 0.0
    assert m.removed_citation_share([], []) is None  # nothing cited: nothing to measure
