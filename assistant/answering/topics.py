"""What a question is about, and how much of it a sentence holds.

A question's *topic stems* are its words that carry meaning (Swedish stems; no question
words, no place names); a sentence *covers* them tolerantly (inflections, compounds,
misspellings and synonyms: matching.py), each weighted by how rare it is among the retrieved
sentences, and a word only an earlier turn asked weighing less. The e5 similarity is placed
in the embedder's band. Measured: docs/evaluation.md ("Tolerant topic matching", "Rare topic
words weigh more", "Follow-ups: the question's own words first").
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

from assistant.answering.matching import canonical, found
from assistant.swedish import QUESTION_WORDS, STOP_WORDS, content_stems, words

_WORD = re.compile(r"\w+", re.UNICODE)


# A compound written with a hyphen ("kompetensarena-projektet", "ESF-pengarna"): its parts are
# the words a sentence writes apart or in another compound ("projektet", "kompetensarena").
_HYPHENATED = re.compile(r"(?<=[^\W\d_]{2})-(?=[^\W\d_]{2})")


def sentence_stems(text: str) -> list[str]:
    """The stems a sentence offers a question's words: each word's, and the parts of a
    hyphenated compound besides the whole ("ESF-stöd" is also "ESF" and "stöd")."""
    stems = content_stems(text, verbs=True)
    if _HYPHENATED.search(text):
        stems += content_stems(" ".join(re.findall(r"\w+(?:-\w+)+", text)).replace("-", " "))
    return stems


def topic_stems(question: str, ignore: frozenset[str] = frozenset()) -> list[str]:
    """The stems of what a question is about: no question words, no ``ignore`` (kommun
    names and the like), a hyphenated compound as its parts, and the labels of
    :func:`labelled`."""
    parts = _HYPHENATED.sub(" ", question)
    return content_stems(parts, QUESTION_WORDS | ignore, verbs=True) + labelled(question)


# A capital letter after a word in lower case names one of several like things: "målgrupp
# B", "bilaga C", "alternativ A". Alone it is no word (stems drop one-letter words).
_LABEL = re.compile(r"(?<=[a-zåäöé]{3})\s+([A-ZÅÄÖ])(?![\w-])")


def labelled(text: str) -> list[str]:
    """The labels in ``text`` as stems that only match themselves ("#b": too short to be
    read as a misspelling or part of a word), so "målgrupp B" is not "målgrupp A"."""
    return [f"#{m.group(1).lower()}" for m in _LABEL.finditer(text)]


def coverage(question_stems: Sequence[str], sentence_stems: Sequence[str]) -> float:
    """Share of question stems found in the sentence: the same word inflected, in a
    compound, misspelt or named by a synonym also counts (assistant/answering/matching.py)."""
    wanted = set(canonical(question_stems))
    if not wanted:
        return 0.0
    have = frozenset(canonical(sentence_stems, keep=True))
    return sum(1 for q in wanted if found(q, have)) / len(wanted)


# The weight of a topic word found in every retrieved sentence, against 1 for the rarest
# found one: a word every sentence shares ("Arbetsförmedlingen") tells them apart little.
RARE_WORD_FLOOR = 0.25


# The weight of a word a follow-up question takes from the earlier turn ("Och vilka ska
# anställas inom kort?" after a question about a DUA-samordnare), against 1 for its own.
EARLIER_WORD_WEIGHT = 0.35


def coverages(
    question_stems: Sequence[str],
    sentences: Sequence[Sequence[str]],
    earlier: frozenset[str] = frozenset(),
    counted: Sequence[bool] | None = None,
) -> list[float]:
    """Each sentence's share of the question's topic words (:func:`coverage`), every word
    weighted by how rare it is among the retrieved ``sentences`` (their stems): in "Vilka
    grupper prioriteras i överenskommelsen med Arbetsförmedlingen i Heby?" the sentence
    with "prioriterade" outweighs one with "Arbetsförmedlingen", which most sentences name.
    Words only an earlier turn asked (``earlier``, :func:`canonical` stems) weigh
    ``EARLIER_WORD_WEIGHT`` of that. Measured: docs/evaluation.md, "Rare topic words weigh
    more", "Follow-ups: the question's own words first". Only the ``counted`` sentences (all
    by default) count in how rare a word is: a heading is read as its section's context too."""
    wanted = list(dict.fromkeys(canonical(question_stems)))
    if not wanted:
        return [0.0] * len(sentences)
    found_in = [
        [found(q, frozenset(canonical(stems, keep=True))) for q in wanted] for stems in sentences
    ]
    counted = [True] * len(sentences) if counted is None else counted
    rows = [row for row, c in zip(found_in, counted, strict=True) if c] or found_in
    weights = topic_weights([sum(column) for column in zip(*rows, strict=True)], len(rows))
    weights = [
        w * (EARLIER_WORD_WEIGHT if q in earlier else 1.0)
        for w, q in zip(weights, wanted, strict=True)
    ]
    total = sum(weights)
    return [sum(w for w, f in zip(weights, row, strict=True) if f) / total for row in found_in]


def topic_weights(found_in: Sequence[int], n: int) -> list[float]:
    """The weight of each topic word found in ``found_in[i]`` of ``n`` sentences: its idf
    (as in BM25) scaled so that the rarest found word weighs 1 and a word in every sentence
    about ``RARE_WORD_FLOOR``. A word no sentence has weighs 1 too: whether it is a key term
    the sources lack or a rewording of one they have, its rarity cannot be read."""
    idf = [math.log(1.0 + (n - df + 0.5) / (df + 0.5)) for df in found_in]
    top = max((x for x, df in zip(idf, found_in, strict=True) if df), default=1.0)
    return [RARE_WORD_FLOOR + (1.0 - RARE_WORD_FLOOR) * min(x / top, 1.0) for x in idf]


def complete_clipped(question: str, texts: Sequence[str]) -> str:
    """The question with clipped words ("prio", "info") written out as the retrieved text
    writes them: the embedder reads "prio" as noise, word overlap does not need this.

    A word is clipped when it has 4–5 letters, is no stop word, is not itself a word of the
    retrieved text, but begins one at least 3 letters longer; it becomes the most frequent
    such word."""
    counts = Counter(w for text in texts for w in words(text))

    def written_out(match: re.Match[str]) -> str:
        word = match.group().lower()
        if not 4 <= len(word) <= 5 or word in STOP_WORDS or word in counts:
            return match.group()
        longer = [
            (n, w) for w, n in counts.items() if w.startswith(word) and len(w) >= len(word) + 3
        ]
        return max(longer)[1] if longer else match.group()

    return _WORD.sub(written_out, question)


def dense_support(cosine: float, band: tuple[float, float]) -> float:
    """The cosine placed in the embedder's band of unrelated → answering, clipped to [0, 1]."""
    floor, ceil = band
    return float(np.clip((cosine - floor) / (ceil - floor), 0.0, 1.0))


def earlier_words(q_stems: Sequence[str], own: Sequence[str]) -> frozenset[str]:
    """The question's topic words (:func:`canonical`) that only the earlier turn asked; none
    when the question as typed has no topic of its own ("Och i Uppsala?")."""
    mine = canonical(own)
    if not mine:
        return frozenset()
    return frozenset(q for q in canonical(q_stems) if not found(q, frozenset(mine)))
