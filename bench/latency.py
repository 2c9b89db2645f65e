"""Print the first issue's performance figures on this machine (a benchmark, not a test).

    python bench/latency.py [--repeat 3]

- ingest time for corpus/ into an empty store;
- time to first answer: a fresh ``python -m assistant ask`` process on an ingested store
  (interpreter start, imports, model load, store open, answer);
- extractive answer latency p50/p95 over the shipped evaluation questions (warm process,
  sentence-vector cache cleared before each ask).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from assistant import Assistant, QuestionError
from assistant.settings import PROJECT_ROOT, load_settings

EVAL_SET = PROJECT_ROOT / "evals" / "sets" / "corpus_sv.yaml"
FALLBACK = [
    "Vilka grupper prioriteras i Heby?",
    "Vilka målgrupper är särskilt prioriterade i Uppsala?",
    "Vilka insatser omfattar samverkan i Uppsala?",
    "Vilka grupper prioriteras i Sala?",
]


def questions() -> list[str]:
    if not EVAL_SET.exists():
        return FALLBACK
    data = yaml.safe_load(EVAL_SET.read_text(encoding="utf-8"))
    items = data.get("items", data) if isinstance(data, dict) else data
    out = []
    for item in items:
        q = item.get("question") or (item.get("turns") or [None])[-1]
        if isinstance(q, dict):
            q = q.get("question") or q.get("text")
        if isinstance(q, str):
            out.append(q)
    return out or FALLBACK


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3, help="runs of the cold-start measure")
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="bench-"))
    settings = load_settings(data_dir=data_dir)

    t0 = time.perf_counter()
    assistant = Assistant(settings)
    opened = time.perf_counter() - t0
    t0 = time.perf_counter()
    results = assistant.ensure_corpus()
    ingest = time.perf_counter() - t0
    chunks = assistant.store.count()
    print(f"store open + model load (in process): {opened:.2f} s")
    print(f"ingest corpus/: {ingest:.2f} s for {len(results)} documents, {chunks} chunks")

    # Another process may not open this store while we hold it: cold starts get their own.
    cold_dir = Path(tempfile.mkdtemp(prefix="bench-cold-"))
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(cold_dir)}
    subprocess.run(
        [sys.executable, "-m", "ingest", "add", str(settings.corpus_dir)],
        env=env,
        cwd=PROJECT_ROOT,
        check=True,
        capture_output=True,
    )
    cold = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "assistant", "ask", "Vilka grupper prioriteras i Heby?"],
            env=env,
            cwd=PROJECT_ROOT,
            check=True,
            capture_output=True,
        )
        cold.append(time.perf_counter() - t0)
    median = statistics.median(cold)
    print(
        f"time to first answer (new process, store ingested): median {median:.2f} s "
        f"over {len(cold)} runs"
    )

    qs = questions()
    latencies = []
    for q in qs * 3:
        assistant.answerer.clear_cache()  # every ask embeds its sentences, as a new question does
        t0 = time.perf_counter()
        try:
            assistant.ask(q)
        except QuestionError:
            continue
        latencies.append(time.perf_counter() - t0)
    p50, p95 = (1000 * percentile(latencies, p) for p in (0.5, 0.95))
    print(
        f"extractive answer latency over {len(latencies)} asks ({len(qs)} questions x3): "
        f"p50 {p50:.0f} ms, p95 {p95:.0f} ms"
    )


if __name__ == "__main__":
    main()
