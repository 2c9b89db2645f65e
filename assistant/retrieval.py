"""Hybrid retrieval: dense (Chroma) + BM25 over the same chunks, fused by reciprocal rank.

``HybridSearch`` is the engine; ``HybridRetriever`` exposes it as a LangChain retriever.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.lexical import SyncedLexicalIndex
from assistant.records import Chunk, Hit
from assistant.store import ChunkStore

Mode = Literal["hybrid", "dense", "lexical"]


@dataclass(frozen=True)
class Fusion:
    """How many candidates each side contributes and the RRF constant."""

    candidates: int = 30
    rrf_k: int = 60


def reciprocal_rank_fusion(
    dense: Sequence[Chunk], lexical: Sequence[Chunk], rrf_k: int
) -> list[Hit]:
    """Fuse two rankings: score = Σ 1 / (rrf_k + rank), ranks counted from 1."""
    scores: dict[str, float] = {}
    by_id: dict[str, Chunk] = {}
    ranks: dict[str, dict[str, int]] = {}
    for side, ranking in (("dense", dense), ("lexical", lexical)):
        for rank, chunk in enumerate(ranking, start=1):
            cid = chunk.chunk_id
            by_id.setdefault(cid, chunk)
            scores[cid] = scores.get(cid, 0.0) + 1.0 / (rrf_k + rank)
            ranks.setdefault(cid, {})[side] = rank
    ordered = sorted(scores, key=lambda cid: (-scores[cid], cid))
    return [
        Hit(
            chunk=by_id[cid],
            score=scores[cid],
            dense_rank=ranks[cid].get("dense"),
            lexical_rank=ranks[cid].get("lexical"),
        )
        for cid in ordered
    ]


class HybridSearch:
    """Search the store densely and lexically, optionally within a set of kommuner."""

    def __init__(self, store: ChunkStore, fusion: Fusion | None = None, mode: Mode = "hybrid"):
        self.store = store
        self.fusion = fusion or Fusion()
        self.mode = mode
        self._lexical = SyncedLexicalIndex(store)

    def search(self, query: str, k: int, kommuner: Sequence[str] = ()) -> list[Hit]:
        """The ``k`` best chunks; every document appears in one version only (versions.py)."""
        n = max(k, self.fusion.candidates)
        snapshot = self._lexical.current()
        dense: list[Chunk] = []
        if self.mode in ("hybrid", "dense"):
            vector = self.store.embedder.embed_query(query)
            found = [c for c, _ in self.store.dense_search(vector, n, kommuner)]
            if any(snapshot.versions.get(c.doc_id) != c.content_hash for c in found):
                snapshot = self._lexical.current(force=True)  # a write is under way or done
            dense = [c for c in found if snapshot.versions.get(c.doc_id) == c.content_hash]
        lexical: list[Chunk] = []
        if self.mode in ("hybrid", "lexical"):
            lexical = [c for c, _ in snapshot.search(query, n, kommuner)]
        return reciprocal_rank_fusion(dense, lexical, self.fusion.rrf_k)[:k]

    def kommuner(self) -> set[str]:
        """Kommuner that have at least one stored document."""
        return {c.meta.kommun for c in self._lexical.current().chunks if c.meta.kommun}

    def as_langchain(self, k: int = 6) -> HybridRetriever:
        return HybridRetriever(search=self, k=k)


class HybridRetriever(BaseRetriever):
    """LangChain face of :class:`HybridSearch`; metadata carries our chunk fields."""

    search: HybridSearch
    k: int = 6
    kommuner: tuple[str, ...] = ()

    model_config = ConfigDict(arbitrary_types_allowed=True)

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        return [to_document(hit) for hit in self.search.search(query, self.k, self.kommuner)]


def to_document(hit: Hit) -> Document:
    chunk = hit.chunk
    return Document(
        id=chunk.chunk_id,
        page_content=chunk.text,
        metadata={
            "chunk_id": chunk.chunk_id,
            "doc_id": chunk.doc_id,
            "title": chunk.meta.title,
            "kommun": chunk.meta.kommun,
            "date": chunk.meta.date,
            "doc_type": chunk.meta.doc_type,
            "heading": chunk.heading,
            "score": hit.score,
        },
    )
