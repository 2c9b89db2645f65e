"""How well the embedder aligns English words with Swedish ones (a benchmark, not a test).

    python bench/word_alignment.py [--faq ../shared/data/swefaq/swefaq_dev.jsonl] [--passage]

Measured for a tried and rejected idea (docs/evaluation.md, "English questions through word
alignment"): answer an English question without a language model by reading each English word
as the Swedish word of the retrieved text nearest to it in the embedder's space, when the
cosine reaches a threshold. This prints, per threshold, over a hand-written list of English
words with their Swedish translations (bench/data/en_sv_words.tsv, independent of the
evaluation set), against the words of SweFAQ's answers and corpus/ (many more distractors
than the retrieved sentences of one question):

- aligned right: the nearest Swedish word reaches the threshold and is a translation;
- aligned wrong: it reaches the threshold but is not one;
- aligned while absent: with every translation taken out of the vocabulary, something else
  still reaches the threshold (the case of a question about what the sources do not hold).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from assistant.index.embeddings import Embedder, Matrix, make_embedder
from assistant.settings import PROJECT_ROOT, load_settings
from assistant.swedish import STOP_WORDS, words

LEXICON = Path(__file__).parent / "data" / "en_sv_words.tsv"


def word_vectors(embedder: Embedder, items: list[str], passage: bool) -> Matrix:
    """One vector per word, each embedded alone (as a query, or with --passage as a passage)."""
    if passage:
        return embedder.embed_passages(items)
    return np.stack([embedder.embed_query(w) for w in items])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--faq", type=Path, default=PROJECT_ROOT.parent / "shared/data/swefaq/swefaq_dev.jsonl"
    )
    parser.add_argument("--passage", action="store_true", help="embed words as passages")
    args = parser.parse_args()
    pairs = []
    for line in LEXICON.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            english, swedish = line.split("\t")
            pairs.append((english, tuple(swedish.split(","))))
    texts = [p.read_text(encoding="utf-8") for p in (PROJECT_ROOT / "corpus").glob("*.txt")]
    with args.faq.open(encoding="utf-8") as f:
        for line in f:
            texts.extend(json.loads(line)["candidate_answers"])
    vocab = sorted(
        {w for t in texts for w in words(t) if w not in STOP_WORDS and w.isalpha() and len(w) > 2}
    )
    embedder = make_embedder(load_settings())
    print(
        f"{len(pairs)} English words; {len(vocab)} Swedish words from corpus/ and {args.faq.name}"
    )
    sv = word_vectors(embedder, vocab, args.passage)
    en = word_vectors(embedder, [e for e, _ in pairs], args.passage)
    cos = en @ sv.T
    right = lambda i, j: vocab[j].startswith(pairs[i][1])  # noqa: E731
    best = cos.argmax(axis=1)
    absent_best = []
    for i in range(len(pairs)):
        keep = np.array([not right(i, j) for j in range(len(vocab))])
        absent_best.append(float(cos[i][keep].max()))
    head = ("threshold", "aligned right", "aligned wrong", "aligned while absent")
    print("  ".join(f"{h:>13}" for h in head))
    n = len(pairs)
    for t in (0.86, 0.88, 0.89, 0.90, 0.91, 0.92, 0.93, 0.94):
        ok = sum(1 for i in range(n) if cos[i, best[i]] >= t and right(i, best[i]))
        bad = sum(1 for i in range(n) if cos[i, best[i]] >= t and not right(i, best[i]))
        absent = sum(1 for x in absent_best if x >= t)
        cells = [f"{t:.2f}", *(f"{k} ({k / n:.2f})" for k in (ok, bad, absent))]
        print("  ".join(f"{c:>13}" for c in cells))
    for i in range(n):
        j = best[i]
        mark = "ok" if right(i, j) else "--"
        print(f"  {mark} {pairs[i][0]:16s} → {vocab[j]:20s} {cos[i, j]:.3f}", end="")
        print(f"   absent: {absent_best[i]:.3f}")


if __name__ == "__main__":
    main()
