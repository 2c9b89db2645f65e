"""Documents → cleaned text → chunks → vectors → the store. Idempotent by content hash."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from assistant.errors import AssistantError, DocumentNotFoundError
from assistant.index.embeddings import Embedder, Matrix
from assistant.index.store import ChunkStore, StoredDocument
from assistant.ingest import duplicates
from assistant.ingest.chunking import chunk_text
from assistant.ingest.cleaning import clean_text
from assistant.ingest.documents import (
    LoadedDocument,
    given_scope,
    is_sidecar,
    load_document,
    validated_meta,
)
from assistant.records import Chunk, DocumentMeta
from assistant.settings import Settings
from assistant.swedish import quotable_sentences

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
    notices: tuple[str, ...] = ()  # for files that landed: warnings in Swedish
    meta: DocumentMeta | None = None  # what was stored


class Ingester:
    def __init__(
        self, store: ChunkStore, settings: Settings, sentence_embedder: Embedder | None = None
    ) -> None:
        """``sentence_embedder``: the answerer's embedder; with it, each chunk's quotable
        sentences are embedded here, once, and stored, instead of at every question."""
        self.store = store
        self.settings = settings
        self.sentence_embedder = sentence_embedder

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

    def sentence_vectors(self, chunks: Sequence[Chunk]) -> list[Matrix]:
        """Each chunk's quotable sentences embedded as the answerer embeds them (one batch; a
        sentence in two chunks, by the chunking overlap, is embedded once)."""
        if self.sentence_embedder is None:
            return []
        per_chunk = [quotable_sentences(c.text) for c in chunks]
        distinct = list(dict.fromkeys(s for sentences in per_chunk for s in sentences))
        row = {s: i for i, s in enumerate(distinct)}
        vectors = self.sentence_embedder.embed_passages(distinct)
        return [vectors[[row[s] for s in sentences]] for sentences in per_chunk]

    def add_file(self, path: Path, overrides: dict[str, Any] | None = None) -> IngestResult:
        return self._add_file(path, overrides, self.store.documents(complete_only=False))

    def _add_file(
        self, path: Path, overrides: dict[str, Any] | None, stored: list[StoredDocument]
    ) -> IngestResult:
        try:
            doc = load_document(path, overrides, self.settings.max_file_mb * 1_000_000)
            return self._write(path, doc, stored)
        except AssistantError as exc:
            log.warning("rejected %s: %s", path, exc)
            return IngestResult(path, "rejected", reason=exc.user_message)

    def _write(self, path: Path, doc: LoadedDocument, stored: list[StoredDocument]) -> IngestResult:
        """Store ``doc`` unless unchanged; ``stored`` (the documents known so far) is updated."""
        previous = self.store.content_hash(doc.meta.doc_id)
        if previous == doc.content_hash:
            return IngestResult(path, "unchanged", doc.meta.doc_id, meta=doc.meta)
        chunks = self.chunks_of(doc)
        if not chunks:
            return IngestResult(path, "rejected", doc.meta.doc_id, reason="Filen saknar text.")
        sig = duplicates.signature(clean_text(doc.raw_text))
        others = [(d.meta.doc_id, d.signature) for d in stored if d.meta.doc_id != doc.meta.doc_id]
        twin, overlap = duplicates.nearest(sig, others)
        notices = list(doc.notices)
        if overlap >= duplicates.NEAR_DUPLICATE:
            title = next(d.meta.title for d in stored if d.meta.doc_id == twin)
            notices.append(
                f"nästan identisk med »{title}« ({twin}): båda sparas, men ett svar citerar "
                "bara en av dem."
            )
            meta = replace(doc.meta, duplicate_of=twin)
            chunks = [replace(c, meta=meta) for c in chunks]
        vectors = self.store.embedder.embed_passages([c.indexed_text for c in chunks])
        self.store.upsert_document(chunks, vectors, sig, self.sentence_vectors(chunks))
        # The batch's later files are compared with this one too.
        stored[:] = [d for d in stored if d.meta.doc_id != doc.meta.doc_id]
        stored.append(StoredDocument(chunks[0].meta, len(chunks), doc.content_hash, "", sig))
        status: Status = "added" if previous is None else "replaced"
        return IngestResult(
            path, status, doc.meta.doc_id, len(chunks), notices=tuple(notices), meta=chunks[0].meta
        )

    def add(
        self,
        paths: Iterable[Path],
        progress: Progress | None = None,
        overrides: dict[str, Any] | None = None,
    ) -> list[IngestResult]:
        """Add each file; a bad file is rejected with its reason and the others still land."""
        files = expand(paths)
        stored = self.store.documents(complete_only=False)  # near-duplicates of the new files
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
            results.append(self._add_file(path, overrides, stored))
        if progress:
            progress(len(files), len(files), "")
        return results

    def update_meta(self, doc_id: str, changes: dict[str, Any]) -> tuple[int, tuple[str, ...]]:
        """Correct a stored document's metadata; its chunks are re-embedded as a new version.
        Returns the number of chunks and the notices the new values deserve. A change that
        would leave an invalid scope raises DocumentError and changes nothing."""
        chunks = [c for c in self.store.all_chunks() if c.doc_id == doc_id]
        if not chunks:
            raise DocumentNotFoundError(
                f"no document {doc_id!r}", user_message=f"Dokumentet {doc_id} finns inte."
            )
        fields = {k: v for k, v in changes.items() if k not in ("kommun", "kommuner", "region")}
        fields |= given_scope(changes)
        if "valid_to" in fields and str(fields["valid_to"]).strip().lower() == "tills vidare":
            fields |= {"valid_to": "", "until_further": True}
        meta, notices = validated_meta(replace(chunks[0].meta, **fields))
        digest = hashlib.sha256(f"{chunks[0].content_hash}{meta}".encode()).hexdigest()
        new = [replace(c, meta=meta, content_hash=digest) for c in chunks]
        signature = next(
            (d.signature for d in self.store.documents() if d.meta.doc_id == doc_id), ""
        )
        self.store.upsert_document(
            new, self.store.embedder.embed_passages([c.indexed_text for c in new]), signature
        )
        return len(new), notices


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
