"""Documents → cleaned text → chunks → vectors → the store. Idempotent by content hash."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from assistant.errors import AssistantError, DocumentNotFoundError
from assistant.index.store import ChunkStore
from assistant.ingest.chunking import chunk_text
from assistant.ingest.cleaning import clean_text
from assistant.ingest.documents import LoadedDocument, is_sidecar, load_document, validated_meta
from assistant.records import Chunk
from assistant.settings import Settings

log = logging.getLogger(__name__)

Status = Literal["added", "unchanged", "replaced", "rejected"]
Progress = Callable[[int, int, str], None]  # (done, total, current file name)

STATUS_SV = {
    "added": "tillagd",
    "unchanged": "oförändrad",
    "replaced": "ersatt",
    "rejected": "avvisad",
}


@dataclass(frozen=True)
class IngestResult:
    path: Path
    status: Status
    doc_id: str = ""
    chunks: int = 0
    reason: str = ""  # for rejected files: a Swedish sentence an admin can act on


class Ingester:
    def __init__(self, store: ChunkStore, settings: Settings) -> None:
        self.store = store
        self.settings = settings

    def chunks_of(self, doc: LoadedDocument) -> list[Chunk]:
        """Chunks page by page (a chunk never spans a page, so its page number is exact)."""
        chunks: list[Chunk] = []
        for page in doc.pages:
            pieces = chunk_text(
                clean_text(page.text),
                self.store.embedder.count_tokens,
                self.settings.chunk_tokens,
                self.settings.chunk_overlap_sentences,
            )
            for p in pieces:
                n = len(chunks)
                chunks.append(
                    Chunk(
                        doc.meta.doc_id,
                        n,
                        p.text,
                        doc.meta,
                        p.heading,
                        doc.content_hash,
                        page.number,
                    )
                )
        return chunks

    def add_file(self, path: Path, overrides: dict[str, Any] | None = None) -> IngestResult:
        try:
            doc = load_document(path, overrides, self.settings.max_file_mb * 1_000_000)
            return self._write(path, doc)
        except AssistantError as exc:
            log.warning("rejected %s: %s", path, exc)
            return IngestResult(path, "rejected", reason=exc.user_message)

    def _write(self, path: Path, doc: LoadedDocument) -> IngestResult:
        previous = self.store.content_hash(doc.meta.doc_id)
        if previous == doc.content_hash:
            return IngestResult(path, "unchanged", doc.meta.doc_id)
        chunks = self.chunks_of(doc)
        if not chunks:
            return IngestResult(path, "rejected", doc.meta.doc_id, reason="Filen saknar text.")
        vectors = self.store.embedder.embed_passages([c.indexed_text for c in chunks])
        self.store.upsert_document(chunks, vectors)
        status: Status = "added" if previous is None else "replaced"
        return IngestResult(path, status, doc.meta.doc_id, len(chunks))

    def add(
        self,
        paths: Iterable[Path],
        progress: Progress | None = None,
        overrides: dict[str, Any] | None = None,
    ) -> list[IngestResult]:
        """Add each file; a bad file is rejected with its reason and the others still land."""
        files = expand(paths)
        results: list[IngestResult] = []
        seen: dict[bytes, Path] = {}
        for i, path in enumerate(files):
            if progress:
                progress(i, len(files), path.name)
            twin = _duplicate_of(path, seen)
            if twin is not None:
                reason = f"Samma fil som {twin.name} finns redan i den här omgången."
                results.append(IngestResult(path, "rejected", reason=reason))
                continue
            results.append(self.add_file(path, overrides))
        if progress:
            progress(len(files), len(files), "")
        return results

    def update_meta(self, doc_id: str, changes: dict[str, str]) -> int:
        """Correct a stored document's metadata; its chunks are re-embedded as a new version."""
        chunks = [c for c in self.store.all_chunks() if c.doc_id == doc_id]
        if not chunks:
            raise DocumentNotFoundError(
                f"no document {doc_id!r}", user_message=f"Dokumentet {doc_id} finns inte."
            )
        meta = validated_meta(replace(chunks[0].meta, **changes))
        digest = hashlib.sha256(f"{chunks[0].content_hash}{meta}".encode()).hexdigest()
        new = [replace(c, meta=meta, content_hash=digest) for c in chunks]
        self.store.upsert_document(
            new, self.store.embedder.embed_passages([c.indexed_text for c in new])
        )
        return len(new)


def _duplicate_of(path: Path, seen: dict[bytes, Path]) -> Path | None:
    """The earlier file of this batch with the same bytes, if any (and remember this one)."""
    try:
        digest = hashlib.sha256(path.read_bytes()).digest()
    except OSError:
        return None  # add_file reports the read error
    if digest in seen:
        return seen[digest]
    seen[digest] = path
    return None


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files named directly, and the documents inside named directories (sidecars excluded)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(
                p
                for p in sorted(path.iterdir())
                if p.is_file() and not is_sidecar(p) and not p.name.startswith(".")
            )
        else:
            out.append(path)
    return out
