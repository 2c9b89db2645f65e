"""How often tolerant matching joins two different words of the corpus: its false-match rate.

    python bench/matching.py [--sample 30] [--plain-distance]

Takes every distinct content stem of ``corpus/*.txt`` (as the answerer stems sentences) and
counts the pairs of them that the answerer's fuzzy rules join (assistant/answering/matching.py):
a misspelling (edit distance) and, separately, an ending the stemmer left on. Each such pair
is two spellings in the corpus itself, so it is either one word (a harmless join) or a false
match; the printed sample lets a reader judge which. Every pair the rules could join is
tried, so the count is exact, not sampled.
"""

from __future__ import annotations

import argparse
import random
from collections import defaultdict
from itertools import combinations
from pathlib import Path

from assistant.answering.matching import SWAP_FROM, damerau, inflected, misspelt
from assistant.swedish import content_stems

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def corpus_stems() -> list[str]:
    stems: set[str] = set()
    for path in sorted(CORPUS.glob("*.txt")):
        stems.update(content_stems(path.read_text(encoding="utf-8"), verbs=True))
    return sorted(stems)


def misspelt_pairs(stems: list[str]) -> list[tuple[str, str]]:
    """Every pair the rule joins: all pairs of stems long enough to be fuzzy are tried."""
    long_enough = [s for s in stems if len(s) >= SWAP_FROM]
    return [pair for pair in combinations(long_enough, 2) if misspelt(*pair)]


def plain_distance(a: str, b: str) -> bool:
    """The rule first tried: Damerau distance 1 from 6 letters, 2 from 9, nothing else."""
    shortest = min(len(a), len(b))
    allowed = 2 if shortest >= 9 else 1 if shortest >= 6 else 0
    return abs(len(a) - len(b)) <= allowed and damerau(a, b) <= allowed


def inflected_pairs(stems: list[str]) -> list[tuple[str, str]]:
    by_start: dict[str, list[str]] = defaultdict(list)
    for s in stems:
        by_start[s[:5]].append(s)
    return sorted(
        (a, b)
        for group in by_start.values()
        for a, b in combinations(sorted(group), 2)
        if inflected(a, b)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=30, help="pairs to print of each rule")
    parser.add_argument(
        "--plain-distance",
        action="store_true",
        help="also count the rule first tried (distance 1 from 6 letters, 2 from 9; slow)",
    )
    args = parser.parse_args()
    stems = corpus_stems()
    fuzzy = sum(1 for s in stems if len(s) >= SWAP_FROM)
    print(f"{len(stems)} distinct stems in {CORPUS.name}/ ({fuzzy} long enough to be fuzzy)")
    rng = random.Random(14)
    rules = [
        ("misspelling (edit distance)", misspelt_pairs(stems)),
        ("ending left by the stemmer", inflected_pairs(stems)),
    ]
    if args.plain_distance:
        long_enough = [s for s in stems if len(s) >= SWAP_FROM]
        plain = [p for p in combinations(long_enough, 2) if plain_distance(*p)]
        rules.append(("plain distance 1 from 6 letters, 2 from 9 (not used)", plain))
    for rule, pairs in rules:
        print(f"\n{rule}: {len(pairs)} pairs joined")
        for a, b in sorted(rng.sample(pairs, min(args.sample, len(pairs)))):
            print(f"  {a} ~ {b}")


if __name__ == "__main__":
    main()
