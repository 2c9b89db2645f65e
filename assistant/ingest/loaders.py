"""Turn a file's bytes into text (with page numbers for PDF) — the parser seam.

Every failure is a :class:`DocumentError` whose ``user_message`` tells an admin, in Swedish,
what is wrong with the file and what to do.
"""

from __future__ import annotations

import io
import logging
import zipfile
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import DocumentError

log = logging.getLogger(__name__)

SUFFIXES = frozenset({".txt", ".md", ".markdown", ".pdf", ".docx", ".html", ".htm"})


@dataclass(frozen=True)
class Page:
    number: int | None  # 1-based page number for PDF, None for formats without pages
    text: str


@dataclass(frozen=True)
class Extracted:
    pages: tuple[Page, ...]

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.pages)


def _reject(name: str, why: str, user_message: str) -> DocumentError:
    return DocumentError(f"{name}: {why}", user_message=user_message)


def extract(name: str, data: bytes) -> Extracted:
    """Text of a document called ``name`` (its suffix picks the parser)."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise _reject(
            name,
            f"unsupported file type {suffix or '(none)'}",
            f"Filtypen {suffix or '(saknas)'} stöds inte. Ladda upp PDF, DOCX, HTML, "
            "Markdown eller text.",
        )
    if not data.strip():
        raise _reject(name, "empty file", "Filen är tom.")
    if suffix == ".pdf":
        result = _pdf(name, data)
    elif suffix == ".docx":
        result = Extracted((Page(None, _docx(name, data)),))
    elif suffix in (".html", ".htm"):
        result = Extracted((Page(None, _html(name, decode_text(name, data))),))
    else:
        result = Extracted((Page(None, decode_text(name, data)),))
    if not result.text.strip():
        raise _reject(name, "no text", "Filen innehåller ingen text som kan läsas.")
    return result


def decode_text(name: str, data: bytes) -> str:
    """UTF-8 (with or without BOM); else the legacy encoding that reads best (cp1252 etc.)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["cp1252", "latin_1", "cp850", "mac_roman", "utf_16"])
    match = best.best()
    if match is None:
        raise _reject(
            name,
            "unknown text encoding",
            "Textens teckenkodning gick inte att avgöra. Spara filen som UTF-8 och försök igen.",
        )
    log.info("%s: decoded as %s", name, match.encoding)
    return str(match)


def _pdf(name: str, data: bytes) -> Extracted:
    if not data.lstrip().startswith(b"%PDF-"):
        looks = "HTML" if b"<html" in data[:2048].lower() else "något annat"
        raise _reject(
            name,
            f"not a PDF (looks like {looks})",
            f"Filen heter .pdf men är inte en PDF (den ser ut att vara {looks}).",
        )
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise _reject(
                name,
                "encrypted PDF",
                "Filen är krypterad och kan inte läsas. "
                "Spara en olåst kopia och ladda upp den igen.",
            )
        pages = tuple(
            Page(i, reflow(page.extract_text() or "")) for i, page in enumerate(reader.pages, 1)
        )
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise _reject(
            name, f"broken PDF: {exc}", "PDF-filen är skadad och kan inte läsas."
        ) from exc
    if not any(p.text for p in pages):
        raise _reject(
            name,
            "no text layer (needs OCR)",
            "PDF-filen saknar textlager (den är troligen inskannad) och behöver OCR "
            "innan den kan läsas in.",
        )
    return Extracted(tuple(p for p in pages if p.text))


def reflow(text: str) -> str:
    """Undo a PDF's line wrapping: paragraphs separated by blank lines, lines of one joined.

    A line near the page's full width continues on the next line, and so does a line followed
    by one that starts in lower case; a short line ends its paragraph (or is a heading).
    A hyphen at a wrap joins the word ("arbets-\nmarknaden" → "arbetsmarknaden").
    """
    lines = [line.strip() for line in text.splitlines()]
    width = max((len(line) for line in lines), default=0)
    out: list[str] = []
    current = ""
    for line, following in zip(lines, [*lines[1:], ""], strict=False):
        if not line:
            if current:
                out.append(current)
            current = ""
            continue
        if current.endswith("-") and line[:1].islower():
            current = current[:-1] + line
        else:
            current = f"{current} {line}".strip()
        wraps = len(line) >= 0.75 * width and line[-1:] not in ".!?:"
        if not (wraps or following[:1].islower()):
            out.append(current)
            current = ""
    if current:
        out.append(current)
    return "\n\n".join(out)


def _docx(name: str, data: bytes) -> str:
    broken = _reject(name, "corrupt DOCX", "Word-filen är skadad och kan inte läsas.")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise broken
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for a broken package
        raise broken from exc
    blocks: list[str] = []
    for para in document.paragraphs:
        text = para.text.strip()
        if not text:
            continue
        style = (para.style.name if para.style is not None else "") or ""
        level = style.removeprefix("Heading ").strip()
        if style == "Title" or (style.startswith("Heading") and level.isdigit()):
            blocks.append("#" * (int(level) if level.isdigit() else 1) + " " + text)
        else:
            blocks.append(text)
    for table in document.tables:
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells if c.text.strip()]
            if cells:
                blocks.append(" | ".join(cells))
    return "\n\n".join(blocks)


def _html(name: str, html: str) -> str:
    import trafilatura

    text = trafilatura.extract(
        html,
        output_format="markdown",
        include_comments=False,
        include_tables=True,
        favor_precision=True,
    )
    if not text:
        raise _reject(name, "no main text in HTML", "HTML-sidan har ingen huvudtext som kan läsas.")
    return str(text)
