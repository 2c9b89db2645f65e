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
