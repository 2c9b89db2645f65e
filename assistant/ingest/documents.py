"""Read a document file and its metadata (sidecar ``NAME.meta.yaml`` or derived from the text)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from assistant.errors import DocumentError
from assistant.ingest.cleaning import clean_text
from assistant.ingest.loaders import Page, extract
from assistant.records import DOC_TYPES, DocumentMeta
from assistant.scope import gazetteer
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
    """Metadata from ``given`` (sidecar, CLI flags, admin form) where set, else from the text."""
    cleaned = clean_text(text[:20000])  # furniture such as a doubled site name is not a title
    first_line = next((ln.strip("# ").strip() for ln in cleaned.splitlines() if ln.strip()), "")
    title = str(given.get("title") or first_line[:200] or path.stem)
    when = given.get("date")
    if not when:
        found = parse_date(text[:3000])
        when = found.isoformat() if found else ""
    meta = DocumentMeta(
        doc_id=str(given.get("id") or slug(path.stem)),
        title=title,
        kommun=str(given.get("kommun") or guess_kommun(title, text)),
        lan=str(given.get("lan") or ""),
        date=when.isoformat() if isinstance(when, date) else str(when),
        doc_type=str(given.get("doc_type") or guess_doc_type(title, text)),
        publisher=str(given.get("publisher", "")),
        source=str(given.get("source") or path.name),
        parties=str(given.get("parties") or find_parties(text)),
    )
    return validated_meta(meta)


def validated_meta(meta: DocumentMeta) -> DocumentMeta:
    """Normalise kommun, län and date, or say in Swedish what is wrong."""
    kommun = gazetteer.kommun_by_name(meta.kommun) if meta.kommun else None
    if meta.kommun and kommun is None:
        raise DocumentError(
            f"unknown kommun {meta.kommun!r}",
            user_message=(
                f"»{meta.kommun}« är ingen svensk kommun. Skriv kommunens namn, t.ex. Heby."
            ),
        )
    iso = meta.date
    if iso:
        parsed = parse_date(iso)
        if parsed is None:
            raise DocumentError(
                f"bad date {meta.date!r}",
                user_message=f"Datumet »{meta.date}« kan inte tolkas. Skriv t.ex. 2016-11-16.",
            )
        iso = parsed.isoformat()
    if meta.doc_type not in DOC_TYPES:
        raise DocumentError(
            f"doc_type {meta.doc_type!r} is not one of {', '.join(DOC_TYPES)}",
            user_message=(
                f"Okänd dokumenttyp »{meta.doc_type}«. Välj en av: {', '.join(DOC_TYPES)}."
            ),
        )
    return replace(
        meta,
        kommun=kommun.name if kommun else "",
        lan=meta.lan or (kommun.lan if kommun else ""),
        date=iso,
    )


def guess_kommun(title: str, text: str) -> str:
    """The kommun the document is about: the title's, else the parties', else the one named
    most often ("X kommun" counts double) — not any place it merely mentions."""
    for part in (title, find_parties(text)):
        found = gazetteer.find_kommuner(part) if part else []
        if found:
            return found[0].name
    counts: dict[str, int] = {}
    for k in gazetteer.find_kommuner(text):
        name = re.escape(k.name)
        counts[k.name] = len(re.findall(rf"(?<!\w){name}s?(?!\w)", text)) + len(
            re.findall(rf"(?<!\w){name}s? kommun", text)
        )
    return max(counts, key=lambda n: (counts[n], -text.find(n))) if counts else ""


_PARTY = r"[A-ZÅÄÖ][\w-]+(?: [A-ZÅÄÖ][\w-]+)*"
_PARTIES = (
    # "… mellan Sala kommun och Arbetsförmedlingen, …" / "Parter: X och Y."
    re.compile(
        rf"(?:mellan|[Pp]arter(?:na)?(?: är|:))\s+({_PARTY}(?: kommun)?)\s+och\s+"
        rf"({_PARTY})(?=[,.;:\n]|\s+(?:om|som|har|avseende|gällande)\b)"
    ),
    # "Uppsala kommun och Arbetsförmedlingen har undertecknat …"
    re.compile(
        rf"({_PARTY} kommun),? och (Arbetsförmedlingen(?: {_PARTY})?)"
        r",?\s+(?:har\s+)?(?:nu\s+)?(?:undertecknat|undertecknade|skrivit under|tecknat)"
    ),
)
_AGREEMENT_TERMS = re.compile(
    r"\b(avtalstid|giltighetstid|underskrift|undertecknas|parterna ska|§\s*\d)", re.IGNORECASE
)


def find_parties(text: str) -> str:
    """ "Uppsala kommun och Arbetsförmedlingen" when the text says who agreed with whom."""
    for pattern in _PARTIES:
        match = pattern.search(text[:5000])
        if match:
            return f"{match.group(1).strip()} och {match.group(2).strip()}"
    return ""


def guess_doc_type(title: str, text: str) -> str:
    """överenskommelse / pressmeddelande / nyhetsartikel / annat, from tell-tale wording."""
    head = f"{title}\n{text[:4000]}".lower()
    if "pressmeddelande" in head or "pressrum" in text.lower():
        return "pressmeddelande"
    if re.search(r"\bfoto:|så jobbar vi med nyheter|\d{4}-\d{2}-\d{2} \d{2}:\d{2}", head):
        return "nyhetsartikel"
    if re.match(r"(lokal )?(överenskommelse|avtal)\b", title.lower()):
        return "överenskommelse"
    if len(_AGREEMENT_TERMS.findall(text)) >= 2:
        return "överenskommelse"
    return "annat"
