"""BM25 over the stored chunks: Swedish stems and stop words, and character 5-grams
(bm25.py + PyStemmer).

The index is derived from the Chroma collection, never a second source of truth. At the
first question it is loaded from its snapshot on disk (``ChunkStore.cache_path``) or, when
there is none, built from every chunk once and saved; afterwards, and right after a load,
whenever the store's revision changes only the documents whose current version changed are
read, indexed or dropped (``SyncedLexicalIndex``), so an added document is searchable at once
and a removed one gone. A snapshot of any age is therefore safe to load: it only saves the
reading and tokenizing of the documents that did not change since it was written.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np

from assistant.index.bm25 import Bm25Index
from assistant.index.store import ChunkStore, VersionHead, release_freed_memory
from assistant.records import Chunk, DocumentMeta
from assistant.scope.scoping import document_keys
from assistant.swedish import STOP_WORDS, char_grams, content_stems

LexicalKind = Literal["words", "chars"]
log = logging.getLogger(__name__)
BATCH_CHUNKS = 2000  # chunks tokenized at once when many documents are indexed together
_SNAPSHOT_FORMAT = 2
_PROBE = "Arbetsförmedlingens samverkansöverenskommelser med kommunerna, för unga och nyanlända."


def tokenizer_fingerprint() -> str:
    """Changes whenever tokenizing changes (stems, stop words, n-grams): a snapshot written
    with other tokens is rebuilt instead of loaded."""
    parts = [*sorted(STOP_WORDS), "|", *content_stems(_PROBE), "|", *char_grams(_PROBE)]
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:16]


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
        self._by_key: dict[str, set[str]] = {}  # scope key → doc_ids that have it
        self._derived: dict[object, Any] = {}  # catalog, coverage, scope masks: until a change
        self.stamp: tuple[int, int] | None = None  # loaded from a snapshot: what it reflects
        self.versions: dict[str, str] = {}  # doc_id → content hash; replaced, never mutated
        by_doc: dict[str, list[Chunk]] = {}
        for chunk in chunks:
            by_doc.setdefault(chunk.doc_id, []).append(chunk)
        self._add_many(by_doc)

    _STATE = ("_indexes", "_slots", "_ranges", "_metas", "_keys", "_by_key", "versions")

    def save(self, path: Path, stamp: tuple[int, int] | None = None) -> None:
        """Write the index to ``path`` (atomically: a reader sees the old file or the new);
        ``stamp``: the store's (revision, chunk count) the index is known to reflect."""
        with self._lock:
            state = {name: getattr(self, name) for name in self._STATE}
            saved = {"format": _SNAPSHOT_FORMAT, "tokens": tokenizer_fingerprint()}
            data = pickle.dumps(
                saved | {"stamp": stamp, "state": state}, protocol=pickle.HIGHEST_PROTOCOL
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_name(f"{path.name}.{os.getpid()}.part")
        part.write_bytes(data)
        os.replace(part, path)

    @classmethod
    def load(cls, path: Path) -> LexicalIndex | None:
        """The index saved at ``path``; None when there is none, it cannot be read, or it
        was written by another format or tokenizer (the caller builds instead)."""
        if not path.exists():
            return None
        try:
            with path.open("rb") as f:
                saved: dict[str, Any] = pickle.load(f)  # our own cache file, never a download
        except Exception:  # a cache: whatever is wrong with it, build instead
            log.warning("The lexical snapshot %s could not be read; building instead", path)
            return None
        if saved.get("format") != _SNAPSHOT_FORMAT or saved.get("tokens") != (
            tokenizer_fingerprint()
        ):
            return None
        index = cls()
        for name in cls._STATE:
            setattr(index, name, saved["state"][name])
        index._derived = {}
        index.stamp = saved.get("stamp")
        return index

    def catalog(self) -> list[DocumentMeta]:
        """Every indexed document's metadata, by id (kept until the index changes)."""
        with self._lock:
            if "catalog" not in self._derived:
                self._derived["catalog"] = [self._metas[d] for d in sorted(self._metas)]
            return list(self._derived["catalog"])

    def covered(self) -> frozenset[str]:
        """The scope keys that at least one indexed document has."""
        with self._lock:
            if "covered" not in self._derived:
                self._derived["covered"] = frozenset(k for k, d in self._by_key.items() if d)
            return frozenset(self._derived["covered"])

    def scope_of(self, doc_ids: Sequence[str]) -> set[str]:
        """The scope keys of the documents ``doc_ids`` (those indexed)."""
        with self._lock:
            return {k for d in doc_ids for k in self._keys.get(d, ())}

    def documents_about(self, keys: Sequence[str]) -> list[DocumentMeta]:
        """The documents whose scope has one of ``keys``, by id: found through the scope
        keys, not by reading every document."""
        with self._lock:
            found = set().union(*(self._by_key.get(k, set()) for k in keys))
            return [self._metas[d] for d in sorted(found)]

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
        """Index whole documents, about ``BATCH_CHUNKS`` chunks per segment (a text's
        tokens, a few hundred strings each, exist only while its batch is indexed), then
        merge the segments."""
        batch: dict[str, list[Chunk]] = {}
        size = 0
        for doc_id, doc in by_doc.items():
            batch[doc_id] = doc
            size += len(doc)
            if size >= BATCH_CHUNKS:
                self._add_batch(batch)
                batch, size = {}, 0
        self._add_batch(batch)
        if any(ix.needs_compacting() for ix in self._indexes.values()):
            self._compact()

    def _add_batch(self, by_doc: dict[str, list[Chunk]]) -> None:
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
            for key in self._keys[doc_id]:
                self._by_key.setdefault(key, set()).add(doc_id)
            versions[doc_id] = doc[0].content_hash
        self._slots.extend(chunks)
        self.versions = versions
        self._derived.clear()

    def _drop(self, doc_id: str) -> None:
        if doc_id not in self._ranges:
            return
        start, stop = self._ranges.pop(doc_id)
        for ix in self._indexes.values():
            ix.remove(start, stop)
        self._slots[start:stop] = [None] * (stop - start)
        for key in self._keys[doc_id]:
            self._by_key[key].discard(doc_id)
        del self._metas[doc_id], self._keys[doc_id]
        self._derived.clear()

    def _compact(self) -> None:
        new_slot = np.zeros(0, dtype=np.int64)
        for ix in self._indexes.values():
            new_slot = ix.compact()
        self._slots = [c for c in self._slots if c is not None]
        self._ranges = {
            d: (int(new_slot[a]), int(new_slot[a]) + b - a) for d, (a, b) in self._ranges.items()
        }
        self._derived.clear()

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
        """The slots a search may return: the scope filter, applied before any ranking. Found
        through the scope keys (the work grows with the documents in scope, not the store)
        and kept for the next search of the same scope until the index changes."""
        cache_key = ("allowed", tuple(sorted(keys)), tuple(sorted(doc_ids)))
        cached = self._derived.get(cache_key)
        if cached is not None:
            return cached  # type: ignore[no-any-return]
        size = len(self._slots)
        if not keys and not doc_ids:
            allowed = np.ones(size, dtype=bool)
        else:
            docs = set(doc_ids) if doc_ids else set(self._ranges)
            if keys:
                docs &= set().union(*(self._by_key.get(k, set()) for k in keys))
            allowed = np.zeros(size, dtype=bool)
            for doc_id in docs:
                start, stop = self._ranges.get(doc_id, (0, 0))
                allowed[start:stop] = True
        if len(self._derived) > 256:  # many scopes asked between two changes: start over
            self._derived.clear()
        self._derived[cache_key] = allowed
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

    ``builds`` counts full builds from every chunk (at most one per process: none when a
    snapshot loads); ``loads`` counts snapshots loaded. The snapshot is written after a
    build, and again once the documents changed since it was written pass ``resave_share``
    of all (so a restart re-reads few), from a background thread."""

    def __init__(self, store: ChunkStore, snapshot: bool = True, resave_share: float = 0.05):
        self._store = store
        self._snapshot = snapshot
        self._resave_share = resave_share
        self._lock = threading.Lock()
        self._revision = -1
        self._index: LexicalIndex | None = None
        self._changed = 0  # documents synced since the snapshot was written
        self.builds = 0
        self.loads = 0
        store.watch(self._written)

    def current(self, force: bool = False) -> LexicalIndex:
        """The index for the store's current revision (``force``: re-read the store anyway)."""
        revision = self._store.revision()
        with self._lock:
            if self._index is None:
                self._index = self._open()
            elif force or revision != self._revision:
                self._changed += self._sync(self._index)
                if self._snapshot and self._changed > self._resave_share * max(
                    1, len(self._index.versions)
                ):
                    self._changed = 0
                    stamp = (revision, self._store.count())
                    threading.Thread(
                        target=self._save, args=(self._index, stamp), daemon=True
                    ).start()
            self._revision = revision
            return self._index

    def _written(self, doc_id: str, content_hash: str) -> None:
        """This process wrote ``doc_id`` (its new version, or "" removed). When the store's
        revision is the very next after the one the index reflects, that write was the only
        change: index the document alone, without reading every version head. Otherwise the
        next question catches up as usual."""
        revision = self._store.revision()
        with self._lock:
            if self._index is None or revision != self._revision + 1:
                return
            chunks = self._store.version_chunks(doc_id, content_hash) if content_hash else []
            self._index.replace(doc_id, chunks)
            self._revision = revision
            self._changed += 1

    def _open(self) -> LexicalIndex:
        """Load the snapshot and catch up with the store (no reading at all when the store's
        revision and chunk count are still those it was saved at), or build and save."""
        stamp = (self._store.revision(), self._store.count())  # read before, never after
        path = self._store.cache_path("lexical")
        loaded = LexicalIndex.load(path) if self._snapshot else None
        if loaded is not None:
            self.loads += 1
            if loaded.stamp != stamp:
                self._changed = self._sync(loaded)
            return loaded
        index = LexicalIndex(self._store.all_chunks())
        self.builds += 1
        release_freed_memory()  # the tokens of every chunk, freed
        if self._snapshot:
            self._save(index, stamp)
        return index

    def _save(self, index: LexicalIndex, stamp: tuple[int, int]) -> None:
        path = self._store.cache_path("lexical")
        try:
            index.save(path, stamp)
        except OSError as exc:  # a cache only: the next process builds instead of loading
            log.warning("Could not save the lexical index to %s: %s", path, exc)

    def _stable_heads(self) -> list[VersionHead]:
        """The store's version heads, read again when a write finished while they were read
        a page at a time (a delete moves later records to earlier pages). A write still
        under way is seen at the next question, by its new revision."""
        for _ in range(3):
            before = self._store.revision()
            heads = self._store.version_heads()
            if self._store.revision() == before:
                break
        return heads

    def _sync(self, index: LexicalIndex) -> int:
        """Bring changed documents up to date: per document, its newest complete version
        (as ``versions.current_versions`` chooses), read only when the index lacks it.
        Returns how many documents changed."""
        heads: dict[str, list[VersionHead]] = {}
        for head in self._stable_heads():
            heads.setdefault(head.doc_id, []).append(head)
        changed = 0
        for doc_id in set(index.versions) - set(heads):
            index.replace(doc_id, [])
            changed += 1
        for doc_id, versions in heads.items():
            for head in sorted(versions, key=lambda h: (h.added_at, h.content_hash), reverse=True):
                if index.versions.get(doc_id) == head.content_hash:
                    break
                chunks = self._store.version_chunks(doc_id, head.content_hash)
                if head.expected == 0 or len(chunks) >= head.expected:
                    index.replace(doc_id, chunks)
                    changed += 1
                    break
            else:  # no complete version (the indexed one is gone too): readers see none
                if doc_id in index.versions:
                    index.replace(doc_id, [])
                    changed += 1
        return changed
