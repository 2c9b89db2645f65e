"""Gazetteer of Sweden's 290 kommuner and 21 län (SCB codes), and finding their names in text.

The data ship as ``assistant/data/kommuner.csv`` and are read once. Nothing here folds å/ä/ö;
names are compared lower-cased, with hyphens and spaces inside a name treated alike.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

# Kommun names whose lower-case form is an ordinary Swedish word (vara, mark, berg, kil, boden,
# skara, klippan) or that are common first names / other places (Ale, Eda, Nora, Mora, Salem).
# In running text they count only when capitalised, and at a sentence start only before
# "kommun". Lund is deliberately not listed: "lund" (grove) is rare, and users type "lund".
AMBIGUOUS_NAMES: frozenset[str] = frozenset(
    [
        "Ale",
        "Berg",
        "Boden",
        "Eda",
        "Kil",
        "Klippan",
        "Mark",
        "Mora",
        "Nora",
        "Salem",
        "Skara",
        "Vara",
    ]
)
# Short forms in everyday written use for a kommun's name: the usual abbreviations of the
# large cities and the part by which a two-word name is called. Only forms that name nothing
# else; they are read as the kommun wherever its name would be.
ALIASES: dict[str, str] = {
    "gbg": "Göteborg",
    "sthlm": "Stockholm",
    "hbg": "Helsingborg",
    "jkpg": "Jönköping",
    "lkpg": "Linköping",
    "nkpg": "Norrköping",
    "väsby": "Upplands Väsby",
}
# Region Gotland is the kommun itself (and the region), so "Region Gotland" names the kommun.
_REGION_IS_KOMMUN: frozenset[str] = frozenset({"Gotland"})

_SEP = r"[\s-]+"
_NAME_SUFFIX = re.compile(r"\s+(?:kommun|stad)$", re.IGNORECASE)
_KOMMUN_AFTER = re.compile(r"\s+kommun", re.IGNORECASE)
_LINK = r"(?:\s*,\s*|\s+(?:och|eller|samt)\s+)"
_OPENERS = " \t\"'“”«»([–—-"
_SENTENCE_ENDS = ".!?…:\n\r"


@dataclass(frozen=True)
class Kommun:
    """A kommun: 4-digit SCB code, short name as SCB writes it, and its län."""

    code: str
    name: str
    lan_code: str
    lan: str


@dataclass(frozen=True)
class Lan:
    """A län: 2-digit SCB code and full name, e.g. ``Lan("03", "Uppsala län")``."""

    code: str
    name: str


def _key(name: str) -> str:
    """Lookup key: lower-cased, runs of spaces and hyphens as one space."""
    return " ".join(re.split(_SEP, name.strip().lower()))


def _alternation(names: set[str]) -> str:
    """Regex alternation of names, longest first, spaces and hyphens interchangeable."""
    ordered = sorted(names, key=lambda n: (-len(n), n))
    return "|".join(_SEP.join(map(re.escape, re.split(_SEP, n))) for n in ordered)


@cache
def kommuner() -> tuple[Kommun, ...]:
    """All kommuner in SCB code order."""
    source = resources.files("assistant").joinpath("data/kommuner.csv")
    with source.open("r", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return tuple(Kommun(r["kod"], r["kommun"], r["lan_kod"], r["lan"]) for r in rows)


@cache
def lan() -> tuple[Lan, ...]:
    """All län in SCB code order."""
    names = {k.lan_code: k.lan for k in kommuner()}
    return tuple(Lan(code, names[code]) for code in sorted(names))


def kommuner_in_lan(lan_code: str) -> tuple[Kommun, ...]:
    """The kommuner of one län (empty for an unknown code)."""
    return tuple(k for k in kommuner() if k.lan_code == lan_code)


@cache
def _kommun_keys() -> dict[str, Kommun]:
    """Kommuner by the key of their name or of a short form (:data:`ALIASES`)."""
    table = {_key(k.name): k for k in kommuner()}
    return table | {alias: table[_key(name)] for alias, name in ALIASES.items()}


def _lan_base(item: Lan) -> str:
    """A län's name without "län" and genitive -s: "Stockholms län" -> "Stockholm"."""
    return item.name.removesuffix(" län").removesuffix("s")


@cache
def _lan_bases() -> dict[str, Lan]:
    """Län by the key of their base name."""
    return {_key(_lan_base(item)): item for item in lan()}


def kommun_by_name(name: str) -> Kommun | None:
    """The kommun called ``name`` (any case), also "X kommun", "Xs kommun", "Xs stad", "Xs"."""
    key = _key(_NAME_SUFFIX.sub("", name.strip()))
    table = _kommun_keys()
    if key in table:
        return table[key]
    return table.get(key[:-1]) if key.endswith("s") else None


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    """Compiled (kommun name, one län name, "X och Ys län" chain, "Region X") patterns."""
    lan_alt = _alternation({_lan_base(item) for item in lan()})
    lan_name = rf"(?:{lan_alt})s?"
    chain = rf"(?P<names>{lan_name}(?:{_LINK}{lan_name})*)"
    kommun_alt = _alternation({k.name for k in kommuner()} | set(ALIASES))
    return tuple(
        re.compile(pattern, re.IGNORECASE)
        for pattern in (
            rf"(?<!\w)(?P<name>{kommun_alt})s?(?!\w)",
            rf"(?<!\w)(?P<base>{lan_alt})s?(?!\w)",
            rf"(?<!\w)(?<!region ){chain}\s+län(?:s|et|ets|en|ens)?(?!\w)",
            rf"(?<!\w)region\s+(?P<names>{lan_name})(?!\w)",
        )
    )


def _lan_in(names: str) -> list[Lan]:
    """The län a matched chain such as "Uppsalas och Västmanlands" names, in order."""
    bases = _lan_bases()
    return [bases[_key(m.group("base"))] for m in _patterns()[1].finditer(names)]


def _lan_mentions(text: str) -> tuple[list[tuple[int, Lan]], list[tuple[int, int]]]:
    """Län named in ``text`` with positions, and the spans no kommun may be matched in."""
    _, _, with_lan, region = _patterns()
    hits: list[tuple[int, Lan]] = []
    blocked: list[tuple[int, int]] = []
    for m in with_lan.finditer(text):
        hits += [(m.start(), item) for item in _lan_in(m.group("names"))]
        blocked.append(m.span())
    for m in region.finditer(text):
        named = _lan_in(m.group("names"))
        hits += [(m.start(), item) for item in named]
        kommun = kommun_by_name(m.group("names"))
        if kommun is None or kommun.name not in _REGION_IS_KOMMUN:
            blocked.append(m.span())
    return hits, blocked


def find_lan(text: str) -> list[Lan]:
    """Län the text names ("Uppsala län", "Uppsalas och Västmanlands län", "Region Skåne")."""
    hits, _ = _lan_mentions(text)
    found: list[Lan] = []
    for _, item in sorted(hits, key=lambda hit: hit[0]):
        if item not in found:
            found.append(item)
    return found


def _plausible(text: str, match: re.Match[str]) -> bool:
    """Whether a match of a name in AMBIGUOUS_NAMES is used as a kommun name."""
    if not match.group()[0].isupper():
        return False
    before = text[: match.start()].rstrip(_OPENERS)
    if not before or before[-1] in _SENTENCE_ENDS:
        return _KOMMUN_AFTER.match(text, match.end()) is not None
    return True


def kommun_mentions(text: str) -> list[tuple[int, int, Kommun]]:
    """(start, end, kommun) of every kommun name in ``text``, in order.

    Whole words only, genitive -s accepted ("Hebys"), case-insensitive except for
    AMBIGUOUS_NAMES. Län names ("Uppsala län") and regions ("Region Uppsala") are not kommuner.
    """
    kommun_pattern = _patterns()[0]
    _, blocked = _lan_mentions(text)
    table = _kommun_keys()
    found: list[tuple[int, int, Kommun]] = []
    for m in kommun_pattern.finditer(text):
        if any(start < m.end() and m.start() < end for start, end in blocked):
            continue
        kommun = table[_key(m.group("name"))]
        if kommun.name in AMBIGUOUS_NAMES and not _plausible(text, m):
            continue
        found.append((m.start(), m.end(), kommun))
    return found


def find_kommuner(text: str) -> list[Kommun]:
    """Kommuner the text names (:func:`kommun_mentions`), in order of first mention, once."""
    found: list[Kommun] = []
    for _, _, kommun in kommun_mentions(text):
        if kommun not in found:
            found.append(kommun)
    return found


_WORD = re.compile(r"\w+", re.UNICODE)
_KOMMUN_WORDS = ("kommun", "kommuns", "stad")
_CLAUSE_END = re.compile(r"\s*(?:[.!?,;:…]|$)")


def one_edit_apart(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with one letter changed, added, removed, or two swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


PROPER_NOUN_CHARS = 5  # a capitalised word this long, one edit from a kommun, is that kommun


def _written_as_name(tokens: list[re.Match[str]], i: int) -> bool:
    """Whether token ``i`` is written as a place's name: capitalised, not the first word, at
    least 5 letters, and not before another capitalised word (a first name, "Norra
    Västmanland")."""
    word = tokens[i].group()
    following = tokens[i + 1].group() if i + 1 < len(tokens) else ""
    return (
        i > 0
        and word[0].isupper()
        and len(word) >= PROPER_NOUN_CHARS
        and not following[:1].isupper()
    )


def find_misspelt_kommuner(text: str) -> list[tuple[str, Kommun]]:
    """(word as written, kommun) for a word one edit away from exactly one kommun name, where
    a kommun is expected: right before "kommun"/"stad" ("hebi kommun"), after "i" at the end
    of a clause ("… i hebi?"), or written as a name — capitalised, not opening the text, at
    least 5 letters ("… i Göteborg och Upsala?", "Hur mycket lägger Helsinborg …"). Elsewhere
    such words are ordinary Swedish (skapa ~ Skara, komma ~ Kumla), so nothing else is guessed.
    Names and words under 4 letters are left out."""
    keys = _kommun_keys()
    tokens = list(_WORD.finditer(text))
    found: list[tuple[str, Kommun]] = []
    for i, m in enumerate(tokens):
        word = m.group().lower()
        if len(word) < 4 or word in keys or (word.endswith("s") and word[:-1] in keys):
            continue
        following = tokens[i + 1].group().lower() if i + 1 < len(tokens) else ""
        after_i = i > 0 and tokens[i - 1].group().lower() == "i"
        a_name = _written_as_name(tokens, i)
        if not (
            following in _KOMMUN_WORDS or (after_i and _CLAUSE_END.match(text, m.end())) or a_name
        ):
            continue
        close = [k for key, k in keys.items() if len(key) >= 4 and one_edit_apart(word, key)]
        if a_name:  # a slip in a name keeps its first letter; "Nora", "Mark" are also words
            close = [
                k for k in close if k.name[0] == m.group()[0] and k.name not in AMBIGUOUS_NAMES
            ]
        if len(close) == 1 and all(close[0] != k for _, k in found):
            found.append((m.group(), close[0]))
    return found
