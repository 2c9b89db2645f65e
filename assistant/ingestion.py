"""Documents → cleaned text → chunks → vectors → the store. Idempotent by content hash."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from assistant.chunking import chunk_text
from assistant.cleaning import clean_text
from assistant.documents import LoadedDocument, is_sidecar, load_document
from assistant.errors import AssistantError
from assistant.records import Chunk
from assistant.settings import Settings
from assistant.store import ChunkStore

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
            previous = self.store.content_hash(doc.meta.doc_id)
            if previous == doc.content_hash:
                return IngestResult(path, "unchanged", doc.meta.doc_id)
            chunks = self.chunks_of(doc)
            if not chunks:
                return IngestResult(path, "rejected", doc.meta.doc_id, reason="Filen saknar text.")
            vectors = self.store.embedder.embed_passages([c.indexed_text for c in chunks])
            self.store.upsert_document(chunks, vectors)
        except AssistantError as exc:
            log.warning("rejected %s: %s", path, exc)
            return IngestResult(path, "rejected", reason=exc.user_message)
        status: Status = "added" if previous is None else "replaced"
        return IngestResult(path, status, doc.meta.doc_id, len(chunks))

    def add(self, paths: Iterable[Path], progress: Progress | None = None) -> list[IngestResult]:
        files = expand(paths)
        results = []
        for i, path in enumerate(files):
            if progress:
                progress(i, len(files), path.name)
            results.append(self.add_file(path))
        if progress:
            progress(len(files), len(files), "")
        return results


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
