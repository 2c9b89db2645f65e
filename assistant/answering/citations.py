"""Citation markers [n] in answer text."""

from __future__ import annotations

import re

MARKER = re.compile(r"\[(\d{1,3})\]")


def cited_numbers(text: str) -> list[int]:
    """The numbers cited in ``text``, in order of first use, without repeats."""
    seen: list[int] = []
    for match in MARKER.finditer(text):
        n = int(match.group(1))
        if n not in seen:
            seen.append(n)
    return seen


def invalid_citations(text: str, source_numbers: set[int]) -> list[int]:
    """Cited numbers that point at no listed source."""
    return [n for n in cited_numbers(text) if n not in source_numbers]


_GROUP = re.compile(r"\[(\d{1,3}(?:\s*,\s*\d{1,3})+)\]")  # [1, 2] → [1][2]
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?(?:\s*\[\d{1,3}\])*")


def normalise_markers(text: str) -> str:
    return _GROUP.sub(lambda m: "".join(f"[{n.strip()}]" for n in m.group(1).split(",")), text)


def drop_invalid(text: str, valid: set[int]) -> tuple[str, list[int]]:
    """``text`` without markers that point at no source, and the numbers removed."""
    removed: list[int] = []

    def keep(match: re.Match[str]) -> str:
        n = int(match.group(1))
        if n in valid:
            return match.group(0)
        removed.append(n)
        return ""

    cleaned = MARKER.sub(keep, normalise_markers(text))
    return re.sub(r"[ \t]+([.,;:!?])", r"\1", re.sub(r"[ \t]{2,}", " ", cleaned)).strip(), removed


def uncited_sentences(text: str) -> list[str]:
    """Sentences of ``text`` that carry no [n] marker (headings and one-word lines ignored)."""
    out = []
    for match in _SENTENCE.finditer(text):
        sentence = match.group(0).strip()
        if len(sentence.split()) >= 4 and not MARKER.search(sentence):
            out.append(sentence)
    return out
