"""BM25 over the stored chunks: Swedish stems and stop words, and character 5-grams
(bm25.py + PyStemmer).

The index is derived from the Chroma collection, never a second source of truth. It is built
from every chunk once, at the first question; afterwards, whenever the store's revision
changes, only the documents whose current version changed are read, indexed or dropped
(``SyncedLexicalIndex``), so an added document is searchable at once and a removed one gone.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Literal

import numpy as np

from assistant.index.bm25 import Bm25Index
from assistant.index.store import ChunkStore, VersionHead
from assistant.records import Chunk, DocumentMeta
from assistant.scope.scoping import document_keys
from assistant.swedish import char_grams, content_stems

LexicalKind = Literal["words", "chars"]


class LexicalIndex:
    """BM25 over ``Chunk.indexed_text``, twice: over Swedish word stems ("words") and over
    character 5-grams ("chars", which match inside compounds; SweFAQ: docs/evaluation.md).
    Documents are added and removed one at a time (thread-safe)."""

    def __init__(self, chunks: Sequence[Chunk] = ()) -> None:
        self._lock = threading.RLock()
        self._indexes: dict[LexicalKind, Bm25Index] = {
            "words": Bm25Index(content_stems),
            "chars": Bm25Index(char_grams),
        }
        self._slots: list[Chunk | None] = []
        self._ranges: dict[str, tuple[int, int]] = {}  # doc_id → its slots (start, stop)
        self._metas: dict[str, DocumentMeta] = {}
        self._keys: dict[str, frozenset[str]] = {}
        self.versions: dict[str, str] = {}  # doc_id → content hash; replaced, never mutated
        by_doc: dict[str, list[Chunk]] = {}
        for chunk in chunks:
            by_doc.setdefault(chunk.doc_id, []).append(chunk)
        self._add_many(by_doc)

    def documents(self) -> dict[str, DocumentMeta]:
        """doc_id → metadata of every indexed document."""
        with self._lock:
            return dict(self._metas)

    def replace(self, doc_id: str, chunks: Sequence[Chunk]) -> None:
        """Index ``chunks`` as the document's only version (none: remove the document)."""
        with self._lock:
            self._drop(doc_id)
            if chunks:
                self._add_many({doc_id: list(chunks)})
            else:
                self.versions = {d: h for d, h in self.versions.items() if d != doc_id}
            if any(ix.needs_compacting() for ix in self._indexes.values()):
                self._compact()

    def _add_many(self, by_doc: dict[str, list[Chunk]]) -> None:
        """Index whole documents in one batch (one segment per kind)."""
        if not by_doc:
            return
        chunks = [c for doc in by_doc.values() for c in sorted(doc, key=lambda c: c.chunk_id)]
        texts = [c.indexed_text for c in chunks]
        starts = {ix.add(texts) for ix in self._indexes.values()}
        assert starts == {len(self._slots)}, "the two BM25 indexes out of step"
        versions = dict(self.versions)
        position = len(self._slots)
        for doc_id, doc in by_doc.items():
            self._ranges[doc_id] = (position, position + len(doc))
            position += len(doc)
            self._metas[doc_id] = doc[0].meta
            self._keys[doc_id] = frozenset(document_keys(doc[0].meta))
            versions[doc_id] = doc[0].content_hash
        self._slots.extend(chunks)
        self.versions = versions

    def _drop(self, doc_id: str) -> None:
        if doc_id not in self._ranges:
            return
        start, stop = self._ranges.pop(doc_id)
        for ix in self._indexes.values():
            ix.remove(start, stop)
        self._slots[start:stop] = [None] * (stop - start)
        del self._metas[doc_id], self._keys[doc_id]

    def _compact(self) -> None:
        new_slot = np.zeros(0, dtype=np.int64)
        for ix in self._indexes.values():
            new_slot = ix.compact()
        self._slots = [c for c in self._slots if c is not None]
        self._ranges = {
            d: (int(new_slot[a]), int(new_slot[a]) + b - a) for d, (a, b) in self._ranges.items()
        }

    def chunk_after(self, chunk: Chunk) -> Chunk | None:
        """The next chunk of the same document version, if there is one."""
        with self._lock:
            start, stop = self._ranges.get(chunk.doc_id, (0, 0))
            at = start + chunk.number + 1
            found = self._slots[at] if at < stop else None
        if found is None or found.content_hash != chunk.content_hash:
            return None
        return found if found.number == chunk.number + 1 else None

    def _allowed(self, keys: Sequence[str], doc_ids: Sequence[str]) -> np.ndarray:
        """The slots a search may return: the scope filter, applied before any ranking."""
        size = len(self._slots)
        if not keys and not doc_ids:
            return np.ones(size, dtype=bool)
        wanted, docs = set(keys), set(doc_ids)
        allowed = np.zeros(size, dtype=bool)
        for doc_id, (start, stop) in self._ranges.items():
            if (not wanted or wanted & self._keys[doc_id]) and (not docs or doc_id in docs):
                allowed[start:stop] = True
        return allowed

    def search(
        self,
        query: str,
        n: int,
        keys: Sequence[str] = (),
        kind: LexicalKind = "words",
        doc_ids: Sequence[str] = (),
    ) -> list[tuple[Chunk, float]]:
        """The ``n`` best chunks (ties by chunk id); only those whose scope has one of
        ``keys`` and (when given) of the documents ``doc_ids``."""
        with self._lock:
            if n < 1 or not self._slots:
                return []
            scores = self._indexes[kind].scores(query, self._allowed(keys, doc_ids))
            if scores is None:
                return []
            found = np.flatnonzero(scores > 0)
            if len(found) > n:  # the n best, and any tied with the n-th
                nth = np.partition(scores[found], len(found) - n)[len(found) - n]
                found = found[scores[found] >= nth]
            hits = [(self._slots[int(i)], float(scores[i])) for i in found]
        ranked = sorted(
            ((c, s) for c, s in hits if c is not None), key=lambda h: (-h[1], h[0].chunk_id)
        )
        return ranked[:n]


class SyncedLexicalIndex:
    """A :class:`LexicalIndex` kept in step with the store's revision (thread-safe).

    ``builds`` counts full builds from every chunk: one per process, at the first question."""

    def __init__(self, store: ChunkStore) -> None:
        self._store = store
        self._lock = threading.Lock()
        self._revision = -1
        self._index: LexicalIndex | None = None
        self.builds = 0

    def current(self, force: bool = False) -> LexicalIndex:
        """The index for the store's current revision (``force``: re-read the store anyway)."""
        revision = self._store.revision()
        with self._lock:
            if self._index is None:
                self._index = LexicalIndex(self._store.all_chunks())
                self.builds += 1
            elif force or revision != self._revision:
                self._sync(self._index)
            self._revision = revision
            return self._index

    def _sync(self, index: LexicalIndex) -> None:
        """Bring changed documents up to date: per document, its newest complete version
        (as ``versions.current_versions`` chooses), read only when the index lacks it."""
        heads: dict[str, list[VersionHead]] = {}
        for head in self._store.version_heads():
            heads.setdefault(head.doc_id, []).append(head)
        for doc_id in set(index.versions) - set(heads):
            index.replace(doc_id, [])
        for doc_id, versions in heads.items():
            for head in sorted(versions, key=lambda h: (h.added_at, h.content_hash), reverse=True):
                if index.versions.get(doc_id) == head.content_hash:
                    break
                chunks = self._store.version_chunks(doc_id, head.content_hash)
                if head.expected == 0 or len(chunks) >= head.expected:
                    index.replace(doc_id, chunks)
                    break
            else:  # no complete version (the indexed one is gone too): readers see none
                index.replace(doc_id, [])
