"""How the assistant holds up as the store grows (a benchmark, not a test).

    python bench/scale.py --chunks 10000 [--chroma-url URL | --chroma-server]

Builds (or reuses) a store of N chunks: the corpus's real texts (corpus/), chunked as ingest
chunks them, and copies of each kommun's documents with its kommun names swapped for other
kommuner of the gazetteer (assistant/data/kommuner.csv); national texts once. No outside
documents. Vectors: the base chunks are embedded for real once and cached on disk; a copy
reuses the vectors of the chunk it was made from, its sentence vectors included (the
embedder's own cost per chunk is measured separately on a sample). Then, each in its own
process (nothing cached across sizes):

- ready_s: a new process (imports, model load, store open, lexical index) until its first
  answer, as on a restart: the lexical index loads from its snapshot (lexical.py);
  ``cold_ready_s`` (on the serve line) is the first start ever, which builds it from every
  chunk and writes the snapshot;
- p50_ms / p95_ms: extractive answer latency in a warm process over the first 50 questions
  of the evaluation sets (evals/sets/*.yaml; SCALE_ASKS), a new process per size so no cache
  is carried over (within one size the answerer's sentence-vector cache stays on);
- add_doc_s: from adding one new document until a question answers from it, in the running
  process (embedded store: the ingester ``python -m ingest add`` runs; a second process cannot
  open an embedded store another holds) or, against a Chroma server, ``python -m ingest add``
  in another process while this one keeps serving;
- rss_mb: peak resident memory of the serving process.

The last line is ``chunks=N ready_s=… p50_ms=… p95_ms=… add_doc_s=… rss_mb=…``.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

BENCH = Path(__file__).resolve()
sys.path.insert(0, str(BENCH.parent.parent))

from bench.scale_store import build_store, questions  # noqa: E402

NEW_DOC = (
    "Överenskommelse om samverkan i Ydre\n\n"
    "Ydre kommun och Arbetsförmedlingen inrättar ett gemensamt kompetenscentrum i Österbymo "
    "från den 1 april 2025. Kompetenscentrumet tar emot arbetssökande som behöver svenska "
    "för yrket.\n"
)
NEW_QUESTION = "Vad inrättar Ydre kommun och Arbetsförmedlingen i Österbymo?"


def _settings() -> object:
    from assistant.settings import load_settings

    return load_settings()


def phase_build(n: int) -> dict[str, object]:
    from assistant import Assistant

    assistant = Assistant(_settings())  # type: ignore[arg-type]
    return build_store(assistant, n, Path(os.environ["SCALE_CACHE"]))


def phase_ready() -> dict[str, object]:
    from assistant import Assistant

    assistant = Assistant(_settings())  # type: ignore[arg-type]
    if os.environ.get("SCALE_DROP_SNAPSHOT"):  # a first start: no lexical snapshot yet
        assistant.store.cache_path("lexical").unlink(missing_ok=True)
    answer = assistant.ask(questions()[0])
    return {"answered": bool(answer.text), "lexical_loaded": assistant.search.lexical.loads}


def phase_serve(server: bool) -> dict[str, object]:
    import resource

    from assistant import Assistant, QuestionError

    assistant = Assistant(_settings())  # type: ignore[arg-type]
    qs = questions()
    assistant.ask(qs[0])  # the first question builds the lexical index (ready_s measures it)
    latencies = []
    for q in (qs * 2)[: args_asks()]:
        t0 = time.perf_counter()
        try:
            assistant.ask(q)
        except QuestionError:
            continue
        latencies.append(time.perf_counter() - t0)
    add_doc_s, doc_id = _add_document(assistant, server)
    assistant.store.delete_document(doc_id)  # the store stays at N chunks for the next run
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "asks": len(latencies),
        "p50_ms": 1000 * percentile(latencies, 0.5),
        "p95_ms": 1000 * percentile(latencies, 0.95),
        "add_doc_s": add_doc_s,
        "rss_mb": peak_kb / 1024,
    }


def _add_document(assistant: object, server: bool) -> tuple[float, str]:
    """Seconds from adding NEW_DOC until an answer cites it."""
    path = Path(os.environ["SCALE_CACHE"]) / "ydre-kompetenscentrum.txt"
    path.write_text(NEW_DOC, encoding="utf-8")
    t0 = time.perf_counter()
    if server:
        cmd = [sys.executable, "-m", "ingest", "add", str(path)]
        subprocess.run(cmd, check=True, capture_output=True, cwd=BENCH.parent.parent)
    else:
        assistant.ingester.add([path])  # type: ignore[attr-defined]
    for _ in range(600):
        answer = assistant.ask(NEW_QUESTION)  # type: ignore[attr-defined]
        if "kompetenscentrum" in answer.text and answer.sources:
            return time.perf_counter() - t0, str(answer.sources[0].doc_id)
        time.sleep(0.05)
    raise SystemExit("the added document was never answered from")


def args_asks() -> int:
    """Asks timed per size (SCALE_ASKS, default 50: at least 50 real questions)."""
    return max(1, int(os.environ.get("SCALE_ASKS", "50")))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def _child(phase: str, env: dict[str, str], *extra: str) -> dict[str, object]:
    cmd = [sys.executable, str(BENCH), "--phase", phase, *extra]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{phase} failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _ready_s(env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    _child("ready", env)
    return time.perf_counter() - t0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def chroma_server(path: Path) -> Iterator[str]:
    """``chroma run`` on a free loopback port, its output in ``PATH.log``; stopped after."""
    chroma = str(Path(sys.executable).parent / "chroma")
    port = _free_port()
    cmd = [chroma, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)]
    path.parent.mkdir(parents=True, exist_ok=True)
    log = path.with_suffix(".log")
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=out)
    try:
        for _ in range(600):
            if proc.poll() is not None:
                raise SystemExit(f"chroma run exited with {proc.returncode}; see {log}")
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        else:
            raise SystemExit(f"chroma run did not listen on port {port} within 60 s; see {log}")
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def run(args: argparse.Namespace, url: str | None) -> None:
    base = Path(os.environ.get("ASSISTANT_DATA_DIR", "data")).resolve() / "scale"
    env = {
        **os.environ,
        "PYTHONPATH": str(BENCH.parent.parent),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "ANONYMIZED_TELEMETRY": "False",
        "ASSISTANT_DATA_DIR": str(base / f"store-{args.chunks}"),
        "SCALE_CACHE": str(base / "cache"),
    }
    if url:
        env |= {"ASSISTANT_CHROMA_URL": url, "ASSISTANT_COLLECTION": f"scale{args.chunks}"}
    (base / "cache").mkdir(parents=True, exist_ok=True)
    built = _child("build", env, "--chunks", str(args.chunks))
    print("store:", json.dumps(built, ensure_ascii=False))
    cold_s = _ready_s(env | {"SCALE_DROP_SNAPSHOT": "1"})
    ready = [_ready_s(env) for _ in range(args.ready_runs)]
    ready_s = sorted(ready)[len(ready) // 2]
    served = _child("serve", env, *(["--server"] if url else []))
    print("serve:", json.dumps(served | {"cold_ready_s": round(cold_s, 2)}))
    print(  # the README's table row
        f"row: | {built['chunks']:,} | {'server' if url else 'embedded'} | {ready_s:.2f} "
        f"({cold_s:.1f}) | {served['p50_ms']:.0f} | {served['p95_ms']:.0f} | "
        f"{served['add_doc_s']:.2f} | {served['rss_mb']:.0f} |".replace(",", " ")
    )
    print(
        f"chunks={built['chunks']} ready_s={ready_s:.2f} p50_ms={served['p50_ms']:.0f} "
        f"p95_ms={served['p95_ms']:.0f} add_doc_s={served['add_doc_s']:.2f} "
        f"rss_mb={served['rss_mb']:.0f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chunks", type=int, default=1000, help="store size in chunks")
    parser.add_argument("--chroma-url", help="run against this Chroma server (http://host:port)")
    parser.add_argument(
        "--chroma-server", action="store_true", help="start `chroma run` on loopback and use it"
    )
    parser.add_argument("--ready-runs", type=int, default=3, help="new processes timed (median)")
    parser.add_argument("--phase", choices=["build", "ready", "serve"], help=argparse.SUPPRESS)
    parser.add_argument("--server", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        phases: dict[str, Callable[[], dict[str, object]]] = {
            "build": lambda: phase_build(args.chunks),
            "ready": phase_ready,
            "serve": lambda: phase_serve(args.server),
        }
        result = phases[args.phase]()
        print(json.dumps(result, ensure_ascii=False))
        return
    if args.chroma_server:
        base = Path(os.environ.get("ASSISTANT_DATA_DIR", "data")).resolve() / "scale"
        with chroma_server(base / f"chroma-server-{args.chunks}") as url:
            run(args, url)
        return
    run(args, args.chroma_url)


if __name__ == "__main__":
    main()
