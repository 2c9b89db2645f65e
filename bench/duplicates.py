"""Measure the near-duplicate threshold: how similar copies and different texts are.

    python bench/duplicates.py

Signatures (assistant/ingest/duplicates.py) of the corpus's texts, each against:
- copies of itself as they reach the store in practice: re-wrapped lines (PDF vs text),
  another site's furniture around it (a header and a footer), a shorter opening cut 25 % earlier
  (the same release cut by another site), and one sentence in ten reworded;
- every other corpus text (different documents, many on the same topic and kommun).
Prints the lowest copy similarity, the highest different-text similarity and the margin around
``NEAR_DUPLICATE``.
"""

from __future__ import annotations

import re
import sys
import textwrap
from collections.abc import Callable
from itertools import combinations
from pathlib import Path

from assistant.ingest.cleaning import clean_text
from assistant.ingest.documents import load_document
from assistant.ingest.duplicates import NEAR_DUPLICATE, signature, similarity

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def rewrapped(text: str) -> str:
    return textwrap.fill(re.sub(r"\s+", " ", text), width=70)


def framed(text: str) -> str:
    return (
        "Startsida › Nyheter › Arbete och företagande\nPublicerad av kommunens webbredaktion\n"
        + text
        + "\nDela sidan\nKontakta oss\nCookies och personuppgifter\nSenast uppdaterad"
    )


def shortened(text: str) -> str:
    return text[: int(len(text) * 0.75)]


def reworded(text: str) -> str:
    sentences = re.split(r"(?<=[.!?])\s+", text)
    return " ".join(
        "Detta stycke har formulerats om av redaktionen." if i % 10 == 5 else s
        for i, s in enumerate(sentences)
    )


VARIANTS: dict[str, Callable[[str], str]] = {
    "rewrapped": rewrapped,
    "framed": framed,
    "shortened 25%": shortened,
    "1 in 10 reworded": reworded,
}


def main() -> int:
    texts = {p.stem: clean_text(load_document(p).raw_text) for p in sorted(CORPUS.glob("*.txt"))}
    sigs = {doc: signature(text) for doc, text in texts.items()}
    print(f"{len(texts)} corpus texts, threshold NEAR_DUPLICATE={NEAR_DUPLICATE}")
    lowest_copy = 1.0
    for name, variant in VARIANTS.items():
        scores = [similarity(sigs[d], signature(variant(t))) for d, t in texts.items()]
        lowest_copy = min(lowest_copy, min(scores))
        below = sum(s < NEAR_DUPLICATE for s in scores)
        print(
            f"copy {name:18s} min={min(scores):.2f} mean={sum(scores) / len(scores):.2f} "
            f"below threshold={below}/{len(scores)}"
        )
    pairs = [(similarity(sigs[a], sigs[b]), a, b) for a, b in combinations(sigs, 2)]
    pairs.sort(reverse=True)
    above = sum(s >= NEAR_DUPLICATE for s, _, _ in pairs)
    print(f"different texts: {len(pairs)} pairs, above threshold={above}; highest:")
    for score, a, b in pairs[:3]:
        print(f"  {score:.2f}  {a}  ~  {b}")
    print(
        f"copies_min={lowest_copy:.2f} different_max={pairs[0][0]:.2f} threshold={NEAR_DUPLICATE}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
