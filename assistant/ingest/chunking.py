"""Structure-first chunking: sections (headings) → paragraphs → sentences.

A chunk never cuts inside a sentence; its size is measured in the embedder's tokens, and
consecutive chunks of one section share ``overlap`` sentences.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.swedish import ROW, is_list_item, split_sentences

TokenCounter = Callable[[str], int]

_MD_HEADING = re.compile(r"^#{1,6}\s+(.+)$")


@dataclass(frozen=True)
class Piece:
    """A chunk's text and the heading it sits under ("" before the first heading)."""

    heading: str
    text: str


# People's names in a row, "Carolina Klockmo, Sheila Zimic & Anna Jakobsson Lund" (a
# report's authors): a line of text, not a heading.
_NAME = r"[A-ZÅÄÖ][a-zåäöé]+(?:-[A-ZÅÄÖ][a-zåäöé]+)? [A-ZÅÄÖ][a-zåäöé]+"
_NAMES = re.compile(rf"\b{_NAME}\s*(?:,|&|\boch\b)\s*{_NAME}")
# A sentence ends inside the line: "Projektledaren finansieras av parterna. Ledningsgruppen …"
# (a paragraph where a copy was cut off, no heading: its text was lost with it).
_SENTENCE_END_INSIDE = re.compile(r"[.!?]\s+\S")


def is_heading(paragraph: str) -> bool:
    """A short line with no sentence punctuation, as news and press pages write headings; not
    a row ("Telefon: 0498-26 90 00") nor names in a row."""
    if _MD_HEADING.match(paragraph):
        return True
    words = paragraph.split()
    return (
        "\n" not in paragraph
        and 1 <= len(words) <= 10
        and len(paragraph) <= 80
        and paragraph[0].isupper()
        and paragraph[-1] not in '.!?:;,”"'
        and not paragraph.startswith(("-", "–"))
        and not _SENTENCE_END_INSIDE.search(paragraph)
        and not ROW.match(paragraph)  # "Telefon: 0498-26 90 00" is text
        and not _NAMES.search(paragraph)
    )


ITEM_WORDS = 20  # a longer line without a full stop is a paragraph cut off, not an item


def _item(line: str) -> bool:
    """A line that can be an item of a list: no sentence end in or at the end of it, short."""
    return (
        len(line.split()) <= ITEM_WORDS
        and line[-1] not in ".!?:"
        and not _SENTENCE_END_INSIDE.search(line)
    )


TEXT_WORDS = 8  # a paragraph of at least this many words ending a sentence is text


def _text(paragraph: str) -> bool:
    """A paragraph of running text (a heading line above it heads it)."""
    return len(paragraph.split()) >= TEXT_WORDS and paragraph.rstrip()[-1:] in ".!?"


def sections(text: str) -> list[tuple[str, list[str]]]:
    """(heading, paragraphs) in order; the first heading is usually the title."""
    out: list[tuple[str, list[str]]] = [("", [])]
    announced = False  # the paragraph before ends in ":" ("För kommentarer:"), or is its item
    paragraphs = [p for p in (p.strip() for p in re.split(r"\n\s*\n", text)) if p]
    for para, after in zip(paragraphs, [*paragraphs[1:], ""], strict=True):
        flat = " ".join(para.split())
        heading = is_heading(para)
        # … but a heading line with a paragraph of text under it ends the list: it heads that
        item = announced and _item(flat) and not (heading and _text(after))
        if heading and not item:
            md = _MD_HEADING.match(para)
            out.append((md.group(1).strip() if md else para, []))
            continue
        # Lines after a lead-in are the items it announces (names with their roles and
        # telephone numbers, places, dates), not headings of nothing: kept, as list items.
        out[-1][1].append(f"• {flat}" if item and not is_list_item(flat) else flat)
        announced = flat.endswith(":") or item
    if len(out) > 1 and not out[-1][1]:
        # The last line heads nothing: it is text ("Senast uppdaterad 16 oktober 2018",
        # "Lena Landar, pressansvarig", or where a copy breaks off), not a heading.
        last, _ = out.pop()
        out[-1][1].append(last)
    return [(h, paras) for h, paras in out if paras]


def chunk_text(text: str, count_tokens: TokenCounter, max_tokens: int, overlap: int) -> list[Piece]:
    """Split cleaned text into pieces of at most ``max_tokens`` (one long sentence may exceed)."""
    pieces: list[Piece] = []
    for heading, paragraphs in sections(text):
        units = [s for para in paragraphs for s in _paragraph_units(para)]
        pieces.extend(Piece(heading, t) for t in _pack(units, count_tokens, max_tokens, overlap))
    return pieces


def _paragraph_units(paragraph: str) -> list[str]:
    """Sentences, with a paragraph break marked by a leading newline on its first sentence."""
    sentences = split_sentences(paragraph)
    return ["\n" + sentences[0], *sentences[1:]] if sentences else []


def _pack(units: list[str], count: TokenCounter, max_tokens: int, overlap: int) -> list[str]:
    chunks: list[list[str]] = []
    current: list[str] = []
    size = 0
    for unit in units:
        n = count(unit)
        if current and size + n > max_tokens:
            chunks.append(current)
            current = current[-overlap:] if overlap else []
            size = sum(count(u) for u in current)
        current.append(unit)
        size += n
    if current and (not chunks or current != chunks[-1][-len(current) :]):
        chunks.append(current)
    return [_join(c) for c in chunks]


def _join(units: list[str]) -> str:
    text = ""
    for unit in units:
        if unit.startswith("\n"):
            text += ("\n\n" if text else "") + unit[1:]
        else:
            text += (" " if text else "") + unit
    return text.strip()
