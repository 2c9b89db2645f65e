"""Checks on a question before any search, with Swedish messages staff can act on."""

from __future__ import annotations

import re

from assistant.errors import QuestionError

_LETTERS = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
_VOWELS = set("aeiouyåäöéü")


def check_question(question: str, max_chars: int) -> str:
    """The question stripped, or :class:`QuestionError` saying what to do instead."""
    text = " ".join(question.split())
    if not text:
        raise QuestionError("empty question", user_message="Skriv en fråga först.")
    if len(text) > max_chars:
        raise QuestionError(
            f"question too long ({len(text)} > {max_chars} characters)",
            user_message=(
                f"Frågan är för lång ({len(text)} tecken). Korta ner den till högst "
                f"{max_chars} tecken och fråga om en sak i taget."
            ),
        )
    if looks_like_nonsense(text):
        raise QuestionError(
            "question has no recognisable words",
            user_message=(
                "Jag känner inte igen några ord i frågan. Skriv den som en vanlig mening, "
                "till exempel: Vilka grupper prioriteras i Heby?"
            ),
        )
    return text


def looks_like_nonsense(text: str) -> bool:
    """No word at all, or mostly letter strings no language would write (no vowels, long
    consonant runs, one letter repeated)."""
    words = _LETTERS.findall(text)
    if not words:
        return True
    odd = sum(1 for w in words if _is_odd(w.lower()))
    return odd / len(words) >= 0.5


def _is_odd(word: str) -> bool:
    if len(set(word)) == 1 and len(word) > 2:
        return True
    if not _VOWELS & set(word):
        return len(word) > 3
    run = 0
    for ch in word:
        run = 0 if ch in _VOWELS else run + 1
        if run >= 6:
            return True
    return False
