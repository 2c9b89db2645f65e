"""A cited document on a page of its own: ``/dokument/{doc_id}?chunk=…#citat``.

The whole stored text, its facts (title, kommuner, date, type, validity), the quoted passage
in <mark> and scrolled to by the ``#citat`` anchor; for a paged file (PDF) the page and a
download of the original. Every piece of text is escaped and the page is served with a
Content-Security-Policy that runs no script at all. Originals of uploaded files are kept in
``data_dir/originals/`` (:func:`keep_original`); corpus files are served from ``corpus_dir``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote as url_quote
from urllib.parse import urlencode

from assistant.records import Chunk, DocumentMeta
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.service import Assistant

ROUTE = "/dokument"
ANCHOR = "citat"
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'"
ORIGINALS = "originals"
PASSAGE_GONE = "Det citerade stycket finns inte längre i dokumentet; hela texten visas nedan."
MAX_QUOTE_CHARS = 1500  # of the quote carried in the link
MIN_OVERLAP_CHARS = 20  # chunks repeat a sentence of the one before (chunk_overlap_sentences)
PAGE_CSS = """
body { font-family: system-ui, sans-serif; line-height: 1.5; margin: 0 auto; padding: 1em;
  max-width: 46em; overflow-wrap: anywhere; color: #1f2937; }
h1 { font-size: 1.4em; margin: 0.2em 0; }
.facts { color: #4b5563; font-size: 0.95em; }
.page-no { color: #6b7280; font-size: 0.85em; border-top: 1px solid #e5e7eb; margin-top: 1em; }
mark { background: #fde68a; padding: 0 0.1em; scroll-margin-top: 30vh; }
"""


def document_url(doc_id: str, chunk_id: str = "", quote: str = "") -> str:
    """The page of ``doc_id`` with ``quote`` (in the chunk ``chunk_id``) highlighted."""
    query = urlencode({"chunk": chunk_id, "q": quote[:MAX_QUOTE_CHARS]})
    return f"{ROUTE}/{url_quote(doc_id, safe='')}?{query}#{ANCHOR}"


def original_url(doc_id: str) -> str:
    return f"{ROUTE}/{url_quote(doc_id, safe='')}/original"


def keep_original(settings: Settings, doc_id: str, path: Path) -> Path:
    """Copy an uploaded file to ``data_dir/originals/<doc_id><suffix>`` (replacing an older)."""
    folder = settings.data_dir / ORIGINALS
    folder.mkdir(parents=True, exist_ok=True)
    remove_original(settings, doc_id)
    target = folder / f"{doc_id}{path.suffix.lower()}"
    target.write_bytes(path.read_bytes())
    return target


def remove_original(settings: Settings, doc_id: str) -> None:
    for old in (settings.data_dir / ORIGINALS).glob(f"{glob_escape(doc_id)}.*"):
        old.unlink(missing_ok=True)


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def original_path(settings: Settings, meta: DocumentMeta) -> Path | None:
    """The original file of a document: a kept upload, else its file in corpus/, if any."""
    kept = sorted((settings.data_dir / ORIGINALS).glob(f"{glob_escape(meta.doc_id)}.*"))
    if kept:
        return kept[0]
    if meta.source:
        shipped = settings.corpus_dir / Path(meta.source).name  # never a path outside corpus/
        if shipped.is_file():
            return shipped
    return None


def _overlap(before: str, after: str) -> int:
    """How many leading characters of ``after`` repeat the end of ``before``."""
    for size in range(min(len(before), len(after)), MIN_OVERLAP_CHARS - 1, -1):
        if before.endswith(after[:size]):
            return size
    return 0


def _without_overlap(ordered: Sequence[Chunk], target: Chunk | None) -> list[str]:
    """Each chunk's text without the sentences it repeats from the one before; the target
    chunk is kept whole (its quote may lie in the overlap), so its neighbour gives way."""
    texts = [c.text for c in ordered]
    for i in range(1, len(ordered)):
        size = _overlap(ordered[i - 1].text, ordered[i].text)
        if not size:
            continue
        if ordered[i] is target and texts[i - 1].endswith(ordered[i].text[:size]):
            texts[i - 1] = texts[i - 1][: len(texts[i - 1]) - size]
        elif ordered[i] is not target:
            texts[i] = texts[i][size:]
    return texts


def _marked(text: str, quote: str) -> str:
    """Escaped ``text`` with ``quote`` in <mark id="citat">; the whole text when not found."""
    words = [re.escape(w) for w in quote.replace("…", " ").split()]
    found = re.search(r"\s+".join(words), text) if words else None
    if found is None:
        return f'<mark id="{ANCHOR}">{escape(text)}</mark>'
    start, end = found.span()
    return (
        f'{escape(text[:start])}<mark id="{ANCHOR}">{escape(text[start:end])}</mark>'
        f"{escape(text[end:])}"
    )


def _paragraphs(html: str) -> str:
    paras = [p for p in re.split(r"\n\s*\n", html) if p.strip()]
    return "".join("<p>" + p.strip().replace("\n", "<br>") + "</p>" for p in paras)


def render_document(
    chunks: Sequence[Chunk], chunk_id: str, quote: str, download: str | None = None
) -> str:
    """The whole page for one document's chunks (its current version, any order)."""
    ordered = sorted(chunks, key=lambda c: c.number)
    meta = ordered[0].meta
    target = next((c for c in ordered if c.chunk_id == chunk_id), None)
    body: list[str] = []
    page = None
    heading = meta.title
    for chunk, text in zip(ordered, _without_overlap(ordered, target), strict=True):
        if chunk.page is not None and chunk.page != page:
            page = chunk.page
            body.append(f'<p class="page-no">Sida {page}</p>')
        rest = quote
        if chunk.heading and chunk.heading != heading:
            # the heading the section's chunks stand under; an answer may quote it first
            heading = chunk.heading
            pieces = quote.split(" … ")
            quoted = chunk is target and pieces[0].strip() == heading
            rest = " … ".join(pieces[1:]) if quoted else quote
            shown = f'<mark id="{ANCHOR}">{escape(heading)}</mark>' if quoted else escape(heading)
            body.append(f"<h2>{shown}</h2>")
            if quoted and not rest:
                body.append(_paragraphs(escape(text)))
                continue
        body.append(_paragraphs(_marked(text, rest or text) if chunk is target else escape(text)))
    facts = [meta.scope_label, meta.date or "datum saknas", meta.doc_type, meta.validity]
    if target is not None and target.page is not None:
        facts.append(f"citatet står på sida {target.page}")
    links = f'<p><a href="{escape(download or "")}" download>Ladda ned originalfilen</a></p>'
    links = links if download else ""
    missing = "" if target else f"<p><em>{PASSAGE_GONE}</em></p>"
    return (
        '<!doctype html><html lang="sv"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(meta.title)}</title><style>{PAGE_CSS}</style></head><body>"
        f"<h1>{escape(meta.title)}</h1>"
        f'<p class="facts">{" · ".join(escape(f) for f in facts if f)}</p>'
        f"{links}{missing}"
        f"<article>{''.join(body)}</article></body></html>"
    )


def not_found_page() -> str:
    return (
        '<!doctype html><html lang="sv"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Dokumentet finns inte</title></head><body><h1>Dokumentet finns inte</h1>"
        "<p>Det kan ha tagits bort eller ersatts. Ställ frågan igen för aktuella källor.</p>"
        "</body></html>"
    )


def add_routes(app: Any, assistant: Assistant) -> None:
    """Serve the document pages and originals on Gradio's FastAPI ``app``."""
    from fastapi.responses import FileResponse, HTMLResponse, Response

    headers = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff"}

    def chunks_of(doc_id: str) -> list[Chunk]:
        return [c for c in assistant.store.all_chunks() if c.doc_id == doc_id]

    def page(doc_id: str, chunk: str = "", q: str = "") -> Response:
        chunks = chunks_of(doc_id)
        if not chunks:
            return HTMLResponse(not_found_page(), status_code=404, headers=headers)
        found = original_path(assistant.settings, chunks[0].meta)
        download = original_url(doc_id) if found else None
        html = render_document(chunks, chunk, q[:MAX_QUOTE_CHARS], download)
        return HTMLResponse(html, headers=headers)

    def original(doc_id: str) -> Response:
        chunks = chunks_of(doc_id)
        found = original_path(assistant.settings, chunks[0].meta) if chunks else None
        if found is None:
            return HTMLResponse(not_found_page(), status_code=404, headers=headers)
        return FileResponse(found, filename=found.name, headers=headers)

    app.add_api_route(ROUTE + "/{doc_id}", page, methods=["GET"], include_in_schema=False)
    app.add_api_route(
        ROUTE + "/{doc_id}/original", original, methods=["GET"], include_in_schema=False
    )
