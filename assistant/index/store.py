"""The vector-store seam: the only module that imports chromadb.

Chroma is the single source of truth for chunks. An embedded ``PersistentClient`` under
``data_dir`` by default; ``chroma_url`` switches to an ``HttpClient`` (the scale-out path).
Vectors always come from our embedder — never from Chroma's default embedding function.
"""

from __future__ import annotations

import base64
import ctypes
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings
from filelock import FileLock, Timeout

from assistant.errors import EmbedderMismatchError, OldStoreError, StoreError, StoreLockedError
from assistant.index.embeddings import Embedder, Matrix, Vector
from assistant.ingest.versions import current_versions
from assistant.records import Chunk, DocumentMeta
from assistant.scope.scoping import document_keys
from assistant.settings import Settings

# What each chunk's metadata records, and the version of that layout: a store written with
# another layout is refused at start with the command that rebuilds it.
SCHEMA_VERSION = 2
_TEXT_FIELDS = (
    "title",
    "region",
    "date",
    "valid_from",
    "valid_to",
    "doc_type",
    "publisher",
    "source",
    "url",
    "parties",
    "duplicate_of",
)
_FLAG_FIELDS = ("national", "until_further")
_VERSION_FIELDS = ("doc_id", "content_hash", "version_chunks", "added_at")  # versions.py reads
# The second collection, beside the chunks: their sentence vectors (ChunkStore.sentence_vectors).
SENTENCES_SUFFIX = "-sentences"


@dataclass(frozen=True)
class StoredDocument:
    meta: DocumentMeta
    chunks: int
    content_hash: str
    added_at: str  # ISO timestamp (UTC) of the ingest that wrote it
    signature: str = ""  # near-duplicate signature of its text (ingest/duplicates.py)


@dataclass(frozen=True)
class VersionHead:
    """The first chunk's record of one stored version of a document."""

    doc_id: str
    content_hash: str
    expected: int  # chunks in the version (0: written before versioning)
    added_at: str


def lock_data_dir(data_dir: Path) -> None:
    """Hold the embedded store for this process (released when it exits).

    A second process opening the same embedded Chroma directory can hang or fail with
    "database is locked" (Chroma issues #7040, #1108); it gets a clear message instead.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(data_dir / ".lock", thread_local=False, is_singleton=True, timeout=0)
    owner = data_dir / ".lock.owner"
    if lock.is_locked:  # this process holds it already
        return
    try:
        lock.acquire()
    except Timeout:
        who = owner.read_text(encoding="utf-8").strip() if owner.exists() else "another process"
        raise StoreLockedError(
            f"The store in {data_dir} is in use by {who}. Stop that program, use the web app's "
            "admin tab, point ASSISTANT_DATA_DIR at another directory, or run Chroma as a server "
            "(chroma run) and set ASSISTANT_CHROMA_URL so several programs can share it."
        ) from None
    owner.write_text(f"pid {os.getpid()} ({' '.join(sys.argv)[:200]})", encoding="utf-8")
    _HELD.append(lock)


_HELD: list[FileLock] = []  # kept referenced so the locks live as long as the process


def _client(settings: Settings) -> Any:
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        if not url.hostname:
            raise StoreError(
                f"chroma_url must look like http://host:port (got {settings.chroma_url!r}); "
                "set ASSISTANT_CHROMA_URL"
            )
        return chromadb.HttpClient(
            host=url.hostname,
            port=url.port or (443 if url.scheme == "https" else 8000),
            ssl=url.scheme == "https",
            settings=chroma_settings,
        )
    lock_data_dir(settings.data_dir)
    return chromadb.PersistentClient(
        path=str(settings.data_dir / "chroma"), settings=chroma_settings
    )


class ChunkStore:
    """Chunks of documents in one Chroma collection, embedded by one embedder."""

    def __init__(self, settings: Settings, embedder: Embedder, check_embedder: bool = True):
        self._embedder = embedder
        self._name = settings.collection
        self._data_dir = settings.data_dir
        # Told of each write this process makes (doc_id, content hash or "" when removed),
        # on an embedded store only: there this process is the only writer.
        self._watchers: list[Callable[[str, str], None]] = []
        self._embedded = settings.chroma_url is None
        where = settings.chroma_url or str(settings.data_dir)
        try:
            self._client = _client(settings)
            self._collection = self._open_collection()
            self._sentences = self._open_sentences()
        except StoreError:
            raise
        except Exception as exc:
            raise StoreError(f"Cannot open the Chroma store at {where}: {exc}") from exc
        if check_embedder:
            self._check_embedder(where)
            self._check_schema(where)

    def _open_collection(self) -> Any:
        return self._client.get_or_create_collection(
            self._name,
            embedding_function=None,
            configuration={"hnsw": {"space": "cosine"}},
            metadata={
                "embedder": self._embedder.name,
                "dim": self._embedder.dim,
                "revision": 0,
                "schema": SCHEMA_VERSION,
            },
        )

    def _open_sentences(self) -> Any:
        """The chunks' sentence vectors (the answerer's), one record per chunk id. Chroma
        needs a vector per record: a constant one, since these records are only read by id."""
        return self._client.get_or_create_collection(
            f"{self._name}{SENTENCES_SUFFIX}",
            embedding_function=None,
            metadata={"holds": f"sentence vectors of the chunks of {self._name}"},
        )

    def _check_schema(self, where: str) -> None:
        """A store written by an earlier version (one kommun per document, no scope keys)
        cannot be searched by scope: say so, with the command that rebuilds it."""
        schema = int((self._collection.metadata or {}).get("schema", 1))
        if schema != SCHEMA_VERSION and self.count() > 0:
            raise OldStoreError(
                f"The store at {where} was built by an earlier version of the assistant "
                f"(metadata layout {schema}, this version reads {SCHEMA_VERSION}). Rebuild it "
                "with `python -m ingest rebuild` (it re-reads corpus/; add other documents "
                "again afterwards), or point ASSISTANT_DATA_DIR at a new directory.",
                user_message=(
                    "Dokumentlagret byggdes av en äldre version. Kör `python -m ingest rebuild` "
                    "för att bygga om det."
                ),
            )

    def reset(self) -> None:
        """Drop every chunk and start an empty collection recorded with this embedder."""
        self._client.delete_collection(self._name)
        self._collection = self._open_collection()
        self._client.delete_collection(f"{self._name}{SENTENCES_SUFFIX}")
        self._sentences = self._open_sentences()

    def _check_embedder(self, where: str) -> None:
        built_with = (self._collection.metadata or {}).get("embedder")
        if built_with != self._embedder.name:
            raise EmbedderMismatchError(
                f"The store at {where} was built with embedder {built_with!r}, but this run uses "
                f"{self._embedder.name!r}. Use the embedder it was built with "
                "(ASSISTANT_EMBEDDER / ASSISTANT_EMBEDDING_MODEL / ASSISTANT_INDEX_ENCODING), "
                "another ASSISTANT_DATA_DIR "
                "or ASSISTANT_COLLECTION, or rebuild it with `python -m ingest rebuild`."
            )

    def watch(self, watcher: Callable[[str, str], None]) -> None:
        """Call ``watcher(doc_id, content_hash)`` after each write of this process to an
        embedded store ("" for a removed document); against a Chroma server other processes
        write too, and readers follow the store's revision instead."""
        if self._embedded:
            self._watchers.append(watcher)

    def _written(self, doc_id: str, content_hash: str) -> None:
        for watcher in self._watchers:
            watcher(doc_id, content_hash)

    def cache_path(self, kind: str) -> Path:
        """Where a cache derived from this collection lives on this machine (the data
        directory, also for a Chroma server): named by the collection's id, so a reset
        store or another collection never reads it."""
        return self._data_dir / "cache" / f"{kind}-{self._collection.id}.pickle"

    @property
    def embedder(self) -> Embedder:
        return self._embedder

    def count(self) -> int:
        return int(self._collection.count())

    def revision(self) -> int:
        """Changes whenever chunks are written or removed (read fresh: other processes write)."""
        coll = self._client.get_collection(self._collection.name, embedding_function=None)
        return int((coll.metadata or {}).get("revision", 0))

    def _bump_revision(self) -> None:
        meta = dict(self._collection.metadata or {})
        meta["revision"] = self.revision() + 1
        self._collection.modify(metadata=meta)

    def upsert_document(
        self,
        chunks: Sequence[Chunk],
        vectors: Matrix,
        signature: str = "",
        sentence_vectors: Sequence[Matrix] = (),
    ) -> None:
        """Write a document version beside the old one, then delete the old (see versions.py);
        ``signature`` (near-duplicate detection) is kept with its first chunk;
        ``sentence_vectors``, one matrix per chunk (rows: its quotable sentences), are written
        first, so a chunk that can be found has them."""
        if not chunks:
            raise StoreError("upsert_document needs at least one chunk")
        doc_id = chunks[0].doc_id
        ids = [c.chunk_id for c in chunks]
        added_at = datetime.now(UTC).isoformat(timespec="microseconds")
        extra = {"added_at": added_at, "version_chunks": len(chunks)}
        batch = max(1, int(self._client.get_max_batch_size()) - 1)
        if sentence_vectors:
            self._put_sentence_vectors(chunks, sentence_vectors, batch)
        for start in range(0, len(chunks), batch):
            part = chunks[start : start + batch]
            self._collection.upsert(
                ids=ids[start : start + batch],
                embeddings=[v.tolist() for v in vectors[start : start + batch]],
                documents=[c.text for c in part],
                metadatas=[
                    _chunk_metadata(c) | extra | ({"signature": signature} if c.number == 0 else {})
                    for c in part
                ],
            )
        stale = set(self._ids_of(doc_id)) - set(ids)
        if stale:
            self._collection.delete(ids=sorted(stale))
            self._sentences.delete(ids=sorted(stale))
        self._bump_revision()
        self._written(doc_id, chunks[0].content_hash)

    def _put_sentence_vectors(
        self, chunks: Sequence[Chunk], matrices: Sequence[Matrix], batch: int
    ) -> None:
        if len(matrices) != len(chunks):
            raise StoreError("upsert_document: one sentence-vector matrix per chunk")
        for start in range(0, len(chunks), batch):
            part = list(
                zip(chunks[start : start + batch], matrices[start : start + batch], strict=True)
            )
            self._sentences.upsert(
                ids=[c.chunk_id for c, _ in part],
                embeddings=[[1.0]] * len(part),
                metadatas=[
                    {"doc_id": c.doc_id, "rows": len(m), "vectors": _pack(m)} for c, m in part
                ],
            )

    def sentence_vectors(self, chunk_ids: Sequence[str]) -> dict[str, Matrix]:
        """The stored sentence vectors of each chunk that has them (rows in the order of
        ``quotable_sentences(chunk.text)``); a chunk stored before they were kept has none."""
        if not chunk_ids:
            return {}
        got = self._sentences.get(ids=list(dict.fromkeys(chunk_ids)), include=["metadatas"])
        out: dict[str, Matrix] = {}
        for chunk_id, meta in zip(got["ids"], got["metadatas"] or [], strict=True):
            if meta is not None:
                out[chunk_id] = _unpack(str(meta["vectors"]), int(meta["rows"]))
        return out

    def delete_document(self, doc_id: str) -> int:
        ids = self._ids_of(doc_id)
        if ids:
            self._collection.delete(ids=ids)
            self._bump_revision()
        self._sentences.delete(where={"doc_id": doc_id})
        if ids:
            self._written(doc_id, "")
        return len(ids)

    def _ids_of(self, doc_id: str) -> list[str]:
        got = self._collection.get(where={"doc_id": doc_id}, include=[])
        return list(got["ids"])

    def _current(self, metas: list[dict[str, Any]]) -> list[dict[str, Any]]:
        versions = current_versions(metas)
        return [m for m in metas if versions.get(str(m["doc_id"])) == m.get("content_hash")]

    def _pages(
        self, include: list[str], where: dict[str, Any] | None = None, page: int = 5000
    ) -> Iterator[dict[str, Any]]:
        """``collection.get`` a page at a time, handing the memory of each page back before
        the next (``release_freed_memory``): one read of every record of a large store
        otherwise leaves the process hundreds of MB larger."""
        offset = 0
        while True:
            got = self._collection.get(where=where, include=include, limit=page, offset=offset)
            returned = len(got["ids"])
            yield got
            del got
            release_freed_memory()
            if returned < page:
                return
            offset += page

    def _all_ids(self) -> list[str]:
        return [i for got in self._pages([], page=20000) for i in got["ids"]]

    def _head_metadatas(self) -> list[dict[str, Any]]:
        """The metadata of every version's first chunk (it carries the version's record)."""
        return [
            dict(m)
            for got in self._pages(["metadatas"], {"number": 0}, page=2000)
            for m in got["metadatas"] or []
            if m is not None  # deleted meanwhile
        ]

    def documents(self, complete_only: bool = True) -> list[StoredDocument]:
        """One entry per stored document (its current version), by id. Reads each version's
        first chunk and the ids of all chunks (they name document, version and number), not
        every chunk's metadata. ``complete_only=False`` skips the ids: each version counts as
        complete, so a version still being written may stand for its document (enough for
        comparing a new file with the stored ones; half the reading in a large store)."""
        counts = Counter(
            tuple(i.rsplit(":", 2)[:2]) for i in (self._all_ids() if complete_only else ())
        )
        versions = []
        for m in self._head_metadatas():
            digest = str(m.get("content_hash", ""))
            found = counts[(str(m["doc_id"]), digest[:12] or "0")]
            versions.append(m | {"chunks": found if complete_only else m.get("version_chunks", 1)})
        return [
            StoredDocument(
                meta=_meta_from(m),
                chunks=int(m["chunks"]),
                content_hash=str(m.get("content_hash", "")),
                added_at=str(m.get("added_at", ""))[:19],
                signature=str(m.get("signature") or ""),
            )
            for m in sorted(self._current(versions), key=lambda m: str(m["doc_id"]))
        ]

    def content_hash(self, doc_id: str) -> str | None:
        """The hash of the document's current (complete) version, if any."""
        got = self._collection.get(where={"doc_id": doc_id}, include=["metadatas"])
        return current_versions(got["metadatas"] or []).get(doc_id)

    def version_heads(self) -> list[VersionHead]:
        """One entry per stored version of each document (complete or not): a cheap read of
        what changed, one record per version instead of every chunk."""
        return [
            VersionHead(
                doc_id=str(m["doc_id"]),
                content_hash=str(m.get("content_hash", "")),
                expected=int(m.get("version_chunks") or 0),
                added_at=str(m.get("added_at", "")),
            )
            for m in self._head_metadatas()
        ]

    def version_chunks(self, doc_id: str, content_hash: str) -> list[Chunk]:
        """The chunks stored of one version of a document, in id order."""
        got = self._collection.get(
            where={"$and": [{"doc_id": doc_id}, {"content_hash": content_hash}]},
            include=["documents", "metadatas"],
        )
        pairs = zip(got["documents"] or [], got["metadatas"] or [], strict=True)
        chunks = [_chunk_from(t, m) for t, m in pairs if m is not None]
        return sorted(chunks, key=lambda c: c.chunk_id)

    def all_chunks(self, page: int = 5000) -> list[Chunk]:
        """Every chunk of every document's current version, in id order. Read ``page``
        chunks at a time, and the chunks of one version share one metadata object, so a
        large store is never held twice over as Chroma's records. A chunk a concurrent
        write moved between pages may be missed: its version then looks incomplete, is not
        chosen, and the write's new revision makes readers re-read that document."""
        light: list[dict[str, Any]] = []
        by_id: dict[str, Chunk] = {}
        metas: dict[tuple[str, str], DocumentMeta] = {}
        for got in self._pages(["documents", "metadatas"], page=page):
            pairs = zip(got["ids"], got["documents"] or [], got["metadatas"] or [], strict=True)
            for chunk_id, text, m in pairs:
                if m is None or chunk_id in by_id:  # None: deleted meanwhile
                    continue
                key = (str(m["doc_id"]), str(m.get("content_hash", "")))
                light.append({f: m.get(f) for f in _VERSION_FIELDS})
                meta = metas.get(key) or metas.setdefault(key, _meta_from(m))
                by_id[chunk_id] = _chunk_from(text, m, meta)
        versions = current_versions(light)
        chunks = [c for c in by_id.values() if versions.get(c.doc_id) == c.content_hash]
        return sorted(chunks, key=lambda c: c.chunk_id)

    def dense_search(
        self, vector: Vector, n: int, keys: Sequence[str] = (), doc_ids: Sequence[str] = ()
    ) -> list[tuple[Chunk, float]]:
        """Nearest chunks by cosine similarity (1 - distance), optionally only those whose
        document's scope has one of ``keys`` (scoping.py). Chunks of any stored version are
        returned; callers keep the current ones."""
        if n < 1:  # an empty collection answers a query with no results
            return []
        got = self._collection.query(
            query_embeddings=[vector.tolist()],
            n_results=n,
            where={"doc_id": {"$in": list(doc_ids)}} if doc_ids else scope_filter(keys),
            include=["documents", "metadatas", "distances"],
        )
        docs = (got["documents"] or [[]])[0]
        metas = (got["metadatas"] or [[]])[0]
        dists = (got["distances"] or [[]])[0]
        # A chunk deleted while the query ran (a replace or remove by another writer) comes back
        # from Chroma's vector index without its record: it is no longer stored, so left out.
        return [
            (_chunk_from(t, m), 1.0 - float(d))
            for t, m, d in zip(docs, metas, dists, strict=True)
            if m is not None
        ]


def release_freed_memory() -> None:
    """Hand memory freed after a large read back to the system. Chroma's records come from
    its Rust core on many threads; glibc keeps what they free in per-thread arenas, so
    without this a read of every chunk leaves the process hundreds of MB larger each time
    (measured: README, "Scale"). No-op where the C library is not glibc."""
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


def _malloc_trim() -> Any:
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


_MALLOC_TRIM = _malloc_trim()


def scope_filter(keys: Sequence[str]) -> dict[str, Any] | None:
    """Chroma's where-filter for chunks whose ``scope`` array holds one of ``keys``."""
    clauses = [{"scope": {"$contains": key}} for key in dict.fromkeys(keys)]
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$or": clauses}


def _pack(matrix: Matrix) -> str:
    """Vectors as text for a Chroma metadata value: float16 (cosines move by < 0.001)."""
    return base64.b64encode(np.ascontiguousarray(matrix, dtype=np.float16).tobytes()).decode()


def _unpack(text: str, rows: int) -> Matrix:
    flat = np.frombuffer(base64.b64decode(text), dtype=np.float16).astype(np.float32)
    return flat.reshape(rows, -1) if rows else flat.reshape(0, 0)


def _chunk_metadata(chunk: Chunk) -> dict[str, Any]:
    m = chunk.meta
    meta: dict[str, Any] = {f: getattr(m, f) for f in (*_TEXT_FIELDS, *_FLAG_FIELDS)}
    meta.update(
        kommuner="|".join(m.kommuner),  # Chroma lists may not be empty; "" = none
        scope=document_keys(m),
        doc_id=chunk.doc_id,
        number=chunk.number,
        heading=chunk.heading,
        content_hash=chunk.content_hash,
        page=chunk.page or 0,  # Chroma metadata has no null: 0 = no page
    )
    return meta


def _meta_from(meta: Any) -> DocumentMeta:
    m = dict(meta or {})
    texts: dict[str, Any] = {f: str(m.get(f, "")) for f in _TEXT_FIELDS}
    flags: dict[str, Any] = {f: bool(m.get(f, False)) for f in _FLAG_FIELDS}
    return DocumentMeta(
        doc_id=str(m["doc_id"]),
        kommuner=tuple(k for k in str(m.get("kommuner", "")).split("|") if k),
        **texts,
        **flags,
    )


def _chunk_from(text: str | None, meta: Any, doc_meta: DocumentMeta | None = None) -> Chunk:
    m = dict(meta or {})
    doc_meta = doc_meta or _meta_from(m)
    return Chunk(
        doc_id=doc_meta.doc_id,
        number=int(m["number"]),
        text=text or "",
        meta=doc_meta,
        heading=str(m.get("heading", "")),
        content_hash=str(m.get("content_hash", "")),
        page=int(m.get("page") or 0) or None,
    )
