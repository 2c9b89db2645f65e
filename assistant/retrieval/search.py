"""Hybrid retrieval: dense (Chroma) + BM25 over word stems + BM25 over character 5-grams of
the same chunks, fused by standardised score (default) or by reciprocal rank.

``HybridSearch`` is the engine; ``HybridRetriever`` exposes it as a LangChain retriever.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.index.lexical import SyncedLexicalIndex
from assistant.index.store import ChunkStore
from assistant.records import Chunk, DocumentMeta, Hit
from assistant.scope.scoping import NATIONAL, Place

Mode = Literal["hybrid", "dense", "lexical", "chars"]
FusionMethod = Literal["zscore", "rrf"]
Scored = Sequence[tuple[Chunk, float]]


@dataclass(frozen=True)
class Rankings:
    """What each retriever returned, best first: dense (Chroma), BM25 over word stems, BM25
    over character 5-grams. A side that was not asked is empty."""

    dense: Scored = ()
    words: Scored = ()
    chars: Scored = ()


@dataclass(frozen=True)
class Fusion:
    """How many candidates each side contributes and how the rankings are combined.

    ``zscore`` (default): each side's scores standardised over its candidates, weighted
    ``dense_weight`` : ``1 - dense_weight - chars_weight`` (word BM25) : ``chars_weight``.
    Measured on SweFAQ (docs/evaluation.md): 0.6 / 0.2 / 0.2 gives nDCG@10 0.830 on dev and
    0.705 on the test split, against 0.799 / 0.681 for dense and word BM25 alone (0.7 / 0.3).
    """

    candidates: int = 30
    rrf_k: int = 60
    method: FusionMethod = "zscore"
    dense_weight: float = 0.6
    chars_weight: float = 0.2

    @property
    def words_weight(self) -> float:
        return max(0.0, 1.0 - self.dense_weight - self.chars_weight)

    def fuse(self, found: Rankings) -> list[Hit]:
        if self.method == "rrf":
            return reciprocal_rank_fusion(found, self.rrf_k)
        weights = (self.dense_weight, self.words_weight, self.chars_weight)
        return zscore_fusion(found, weights)


def _sides(found: Rankings) -> tuple[Scored, Scored, Scored]:
    return (found.dense, found.words, found.chars)


def _hits(found: Rankings, fused: dict[str, float]) -> list[Hit]:
    """Chunks by fused score (ties by id), each with its rank on every side."""
    by_id = {c.chunk_id: c for side in _sides(found) for c, _ in side}
    ranks = [{c.chunk_id: r for r, (c, _) in enumerate(side, start=1)} for side in _sides(found)]
    ordered = sorted(fused, key=lambda cid: (-fused[cid], cid))
    return [
        Hit(by_id[cid], fused[cid], ranks[0].get(cid), ranks[1].get(cid), ranks[2].get(cid))
        for cid in ordered
    ]


def zscore_fusion(found: Rankings, weights: tuple[float, float, float]) -> list[Hit]:
    """Fuse by score: z = (score - mean) / sd over each side's candidates, then the weighted
    sum of the sides' z. A chunk one side did not return counts as that side's lowest
    candidate."""
    fused = {c.chunk_id: 0.0 for side in _sides(found) for c, _ in side}
    for ranking, weight in zip(_sides(found), weights, strict=True):
        if not ranking or weight == 0:
            continue
        values = [score for _, score in ranking]
        mean, sd = statistics.fmean(values), statistics.pstdev(values) or 1.0
        z = {c.chunk_id: (score - mean) / sd for c, score in ranking}
        floor = min(z.values())
        for cid in fused:
            fused[cid] += weight * z.get(cid, floor)
    return _hits(found, fused)


def reciprocal_rank_fusion(found: Rankings, rrf_k: int) -> list[Hit]:
    """Fuse the rankings: score = Σ 1 / (rrf_k + rank), ranks counted from 1."""
    fused: dict[str, float] = {}
    for ranking in _sides(found):
        for rank, (chunk, _) in enumerate(ranking, start=1):
            fused[chunk.chunk_id] = fused.get(chunk.chunk_id, 0.0) + 1.0 / (rrf_k + rank)
    return _hits(found, fused)


class HybridSearch:
    """Search the store densely and lexically, optionally within the scope of places."""

    def __init__(self, store: ChunkStore, fusion: Fusion | None = None, mode: Mode = "hybrid"):
        self.store = store
        self.fusion = fusion or Fusion()
        self.mode = mode
        self.lexical = SyncedLexicalIndex(store)

    def search(
        self,
        query: str,
        k: int,
        places: Sequence[Place] = (),
        national: bool = True,
        doc_ids: Sequence[str] = (),
    ) -> list[Hit]:
        """The ``k`` best chunks about ``places`` (all documents when none); every document
        appears in one version only (versions.py) and of near-duplicates only one.

        One place: its own documents, its region's and bodies', and (``national``) the
        national texts. Two or more (a comparison, "… i Heby och Uppsala"): each place gets
        its share of the ``k`` from a search of its own documents, best first in turn — one
        place's documents would otherwise take every place, and national texts answer
        for neither. ``doc_ids``: only these documents (the newest of a place, timeline.py)."""
        if doc_ids:
            return self._search(query, k, [], doc_ids)
        if len(places) < 2:
            keys = places[0].search_keys(national) if places else []
            hits = self._search(query, k, keys)
            if places and national and hits and all(h.chunk.meta.national for h in hits):
                # National texts outranked every text of the place ("har uppsala och af hunnit
                # skriva på …?" matches their general wording): its best chunk takes the last
                # place, so that what the place's own documents say is weighed at all.
                own = self._search(query, 1, places[0].search_keys(national=False))
                hits = collapse_duplicates([*hits[: k - 1], *own])
            return hits
        share = -(-k // len(places))
        per_place = [self._search(query, share, p.search_keys(national=False)) for p in places]
        interleaved = [hits[i] for i in range(share) for hits in per_place if i < len(hits)]
        return collapse_duplicates(interleaved)[:k]

    def _search(
        self, query: str, k: int, keys: Sequence[str], doc_ids: Sequence[str] = ()
    ) -> list[Hit]:
        n = max(k, self.fusion.candidates)
        snapshot = self.lexical.current()
        dense: list[tuple[Chunk, float]] = []
        if self.mode in ("hybrid", "dense"):
            vector = self.store.embedder.embed_query(query)
            found = self.store.dense_search(vector, n, keys, doc_ids)
            if any(snapshot.versions.get(c.doc_id) != c.content_hash for c, _ in found):
                snapshot = self.lexical.current(force=True)  # a write is under way or done
            dense = [(c, s) for c, s in found if snapshot.versions.get(c.doc_id) == c.content_hash]
        fusion = self.fusion
        words: Scored = ()
        if self.mode == "lexical" or (self.mode == "hybrid" and fusion.words_weight > 0):
            words = snapshot.search(query, n, keys, "words", doc_ids)
        chars: Scored = ()
        if self.mode == "chars" or (self.mode == "hybrid" and fusion.chars_weight > 0):
            chars = snapshot.search(query, n, keys, "chars", doc_ids)
        if self.mode != "hybrid":  # one retriever alone: its own ranking, whatever the weights
            fused = zscore_fusion(Rankings(dense, words, chars), (1.0, 1.0, 1.0))
        else:
            fused = fusion.fuse(Rankings(dense, words, chars))
        return collapse_duplicates(fused)[:k]

    def chunk_after(self, chunk: Chunk) -> Chunk | None:
        """The chunk that follows ``chunk`` in its document (a list may go on there)."""
        return self.lexical.current().chunk_after(chunk)

    def catalog(self) -> list[DocumentMeta]:
        """Every stored document's metadata (its current version), by id."""
        return self.lexical.current().catalog()

    def covered(self) -> set[str]:
        """The scope keys that at least one stored document has."""
        return set(self.lexical.current().covered())

    def documents_about(self, keys: Sequence[str]) -> list[DocumentMeta]:
        """The stored documents whose scope has one of ``keys`` (scoping.py), by id."""
        return self.lexical.current().documents_about(keys)

    def related(self, doc_ids: Sequence[str]) -> list[DocumentMeta]:
        """The documents that share a kommun or region with one of ``doc_ids`` (national
        texts aside), those included: all that a newer-document check reads."""
        index = self.lexical.current()
        return index.documents_about(sorted(index.scope_of(doc_ids) - {NATIONAL}))

    def as_langchain(self, k: int = 6) -> HybridRetriever:
        return HybridRetriever(search=self, k=k)


def collapse_duplicates(hits: Sequence[Hit]) -> list[Hit]:
    """The hits without the chunks of a near-duplicate of a document ranked higher: two
    copies of one text are one source, not two confirmations."""
    family_doc: dict[str, str] = {}
    kept: list[Hit] = []
    for hit in hits:
        meta = hit.chunk.meta
        family = meta.duplicate_of or meta.doc_id
        first = family_doc.setdefault(family, meta.doc_id)
        if first == meta.doc_id:
            kept.append(hit)
    return kept


class HybridRetriever(BaseRetriever):
    """LangChain face of :class:`HybridSearch`; metadata carries our chunk fields."""

    search: HybridSearch
    k: int = 6
    places: tuple[Place, ...] = ()

    model_config = ConfigDict(arbitrary_types_allowed=True)

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        return [to_document(hit) for hit in self.search.search(query, self.k, self.places)]


def to_document(hit: Hit) -> Document:
    chunk = hit.chunk
    return Document(
        id=chunk.chunk_id,
        page_content=chunk.text,
        metadata={
            "chunk_id": chunk.chunk_id,
            "doc_id": chunk.doc_id,
            "title": chunk.meta.title,
            "kommuner": list(chunk.meta.kommuner),
            "region": chunk.meta.region,
            "national": chunk.meta.national,
            "scope": chunk.meta.scope_label,
            "date": chunk.meta.date,
            "doc_type": chunk.meta.doc_type,
            "heading": chunk.heading,
            "score": hit.score,
        },
    )
