"""Fusion of the dense, word-BM25 and character-BM25 rankings (pure logic over our records),
and one retriever alone through a real store."""

from pathlib import Path

from assistant import Assistant
from assistant.index.lexical import LexicalIndex
from assistant.records import Chunk, DocumentMeta
from assistant.retrieval.search import (
    Fusion,
    HybridSearch,
    Rankings,
    reciprocal_rank_fusion,
    zscore_fusion,
)
from tests.conftest import make_settings

META = DocumentMeta("d", "Titel")


def _chunk(n: int) -> Chunk:
    return Chunk("d", n, f"text {n}", META, content_hash="h")


def test_rrf_rewards_agreement() -> None:
    a, b, c = _chunk(1), _chunk(2), _chunk(3)
    hits = reciprocal_rank_fusion(Rankings([(a, 1.0), (b, 0.5)], [(b, 2.0), (c, 1.0)]), rrf_k=60)
    assert [h.chunk.number for h in hits] == [2, 1, 3]
    assert (hits[0].dense_rank, hits[0].lexical_rank, hits[0].chars_rank) == (2, 1, None)


def test_zscore_weights_the_dense_side() -> None:
    a, b, c = _chunk(1), _chunk(2), _chunk(3)
    found = Rankings([(a, 0.90), (b, 0.80), (c, 0.70)], [(c, 9.0), (b, 5.0), (a, 1.0)])
    assert [h.chunk.number for h in zscore_fusion(found, (0.7, 0.3, 0.0))] == [1, 2, 3]
    assert [h.chunk.number for h in zscore_fusion(found, (0.3, 0.7, 0.0))] == [3, 2, 1]


def test_zscore_missing_side_counts_as_its_lowest() -> None:
    a, b = _chunk(1), _chunk(2)
    hits = zscore_fusion(Rankings([(a, 0.9), (b, 0.5)], [(b, 3.0)]), (0.5, 0.5, 0.0))
    assert [h.chunk.number for h in hits] == [1, 2]
    assert hits[1].lexical_rank == 1 and hits[0].lexical_rank is None


def test_character_side_can_outvote_the_others() -> None:
    a, b, c = _chunk(1), _chunk(2), _chunk(3)
    found = Rankings(
        dense=[(a, 0.90), (b, 0.89), (c, 0.70)],
        words=[(a, 2.0), (b, 1.9), (c, 0.1)],
        chars=[(b, 9.0), (a, 1.0), (c, 0.5)],
    )
    assert [h.chunk.number for h in zscore_fusion(found, (0.6, 0.2, 0.2))][:2] == [2, 1]
    assert [h.chunk.number for h in zscore_fusion(found, (0.6, 0.4, 0.0))][:2] == [1, 2]
    assert zscore_fusion(found, (0.6, 0.2, 0.2))[0].chars_rank == 1


def test_word_bm25_gets_what_the_other_weights_leave() -> None:
    assert abs(Fusion(dense_weight=0.6, chars_weight=0.2).words_weight - 0.2) < 1e-9
    assert Fusion(dense_weight=0.7, chars_weight=0.3).words_weight < 1e-9


def test_character_bm25_finds_a_word_inside_a_compound() -> None:
    """Real BM25: "ersättning" is inside "arbetslöshetsersättning"; word stems miss it."""
    chunks = [
        Chunk(
            "a", 0, "Du kan få arbetslöshetsersättning från din a-kassa.", META, content_hash="h"
        ),
        Chunk("b", 0, "Skolan börjar i augusti varje år.", META, content_hash="h"),
    ]
    index = LexicalIndex(chunks)
    assert index.search("Hur får jag ersättning?", 5, kind="words") == []
    found = index.search("Hur får jag ersättning?", 5, kind="chars")
    assert [c.doc_id for c, _ in found][:1] == ["a"]


def test_one_retriever_alone_keeps_its_ranking_whatever_the_weights(tmp_path: Path) -> None:
    """mode=chars with chars_weight=0 (or lexical with no weight left for it) still ranks."""
    settings = make_settings(tmp_path, dense_weight=0.8, chars_weight=0.2)
    assistant = Assistant(settings, mode="lexical")
    assistant.ensure_corpus()
    hits = assistant.search.search("kompetenshöjning i kommunsektorn", 3)
    assert hits and "kompetenshöjning" in hits[0].chunk.text
    chars = HybridSearch(assistant.store, Fusion(chars_weight=0.0), mode="chars")
    ranked = chars.search("kompetenshöjning i kommunsektorn", 3)
    assert ranked and "kompetenshöjning" in ranked[0].chunk.text
    assert ranked[0].score > ranked[-1].score
