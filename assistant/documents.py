"""Read a document file and its metadata (sidecar ``NAME.meta.yaml`` or derived from the text)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from assistant import gazetteer
from assistant.errors import DocumentError
from assistant.loaders import Page, extract
from assistant.records import DOC_TYPES, DocumentMeta
from assistant.swedish import parse_date

SIDECAR_SUFFIX = ".meta.yaml"


@dataclass(frozen=True)
class LoadedDocument:
    meta: DocumentMeta
    pages: tuple[Page, ...]
    content_hash: str
    path: Path

    @property
    def raw_text(self) -> str:
        return "\n\n".join(p.text for p in self.pages)


def is_sidecar(path: Path) -> bool:
    return path.name.endswith(SIDECAR_SUFFIX)


def sidecar_for(path: Path) -> Path | None:
    for candidate in (path.with_name(path.stem + SIDECAR_SUFFIX), Path(f"{path}{SIDECAR_SUFFIX}")):
        if candidate.is_file():
            return candidate
    return None


def slug(name: str) -> str:
    """A stable document id from a file name; å/ä/ö kept, odd characters dropped."""
    s = re.sub(r"[^\wåäöÅÄÖ-]+", "-", name.lower()).strip("-")
    return s or "dokument"


def load_document(
    path: Path, overrides: dict[str, Any] | None = None, max_bytes: int | None = None
) -> LoadedDocument:
    """Read ``path`` (PDF, DOCX, HTML, Markdown or text) with its metadata."""
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise DocumentError(
                f"{path.name}: {size} bytes exceeds the limit of {max_bytes}",
                user_message=(
                    f"Filen är för stor ({size / 1e6:.1f} MB; gränsen är {max_bytes / 1e6:.0f} MB)."
                    " Dela upp den eller be en administratör höja ASSISTANT_MAX_FILE_MB."
                ),
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"{path}: {exc}", user_message="Filen kunde inte läsas.") from exc
    extracted = extract(path.name, raw)
    given = _read_sidecar(path) | (overrides or {})
    meta = derive_meta(path, extracted.text, given)
    digest = hashlib.sha256(raw + repr(sorted(given.items())).encode("utf-8")).hexdigest()
    return LoadedDocument(meta=meta, pages=extracted.pages, content_hash=digest, path=path)


def _read_sidecar(path: Path) -> dict[str, Any]:
    side = sidecar_for(path)
    if side is None:
        return {}
    try:
        data = yaml.safe_load(side.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise DocumentError(
            f"{side.name}: invalid YAML: {exc}", user_message="Metadatafilen är inte giltig YAML."
        ) from exc
    if not isinstance(data, dict):
        raise DocumentError(f"{side.name}: expected a mapping of fields")
    return {k: v for k, v in data.items() if v is not None}


def derive_meta(path: Path, text: str, given: dict[str, Any]) -> DocumentMeta:
    """Metadata from ``given`` where set, else from the text itself."""
    first_line = next((line.strip() for line in text.splitlines() if line.strip()), path.stem)
    title = str(given.get("title") or first_line[:200])
    kommun = str(given.get("kommun") or _guess_kommun(title, text))
    lan = str(given.get("lan") or _lan_of(kommun))
    when = given.get("date")
    iso = when.isoformat() if isinstance(when, date) else str(when or "")
    if not iso:
        found = parse_date(text[:2000])
        iso = found.isoformat() if found else ""
    doc_type = str(given.get("doc_type") or "annat")
    if doc_type not in DOC_TYPES:
        raise DocumentError(
            f"{path.name}: doc_type {doc_type!r} is not one of {', '.join(DOC_TYPES)}",
            user_message=f"Okänd dokumenttyp »{doc_type}«. Välj en av: {', '.join(DOC_TYPES)}.",
        )
    return DocumentMeta(
        doc_id=str(given.get("id") or slug(path.stem)),
        title=title,
        kommun=kommun,
        lan=lan,
        date=iso,
        doc_type=doc_type,
        publisher=str(given.get("publisher", "")),
        source=str(given.get("source") or path.name),
    )


def _guess_kommun(title: str, text: str) -> str:
    """Prefer a kommun in the title, then the first named in the text."""
    for part in (title, text[:3000]):
        found = gazetteer.find_kommuner(part)
        if found:
            return found[0].name
    return ""


def _lan_of(kommun: str) -> str:
    k = gazetteer.kommun_by_name(kommun) if kommun else None
    return k.lan if k else ""
