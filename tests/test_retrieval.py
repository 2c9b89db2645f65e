"""Fusion of the dense and lexical rankings (pure logic over our records)."""

from assistant.records import Chunk, DocumentMeta
from assistant.retrieval import reciprocal_rank_fusion, zscore_fusion

META = DocumentMeta("d", "Titel")


def _chunk(n: int) -> Chunk:
    return Chunk("d", n, f"text {n}", META, content_hash="h")


def test_rrf_rewards_agreement() -> None:
    a, b, c = _chunk(1), _chunk(2), _chunk(3)
    hits = reciprocal_rank_fusion([a, b], [b, c], rrf_k=60)
    assert [h.chunk.number for h in hits] == [2, 1, 3]
    assert (hits[0].dense_rank, hits[0].lexical_rank) == (2, 1)


def test_zscore_weights_the_dense_side() -> None:
    a, b, c = _chunk(1), _chunk(2), _chunk(3)
    dense = [(a, 0.90), (b, 0.80), (c, 0.70)]
    lexical = [(c, 9.0), (b, 5.0), (a, 1.0)]
    assert [h.chunk.number for h in zscore_fusion(dense, lexical, 0.7)] == [1, 2, 3]
    assert [h.chunk.number for h in zscore_fusion(dense, lexical, 0.3)] == [3, 2, 1]


def test_zscore_missing_side_counts_as_its_lowest() -> None:
    a, b = _chunk(1), _chunk(2)
    hits = zscore_fusion([(a, 0.9), (b, 0.5)], [(b, 3.0)], 0.5)
    assert [h.chunk.number for h in hits] == [1, 2]
    assert hits[1].lexical_rank == 1 and hits[0].lexical_rank is None
