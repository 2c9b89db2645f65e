"""BM25 over the stored chunks with Swedish stemming and stop words (bm25s + PyStemmer).

The index is derived from the Chroma collection, never a second source of truth: it is
rebuilt whenever the store's revision changes.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence

import bm25s
import numpy as np

from assistant.records import Chunk
from assistant.store import ChunkStore
from assistant.swedish import content_stems

# bm25s sets its own logger to DEBUG on import ("Building index from tokens" on every start).
logging.getLogger("bm25s").setLevel(logging.WARNING)


class LexicalIndex:
    """Okapi BM25 over ``Chunk.indexed_text``."""

    def __init__(self, chunks: Sequence[Chunk]) -> None:
        self.chunks = list(chunks)
        self.versions = {c.doc_id: c.content_hash for c in self.chunks}
        self._bm25 = bm25s.BM25()
        corpus = [content_stems(c.indexed_text) or ["\x00"] for c in self.chunks]
        if corpus:
            self._bm25.index(corpus, show_progress=False)

    def search(self, query: str, n: int, kommuner: Sequence[str] = ()) -> list[tuple[Chunk, float]]:
        terms = (
            [t for t in content_stems(query) if t in self._bm25.vocab_dict] if self.chunks else []
        )
        if not terms:
            return []
        scores = np.asarray(self._bm25.get_scores(terms), dtype=np.float64)
        allowed = set(kommuner)
        order = np.argsort(-scores, kind="stable")
        hits: list[tuple[Chunk, float]] = []
        for i in order:
            if scores[i] <= 0 or len(hits) >= n:
                break
            chunk = self.chunks[int(i)]
            if not allowed or chunk.meta.kommun in allowed:
                hits.append((chunk, float(scores[i])))
        return hits


class SyncedLexicalIndex:
    """A :class:`LexicalIndex` kept in step with the store's revision (thread-safe)."""

    def __init__(self, store: ChunkStore) -> None:
        self._store = store
        self._lock = threading.Lock()
        self._revision = -1
        self._index = LexicalIndex([])

    def current(self, force: bool = False) -> LexicalIndex:
        """The index for the store's current revision (``force``: re-read the store anyway)."""
        revision = self._store.revision()
        with self._lock:
            if force or revision != self._revision:
                self._index = LexicalIndex(self._store.all_chunks())
                self._revision = revision
            return self._index
