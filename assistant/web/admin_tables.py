"""The admin tab's tables and choices, as plain rows (pure functions, unit tested)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from assistant.index.store import StoredDocument
from assistant.ingest.pipeline import STATUS_SV, IngestResult, Status
from assistant.web.admin_uploads import Staged

DOCUMENT_HEADERS = [
    "Titel",
    "Omfattning",
    "Datum",
    "Typ",
    "Giltighet",
    "Delar",
    "Tillagd",
    "Hash",
    "Id",
]
RESULT_HEADERS = ["Fil", "Resultat", "Delar", "Id", "Omfattning", "Förklaring"]
HASH_CHARS = 12

Row = list[str | int]


def document_rows(docs: Sequence[StoredDocument]) -> list[Row]:
    """One row per stored document, by title."""
    ordered = sorted(docs, key=lambda d: (d.meta.title.lower(), d.meta.doc_id))
    return [
        [
            d.meta.title,
            d.meta.scope_label,
            d.meta.date,
            d.meta.doc_type,
            d.meta.validity,
            d.chunks,
            d.added_at.replace("T", " ")[:16],
            d.content_hash[:HASH_CHARS],
            d.meta.doc_id,
        ]
        for d in ordered
    ]


def document_choices(docs: Sequence[StoredDocument]) -> list[tuple[str, str]]:
    """(label, doc_id) for the document picker: "Title – Kommun (id)", by title."""
    ordered = sorted(docs, key=lambda d: (d.meta.title.lower(), d.meta.doc_id))
    return [
        (f"{d.meta.title} – {d.meta.scope_label} ({d.meta.doc_id})", d.meta.doc_id) for d in ordered
    ]


def result_rows(results: Sequence[IngestResult], staged: Sequence[Staged]) -> list[Row]:
    """One row per uploaded file: its name, Swedish status, chunks, id and reason."""
    by_path = {s.path: s for s in staged}
    rows: list[Row] = []
    for result in results:
        upload = by_path.get(result.path)
        name = upload.original if upload else result.path.name
        notes = [result.reason] if result.reason else []
        notes += list(result.notices)
        if upload is not None and upload.renamed:
            notes.append(f"Filnamnet ändrades till »{upload.path.name}«.")
        chunks: str | int = result.chunks or ""  # a rejected file has none
        scope = result.meta.scope_label if result.meta else ""
        rows.append([name, STATUS_SV[result.status], chunks, result.doc_id, scope, " ".join(notes)])
    return rows


def summary(results: Sequence[IngestResult]) -> str:
    """E.g. "3 filer: tillagd 2, avvisad 1." in the order added, replaced, unchanged, rejected."""
    counts = Counter(r.status for r in results)
    order: tuple[Status, ...] = ("added", "replaced", "unchanged", "rejected")
    parts = [f"{STATUS_SV[s]} {counts[s]}" for s in order if counts[s]]
    files = "1 fil" if len(results) == 1 else f"{len(results)} filer"
    return f"{files}: {', '.join(parts)}." if parts else "Inga filer lästes in."
