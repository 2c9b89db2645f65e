"""Whether a question's topic word is in a sentence: tolerant matching of Swedish stems.

A question stem ``q`` is found among a sentence's stems when one of them

- is ``q`` itself;
- is ``q`` with an ending the stemmer left on ("programmet", "biståndet" for "program",
  "bistånd"), or the other way round (from 5 letters);
- holds ``q`` inside a compound ("ersättning" in "arbetslöshetsersättning", from 4 letters);
- is the last part of ``q``'s compound while another names its first part
  ("ungdomsarbetslöshet" in "arbetslösheten bland unga"; "arbetslösheten" alone is not
  enough: it is not about the young);
- is any of these once a hyphen inside it is dropped ("sam-ordnare": a PDF's line break);
- is a misspelling of ``q`` with the same first letter: two neighbouring letters swapped
  from 6 letters, any one edit (Damerau distance 1) from 10; shorter words, numbers and two
  edits are never fuzzy.

Before that, :func:`canonical` gives every name of one thing the same stem, from the
groups of ``assistant/data/synonyms.yaml`` ("AF" and "Arbetsförmedlingen", "ekonomiskt
bistånd" and "försörjningsstöd"). Measured: docs/evaluation.md, "Tolerant topic matching".
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache
from importlib import resources

import yaml

from assistant.swedish import QUESTION_WORDS, content_stems

# What the Snowball stemmer leaves on some words: definite and plural forms, genitive -s.
ENDINGS = frozenset("s a e t n en et er ar or na ns ts ens ets arna erna orna".split())
MIN_INFLECTED = 5  # letters of the shorter stem: "lokal"/"lokalen" yes, "stöd"/"stöds" no
MIN_COMPOUND_PART = 4  # "ersättning" in "arbetslöshetsersättning"; "ung" never inside a word
SWAP_FROM = 6  # letters from which two swapped neighbours are a typo: "samrodning"
ONE_EDIT_FROM = 10  # … and any one edit: "försäkringsklassan" (at 9 "arbetsgiv" ~ "arbetsliv")
MAX_KEPT_ENDING = 2  # letters of an ending a misspelt word keeps ("-et" in "-förbudnet")


@cache
def _phrases() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Each synonym term's stems with its group's name, by first letter, longest first."""
    source = resources.files("assistant").joinpath("data/synonyms.yaml")
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    table: dict[tuple[str, ...], str] = {}
    for group in data["groups"]:
        terms = [str(t) for t in group]
        name = " ".join(content_stems(terms[0], verbs=True))
        for term in terms:
            full = tuple(content_stems(term, verbs=True))
            # A question loses its question words ("kommuner"): its form of the term too.
            asked = tuple(content_stems(term, QUESTION_WORDS, verbs=True))
            for key in {full, asked} if len(asked) > 1 else {full}:
                if not key or table.get(key, name) != name:
                    raise ValueError(f"synonyms.yaml: {term!r} is empty or in two groups")
                table[key] = name
    by_letter: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for key, name in sorted(table.items(), key=lambda item: -len(item[0])):
        by_letter.setdefault(key[0][0], []).append((key, name))
    return by_letter


def canonical(stems: Sequence[str], *, keep: bool = False) -> list[str]:
    """The stems with each synonym term replaced by its group's name: the longest term
    first, each of its words in any inflection ("ekonomiska biståndet"). With ``keep`` (a
    sentence's stems) the term's own stems stay beside the name: "Sveriges Kommuner och
    Regioner" still names kommuner."""
    by_letter = _phrases()
    out: list[str] = []
    i = 0
    while i < len(stems):
        for key, name in by_letter.get(stems[i][:1], ()):
            window = stems[i : i + len(key)]
            if len(window) == len(key) and all(
                a == b or inflected(a, b) for a, b in zip(window, key, strict=True)
            ):
                out += [*window, name] if keep else [name]
                i += len(key)
                break
        else:
            out.append(stems[i])
            i += 1
    return out


def found(q: str, have: frozenset[str]) -> bool:
    """Whether the question stem ``q`` (:func:`canonical`) matches one of the sentence stems
    ``have`` (:func:`canonical` with ``keep``)."""
    return q in have or any(related(q, s) for s in have) or _compound_named(q, have)


@lru_cache(maxsize=200_000)
def related(q: str, s: str) -> bool:
    """One word in two spellings: inflection, part of a compound, or a misspelling; a hyphen
    left in the sentence's word where a PDF broke it over two lines ("sam-ordnare",
    "informat-ion") is read as no hyphen."""
    if "-" in s and "-" not in q and related(q, s.replace("-", "")):
        return True
    return (len(q) >= MIN_COMPOUND_PART and q in s) or inflected(q, s) or misspelt(q, s)


@lru_cache(maxsize=200_000)
def inflected(a: str, b: str) -> bool:
    """One stem is the other with an ending (a doubled last consonant allowed:
    "programm-et")."""
    short, long = sorted((a, b), key=len)
    if len(short) < MIN_INFLECTED or not long.startswith(short) or long == short:
        return False
    rest = long[len(short) :]
    return rest in ENDINGS or (rest[0] == short[-1] and rest[1:] in ENDINGS)


@lru_cache(maxsize=200_000)
def misspelt(a: str, b: str) -> bool:
    """A typing slip between two stems with the same first letter: two neighbouring letters
    swapped from 6 letters, any one edit from 10. Never numbers, never two edits: in the
    corpus those join different words ("arbetslös" / "arbetssök", bench/matching.py)."""
    short, long = sorted((a, b), key=len)
    if len(short) < SWAP_FROM or a == b or a[0] != b[0] or any(c.isdigit() for c in a + b):
        return False
    if len(short) >= ONE_EDIT_FROM and damerau(a, b) == 1:
        return True
    # A swap may keep the stemmer from taking an ending off ("samordningsförbudnet"):
    # compare with as many of the other's first letters.
    if len(long) - len(short) <= MAX_KEPT_ENDING:
        long = long[: len(short)]
    return damerau(short, long) == 1 and sorted(short) == sorted(long)


def damerau(a: str, b: str) -> int:
    """Edit distance where swapping two neighbouring letters is one edit (optimal string
    alignment)."""
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        prev, row = row, [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], before[j - 2] + 1)
        before = prev
    return row[-1]


def _compound_named(q: str, have: frozenset[str]) -> bool:
    """``q`` is a compound whose last part is a sentence stem and whose first part (less a
    linking -s) another sentence stem names: "ungdomsarbetslös" ← "arbetslös", "ung"."""
    for head in have:
        if len(head) < MIN_COMPOUND_PART or len(q) <= len(head) or not q.endswith(head):
            continue
        first = q[: -len(head)]
        for part in {first, first.removesuffix("s")}:
            if len(part) < 3:
                continue
            name = canonical([part])[0]
            if any(t != head and (t == name or inflected(name, t)) for t in have):
                return True
    return False
