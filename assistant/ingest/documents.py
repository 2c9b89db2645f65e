"""Read a document file and its metadata (sidecar ``NAME.meta.yaml`` or derived from the text)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from datetime import date
from difflib import get_close_matches
from pathlib import Path
from typing import Any

import yaml

from assistant.errors import DocumentError
from assistant.ingest.cleaning import clean_text
from assistant.ingest.loaders import Page, extract
from assistant.ingest.metadata import (
    derive_date,
    derive_scope,
    derive_validity,
    find_parties,
    guess_doc_type,
)
from assistant.records import DOC_TYPES, DocumentMeta
from assistant.scope import bodies, gazetteer
from assistant.swedish import normalise_date

SIDECAR_SUFFIX = ".meta.yaml"


@dataclass(frozen=True)
class LoadedDocument:
    meta: DocumentMeta
    pages: tuple[Page, ...]
    content_hash: str
    path: Path
    notices: tuple[str, ...] = field(default=())  # Swedish warnings for the admin

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
    meta, notices = derive_meta(path, extracted.text, given)
    digest = hashlib.sha256(raw + repr(sorted(given.items())).encode("utf-8")).hexdigest()
    return LoadedDocument(meta, extracted.pages, digest, path, notices)


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


def _names(value: Any) -> tuple[str, ...]:
    """Kommun names from a sidecar list, a form's "A, B och C" or one name."""
    if isinstance(value, list | tuple):
        items = [str(v) for v in value]
    else:
        items = re.split(r"\s*,\s*|\s+och\s+|;", str(value or ""))
    return tuple(i.strip() for i in items if i and i.strip())


def _flag(value: Any) -> bool:
    return value is True or str(value).strip().lower() in ("true", "ja", "yes", "1")


def given_scope(given: dict[str, Any]) -> dict[str, Any]:
    """The scope fields a sidecar, flag or form sets (``kommun`` is an alias of ``kommuner``)."""
    out: dict[str, Any] = {}
    if "kommuner" in given or "kommun" in given:
        out["kommuner"] = _names(given.get("kommuner", given.get("kommun")))
    if "region" in given:
        out["region"] = str(given["region"] or "").strip()
    if "national" in given:
        out["national"] = _flag(given["national"])
    return out


def derive_meta(
    path: Path, text: str, given: dict[str, Any]
) -> tuple[DocumentMeta, tuple[str, ...]]:
    """Metadata from ``given`` (sidecar, CLI flags, admin form) where set, else from the text;
    with the notices an admin should read."""
    cleaned = clean_text(text[:20000])  # furniture such as a doubled site name is not a title
    first_line = next((ln for ln in (_title_line(x) for x in cleaned.splitlines()) if ln), "")
    title = str(given.get("title") or first_line[:200] or path.stem)
    url = str(given.get("url") or "")
    derived = derive_scope(title, cleaned)
    validity = derive_validity(cleaned)
    scope: dict[str, Any] = {
        "kommuner": derived.kommuner,
        "region": derived.region,
        "national": derived.national,
    } | given_scope(given)
    until = given.get("valid_to")
    meta = DocumentMeta(
        doc_id=str(given.get("id") or slug(path.stem)),
        title=title,
        date=_iso(given.get("date")) or derive_date(text, url),
        valid_from=_iso(given.get("valid_from")) or validity.valid_from,
        valid_to=_iso(until) if until and not _open_ended(until) else validity.valid_to,
        until_further=_open_ended(until) if until else validity.until_further,
        doc_type=str(given.get("doc_type") or guess_doc_type(title, text)),
        publisher=str(given.get("publisher", "")),
        source=str(given.get("source") or path.name),
        url=url,
        parties=str(given.get("parties") or find_parties(cleaned)),
        **scope,
    )
    meta, notices = validated_meta(meta)
    named = set(given_scope(given).get("kommuner", ()))
    return meta, notices + unnamed_in_text(meta.kommuner, named, f"{title}\n{cleaned}")


def _title_line(line: str) -> str:
    """A line that can be a title: not a bare date or dateline ("15 jun 2015 11:53")."""
    text = line.strip("# ").strip()
    text = re.sub(r"^(?:publicerad|uppdaterad|senast uppdaterad|nyhet)\b:?", "", text, flags=re.I)
    bare = re.sub(r"[\d:.,•\s-]|CET|CEST", "", re.sub(r"\b[a-zåäö]{3}\b", "", text.lower()))
    return text[:200] if bare else ""


def _iso(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip() if value not in (None, "") else ""


def _open_ended(value: Any) -> bool:
    return str(value).strip().lower() in ("tills vidare", "tillsvidare", "open", "öppen")


def unnamed_in_text(kommuner: tuple[str, ...], given: set[str], text: str) -> tuple[str, ...]:
    """A warning for each given kommun the text never names, neither itself nor through a
    region or body it belongs to ("samtliga sju kommuner i Västernorrlands län")."""
    named = {k.name for k in gazetteer.find_kommuner(text)}
    for body in bodies.find_bodies(text):
        named.update(body.members)
    for lan in gazetteer.find_lan(text):
        named.update(k.name for k in gazetteer.kommuner_in_lan(lan.code))
    missing = [k for k in kommuner if k in given and k not in named]
    return tuple(f"Texten nämner inte {k}; kontrollera att dokumentet gäller {k}." for k in missing)


def _unknown_kommun(name: str) -> DocumentError:
    names = [k.name for k in gazetteer.kommuner()]
    close = get_close_matches(name, names, n=2, cutoff=0.6)
    close += [n for n in names if gazetteer.one_edit_apart(name.lower(), n.lower())]
    hint = f" Menade du {' eller '.join(dict.fromkeys(close))}?" if close else ""
    return DocumentError(
        f"unknown kommun {name!r}",
        user_message=f"»{name}« är ingen svensk kommun.{hint} Skriv kommunens namn, t.ex. Heby.",
    )


def validated_meta(meta: DocumentMeta) -> tuple[DocumentMeta, tuple[str, ...]]:
    """Normalise kommuner, region and dates, or say in Swedish what is wrong; with the
    notices a valid but doubtful value deserves (an unknown region)."""
    kommuner = []
    for name in meta.kommuner:
        kommun = gazetteer.kommun_by_name(name)
        if kommun is None:
            raise _unknown_kommun(name)
        kommuner.append(kommun.name)
    notices: list[str] = []
    region = meta.region
    if region:
        body = bodies.body_by_name(region) or bodies.body_by_id(region)
        if body is not None:
            region = body.name
        else:
            notices.append(
                f"Regionen eller förbundet »{region}« är okänt; dokumentet sparas med det namnet, "
                "men inga medlemskommuner är kända, så det hittas bara när frågan nämner det."
            )
    if meta.national and (kommuner or region):
        raise DocumentError(
            "a national document cannot also concern kommuner or a region",
            user_message=(
                "Ett nationellt dokument kan inte samtidigt gälla vissa kommuner eller en "
                "region. Ta bort kommunerna och regionen, eller kryssa ur »nationellt«."
            ),
        )
    dates: dict[str, Any] = {
        f: _checked_date(getattr(meta, f), label) for f, label in _DATE_FIELDS.items()
    }
    if dates["valid_from"] and dates["valid_to"] and dates["valid_to"] < dates["valid_from"]:
        raise DocumentError(
            f"valid_to {dates['valid_to']} is before valid_from {dates['valid_from']}",
            user_message=(
                f"Giltig till ({dates['valid_to']}) ligger före giltig från "
                f"({dates['valid_from']}). Rätta datumen."
            ),
        )
    if meta.until_further and dates["valid_to"]:
        dates["valid_to"] = ""
    if meta.doc_type not in DOC_TYPES:
        raise DocumentError(
            f"doc_type {meta.doc_type!r} is not one of {', '.join(DOC_TYPES)}",
            user_message=(
                f"Okänd dokumenttyp »{meta.doc_type}«. Välj en av: {', '.join(DOC_TYPES)}."
            ),
        )
    checked = replace(meta, kommuner=tuple(dict.fromkeys(kommuner)), region=region, **dates)
    return checked, tuple(notices)


_DATE_FIELDS = {"date": "Datumet", "valid_from": "Giltig från", "valid_to": "Giltig till"}


def _checked_date(value: str, label: str) -> str:
    if not value:
        return ""
    iso = normalise_date(value)
    if iso is None:
        raise DocumentError(
            f"bad date {value!r}",
            user_message=f"{label} »{value}« kan inte tolkas. Skriv t.ex. 2016-11-16 eller 2021.",
        )
    return iso
