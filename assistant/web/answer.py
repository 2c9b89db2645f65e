"""The chat message for an :class:`Answer`, as HTML (pure functions, unit tested).

One HTML block without blank lines, so the chat's Markdown renderer passes it through
whole; every piece of document text is escaped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape

from assistant.records import Answer, DocumentMeta, Source
from assistant.web.document_page import document_url

ABSTAINED_LABEL = "⚠️ Inget svar i underlagen"
OTHER_DOCUMENTS = "Övriga hämtade underlag"
OPEN_DOCUMENT = "Visa hela dokumentet"
CSS = """
.source-list blockquote { margin: 0.3em 0 0.8em 0; padding-left: 0.8em;
  border-left: 3px solid var(--border-color-accent); font-style: italic; }
.source-list summary, .other-sources summary { cursor: pointer; font-weight: 600; }
.other-sources summary { font-weight: 400; }
.fallback-notice { padding: 0.3em 0.6em; border-left: 3px solid var(--color-accent);
  background: var(--background-fill-secondary); }
"""

_BLANK_LINE = re.compile(r"\n\s*\n")
# Å, Ä, Ö sort after Z, in that order (plain code points would put Ä before Å).
_SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}"})


def render_answer(answer: Answer) -> str:
    """The answer's text with [n]; a notice; its sources; other documents retrieved."""
    parts = []
    if answer.abstained:
        parts.append(f"<p><strong>{ABSTAINED_LABEL}</strong></p>")
    if answer.fallback and answer.notice:  # says why, and that excerpts follow
        parts.append(f'<p class="fallback-notice">ℹ️ {escape(answer.notice)}</p>')
    parts.append(paragraphs(answer.text))
    if answer.unsaid_notice and not answer.fallback:
        parts.append(f"<p><em>Obs: {escape(answer.unsaid_notice)}</em></p>")
    if answer.sources:
        items = "".join(render_source(s) for s in answer.sources)
        parts.append(
            f'<details class="source-list"><summary>Källor ({len(answer.sources)})</summary>'
            f"{items}</details>"
        )
    parts.append(render_other_documents(answer))
    return "\n".join(p for p in parts if p)


def render_source(source: Source) -> str:
    """``[n] Title``, then scope · date · type · validity · page, then the quoted passage."""
    facts = [source.scope, source.date or "datum saknas", source.doc_type, source.validity]
    if source.page is not None:
        facts.append(f"sida {source.page}")
    details = " · ".join(escape(f) for f in facts if f)
    link = escape(document_url(source.doc_id, source.chunk_id, source.quote))
    return (
        f"<p><strong>[{source.n}] {escape(source.title)}</strong><br>"
        f"<small>{details}</small></p>"
        f"<blockquote>{paragraphs(source.quote)}</blockquote>"
        f'<p><a class="source-link" href="{link}" target="_blank" rel="noopener">'
        f"{OPEN_DOCUMENT} [{source.n}]</a></p>"
    )


def other_documents(answer: Answer) -> list[DocumentMeta]:
    """Documents the search found but the answer does not cite, once each, best first."""
    cited = {s.doc_id for s in answer.sources}
    found: dict[str, DocumentMeta] = {}
    for hit in answer.retrieved:
        meta = hit.chunk.meta
        if meta.doc_id not in cited:
            found.setdefault(meta.doc_id, meta)
    return list(found.values())


def render_other_documents(answer: Answer) -> str:
    """A collapsed list of the uncited documents retrieved, or "" when there are none."""
    others = other_documents(answer)
    if not others:
        return ""
    items = "".join(
        f"<li>{escape(m.title)} <small>({escape(m.scope_label)})</small></li>" for m in others
    )
    return (
        f'<details class="other-sources"><summary>{OTHER_DOCUMENTS} ({len(others)})</summary>'
        f"<ul>{items}</ul></details>"
    )


def paragraphs(text: str) -> str:
    """Escaped ``text`` as <p> paragraphs; single line breaks kept as <br>."""
    paras = [p for p in _BLANK_LINE.split(text.strip()) if p.strip()]
    return "".join(
        "<p>" + "<br>".join(escape(line.strip()) for line in p.splitlines()) + "</p>" for p in paras
    )


def sort_swedish(names: Iterable[str]) -> list[str]:
    """``names`` in Swedish alphabetical order (… X, Y, Z, Å, Ä, Ö)."""
    return sorted(names, key=lambda k: k.lower().translate(_SWEDISH_ORDER))
