"""BM25 over the stored chunks: Swedish stems and stop words, and character 5-grams
(bm25s + PyStemmer).

The index is derived from the Chroma collection, never a second source of truth: it is
rebuilt whenever the store's revision changes.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from typing import Literal

import bm25s
import numpy as np

from assistant.index.store import ChunkStore
from assistant.records import Chunk
from assistant.scope.scoping import document_keys
from assistant.swedish import char_grams, content_stems

# bm25s sets its own logger to DEBUG on import ("Building index from tokens" on every start).
logging.getLogger("bm25s").setLevel(logging.WARNING)


Tokenizer = Callable[[str], list[str]]
LexicalKind = Literal["words", "chars"]


class _Bm25:
    """Okapi BM25 over texts cut into terms by one tokenizer."""

    def __init__(self, texts: Sequence[str], tokenize: Tokenizer) -> None:
        self._tokenize = tokenize
        self._bm25 = bm25s.BM25()
        if texts:
            self._bm25.index([tokenize(t) or ["\x00"] for t in texts], show_progress=False)
        self._empty = not texts

    def scores(self, query: str) -> np.ndarray | None:
        if self._empty:
            return None
        terms = [t for t in self._tokenize(query) if t in self._bm25.vocab_dict]
        if not terms:
            return None
        return np.asarray(self._bm25.get_scores(terms), dtype=np.float64)


class LexicalIndex:
    """BM25 over ``Chunk.indexed_text``, twice: over Swedish word stems ("words") and over
    character 5-grams ("chars", which match inside compounds; SweFAQ: docs/evaluation.md)."""

    def __init__(self, chunks: Sequence[Chunk]) -> None:
        self.chunks = list(chunks)
        self.versions = {c.doc_id: c.content_hash for c in self.chunks}
        self.keys = [frozenset(document_keys(c.meta)) for c in self.chunks]
        texts = [c.indexed_text for c in self.chunks]
        self._indexes: dict[LexicalKind, _Bm25] = {
            "words": _Bm25(texts, content_stems),
            "chars": _Bm25(texts, char_grams),
        }

    def search(
        self,
        query: str,
        n: int,
        keys: Sequence[str] = (),
        kind: LexicalKind = "words",
        doc_ids: Sequence[str] = (),
    ) -> list[tuple[Chunk, float]]:
        """The ``n`` best chunks; only those whose scope has one of ``keys`` and (when given)
        of the documents ``doc_ids``."""
        scores = self._indexes[kind].scores(query)
        if scores is None:
            return []
        allowed = set(keys)
        docs = set(doc_ids)
        order = np.argsort(-scores, kind="stable")
        hits: list[tuple[Chunk, float]] = []
        for i in order:
            if scores[i] <= 0 or len(hits) >= n:
                break
            chunk = self.chunks[int(i)]
            if (not allowed or allowed & self.keys[int(i)]) and (not docs or chunk.doc_id in docs):
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
