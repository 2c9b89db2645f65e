"""Swedish text as data: tokens, stems, stop words, sentences and dates.

Nothing here folds å/ä/ö; tokens are lower-cased only.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

import Stemmer
from bm25s.stopwords import STOPWORDS_SWEDISH

STOP_WORDS: frozenset[str] = frozenset(STOPWORDS_SWEDISH)

# Words that shape a question but say nothing about its topic; ignored when the answerer
# measures how much of a question a sentence supports (not removed from BM25).
QUESTION_WORDS: frozenset[str] = frozenset(
    """vilka vilken vilket vad hur när var varför vem vems finns fanns ges gäller handlar
    står säger sägs beskriv beskriver berätta berättar nämns nämn ingår ingick kommun kommunen
    kommunens kommuner överenskommelse överenskommelsen avtal avtalet ska skall kunna
    enligt många mest få får fick gör göra gjorde""".split()
)

_WORD = re.compile(r"\w+(?:[-:]\w+)*", re.UNICODE)
_ABBREVIATIONS = ("t.ex.", "bl.a.", "m.m.", "s.k.", "d.v.s.", "dvs.", "osv.", "fr.o.m.", "t.o.m.")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”»)]?\s+(?=[\"“«(–—-]?\s*[A-ZÅÄÖ0-9])")

_MONTH_NAMES = (
    "januari februari mars april maj juni juli augusti september oktober november december"
)
MONTHS = {name: i + 1 for i, name in enumerate(_MONTH_NAMES.split())}
_SWEDISH_DATE = re.compile(r"\b(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE)
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("swedish")


def words(text: str) -> list[str]:
    """Lower-cased word tokens, å/ä/ö kept."""
    return [w.lower() for w in _WORD.findall(text)]


def stem(word: str) -> str:
    return str(_stemmer().stemWord(word))


def content_stems(text: str, extra_stop: frozenset[str] = frozenset()) -> list[str]:
    """Stems of the words that carry meaning: stop words and ``extra_stop`` removed."""
    return [
        stem(w) for w in words(text) if w not in STOP_WORDS and w not in extra_stop and len(w) > 1
    ]


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph; never splits after a common abbreviation."""
    protected = text
    for i, abbr in enumerate(_ABBREVIATIONS):
        protected = protected.replace(abbr, f"\x00{i}\x00")
    parts = _SENTENCE_END.split(protected)
    sentences = []
    for part in parts:
        for i, abbr in enumerate(_ABBREVIATIONS):
            part = part.replace(f"\x00{i}\x00", abbr)
        if part.strip():
            sentences.append(part.strip())
    return sentences


def parse_date(text: str) -> date | None:
    """The first date in ``text``: ISO (2016-11-16) or Swedish (16 november 2016)."""
    found: list[tuple[int, date]] = []
    iso = _ISO_DATE.search(text)
    if iso:
        found.extend(_safe_date(iso.start(), *map(int, iso.groups())))
    sw = _SWEDISH_DATE.search(text)
    if sw:
        day, month, year = int(sw.group(1)), MONTHS[sw.group(2).lower()], int(sw.group(3))
        found.extend(_safe_date(sw.start(), year, month, day))
    return min(found)[1] if found else None


def _safe_date(pos: int, year: int, month: int, day: int) -> list[tuple[int, date]]:
    try:
        return [(pos, date(year, month, day))]
    except ValueError:
        return []
