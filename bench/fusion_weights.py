"""Fusion weights on the dev part of the real set (a measurement, not a test).

    python bench/fusion_weights.py --out DIR [--set evals/sets/real_dev.yaml] [--reuse-store]

Runs the set once per (dense_weight, chars_weight) of a grid, with zscore fusion (BM25 over
word stems gets the rest), and once with reciprocal-rank fusion, all on one store under
``DIR/store`` (built on the first run unless ``--reuse-store``), and prints retrieval (hit@1,
MRR, nDCG@10 of a gold document) and answer figures (pass rate, key-fact recall) per setting.
Choose on the dev part only: the held-out part refuses.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.index.embeddings import make_embedder  # noqa: E402
from evals.runner import build_settings, evaluate  # noqa: E402

DENSE = (0.4, 0.5, 0.6, 0.7, 0.8)
CHARS = (0.0, 0.1, 0.2, 0.3)
SHOWN = ("hit_at_1", "mrr", "ndcg_at_10", "pass_rate", "key_fact_recall")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", type=Path, default=ROOT / "evals/sets/real_dev.yaml")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--reuse-store", action="store_true")
    args = parser.parse_args()
    if "heldout" in args.set.name:
        print("error: weights are chosen on the dev part; the held-out part only reports")
        return 2
    grid: list[dict[str, str]] = [
        {"dense_weight": str(d), "chars_weight": str(c)}
        for d in DENSE
        for c in CHARS
        if d + c <= 1.0
    ]
    grid.append({"fusion": "rrf"})
    settings, _ = build_settings({}, args.out / "store")
    embedder = make_embedder(settings)
    reuse = args.reuse_store
    print("| setting | " + " | ".join(SHOWN) + " |")
    print("|---|" + "---|" * len(SHOWN))
    for options in grid:
        report = evaluate(args.set, args.out, options, embedder, progress=False, reuse_store=reuse)
        reuse = True  # one store for every setting: weights do not change what is stored
        m = report["metrics"]["overall"]
        label = " ".join(f"{k}={v}" for k, v in options.items())
        print(f"| {label} | " + " | ".join(f"{m[k]:.3f}" for k in SHOWN) + " |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
