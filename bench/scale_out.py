"""Two assistant processes on one Chroma server, answering while one of them ingests
(a benchmark, not a test).

    python bench/scale_out.py [--chunks 1000] [--asks 30] [--chroma-url URL]

Starts ``chroma run`` on loopback (unless ``--chroma-url``) and fills a collection with N
chunks as ``bench/scale.py`` does (``bench/scale_store.py``; the same server folder and
collection as ``scale.py --chroma-server``, so a store it built is reused). Then two worker
processes, A and B, each an ``Assistant`` with ``ASSISTANT_CHROMA_URL`` set, answer their
first question (which builds their lexical index) and wait; on the signal both ask the
evaluation sets' questions (``--asks`` each, extractive answers):

- A, after a third of its questions, ingests a new document (about 30 chunks, about Ydre,
  a kommun no other document names) in a thread while it goes on answering;
- B asks, after each of its questions, the new document's question, until an answer cites it.

Both keep asking until their questions are done and the ingest has landed (A) or the new
document has been seen (B, at most ``--wait`` seconds). Printed per process: questions,
errors, p50 / p95 latency, also for the questions started before, during and after A's
ingest; then the ingest's duration and when B first answered from the new document, in
seconds after A's ingest finished, with B's last answer without it (B checks once per
question, so that is the figure's resolution; both processes read the same wall clock). The
last line is ``errors=E ingest_s=… visible_in_other_s=…``. The document is deleted at the
end, so the store stays at N chunks.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve()
sys.path.insert(0, str(BENCH.parent.parent))

from bench.scale import NEW_DOC, NEW_QUESTION, chroma_server, percentile  # noqa: E402
from bench.scale_store import build_store, questions  # noqa: E402

NEW_NAME = "ydre-samverkan-scale-out"
NEW_WORD = "kompetenscentrum"  # in the answer once it comes from the new document


def new_document() -> str:
    """NEW_DOC and many paragraphs of routine text, so that its ingest takes a while."""
    routine = [
        f"Styrgruppen i Ydre träffas i vecka {n + 10} för avstämning nummer {n}. Protokollet "
        f"skickas till båda parterna inom en vecka. Rapport {n} beskriver lokalernas "
        f"användning och kostnaderna under period {n}. Kontaktpersonerna för del {n} ser "
        "till att kalendern uppdateras och att kallelser går ut i god tid."
        for n in range(1, 31)
    ]
    return NEW_DOC + "\n" + "\n\n".join(routine) + "\n"


def _assistant() -> Any:
    from assistant import Assistant
    from assistant.settings import load_settings

    return Assistant(load_settings())


def phase_build(n: int) -> dict[str, object]:
    from assistant.ingest.documents import slug

    assistant = _assistant()
    assistant.store.delete_document(slug(NEW_NAME))  # left by a run that stopped half-way
    return build_store(assistant, n, Path(os.environ["SCALE_CACHE"]))


class Ingest(threading.Thread):
    """The new document added by this process's ingester, beside its answering."""

    def __init__(self, assistant: Any, path: Path) -> None:
        super().__init__(daemon=True)
        self.assistant, self.path = assistant, path
        self.report: dict[str, object] = {}

    def run(self) -> None:
        start = time.time()
        (result,) = self.assistant.ingester.add([self.path])
        self.report = {
            "start": start,
            "end": time.time(),
            "status": result.status,
            "doc_id": result.doc_id,
            "chunks": result.chunks,
        }


def _cites_new(assistant: Any, doc_id: str) -> bool:
    answer = assistant.ask(NEW_QUESTION)
    return NEW_WORD in answer.text and any(s.doc_id == doc_id for s in answer.sources)


def phase_worker(role: str, asks: int, path: Path, wait_s: float) -> None:
    from assistant import QuestionError
    from assistant.ingest.documents import slug

    assistant = _assistant()
    qs = questions()
    assistant.ask(qs[0])  # builds the lexical index: the process is now serving
    print("ready", flush=True)
    sys.stdin.readline()
    ingest = Ingest(assistant, path) if role == "A" else None
    doc_id = slug(path.stem)
    asked: list[tuple[float, float]] = []  # (wall-clock start, seconds)
    errors: list[str] = []
    seen_at: float | None = None
    missed_at: float | None = None  # B's last answer without the new document
    deadline = time.time() + wait_s
    i = 0
    while True:
        done = len(asked) + len(errors) >= asks
        if role == "A" and done and ingest is not None and not ingest.is_alive():
            break
        if role == "B" and done and (seen_at is not None or time.time() > deadline):
            break
        if ingest is not None and i == asks // 3:
            ingest.start()
        question, i = qs[1 + i % (len(qs) - 1)], i + 1
        start, t0 = time.time(), time.perf_counter()
        try:
            assistant.ask(question)
            asked.append((start, time.perf_counter() - t0))
        except QuestionError:
            continue
        except Exception as exc:  # any failure counts; the run goes on
            errors.append(f"{question}: {exc!r}"[:200])
        if role == "B" and seen_at is None:
            probed = time.time()
            if _cites_new(assistant, doc_id):
                seen_at = probed
            else:
                missed_at = probed
    result = {
        "asked": asked,
        "errors": errors,
        "ingest": ingest.report if ingest is not None else None,
        "seen_at": seen_at,
        "missed_at": missed_at,
    }
    print(json.dumps(result), flush=True)
    if role == "A":  # once B is done too: leave the store as it was
        sys.stdin.readline()
        assistant.store.delete_document(doc_id)


def _stats(latencies: list[float]) -> str:
    if not latencies:
        return "asks=0"
    p50, p95 = percentile(latencies, 0.5), percentile(latencies, 0.95)
    return f"asks={len(latencies)} p50_ms={1000 * p50:.0f} p95_ms={1000 * p95:.0f}"


def report(a: dict[str, Any], b: dict[str, Any]) -> None:
    ingest = a["ingest"]
    window = (ingest["start"], ingest["end"])
    for role, result in (("A", a), ("B", b)):
        asked = result["asked"]
        parts = {
            "before": [s for start, s in asked if start < window[0]],
            "during": [s for start, s in asked if window[0] <= start <= window[1]],
            "after": [s for start, s in asked if start > window[1]],
        }
        print(
            f"{role}: {_stats([s for _, s in asked])} errors={len(result['errors'])} | "
            + " | ".join(f"{name} the ingest: {_stats(part)}" for name, part in parts.items())
        )
        for error in result["errors"][:5]:
            print(f"  error: {error}")
    print(
        f"A ingested {ingest['doc_id']}: {ingest['status']}, {ingest['chunks']} chunks in "
        f"{window[1] - window[0]:.1f} s"
    )
    seen, missed = b["seen_at"], b["missed_at"]
    if seen is None:
        print("B never answered from the new document")
    else:
        before = (
            "" if missed is None else f" (its last answer without it: {missed - window[1]:.2f} s)"
        )
        print(f"B answered from it {seen - window[1]:.2f} s after A's ingest finished{before}")
    visible = "never" if seen is None else f"{seen - window[1]:.2f}"
    print(
        f"errors={len(a['errors']) + len(b['errors'])} ingest_s={window[1] - window[0]:.1f} "
        f"visible_in_other_s={visible}"
    )


def _worker(role: str, env: dict[str, str], args: argparse.Namespace, path: Path) -> Any:
    cmd = [sys.executable, str(BENCH), "--phase", "worker", "--role", role]
    cmd += ["--asks", str(args.asks), "--wait", str(args.wait), "--document", str(path)]
    return subprocess.Popen(cmd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def _result(proc: Any) -> dict[str, Any]:
    for line in proc.stdout:
        if line.startswith("{"):
            return dict(json.loads(line))
    raise SystemExit(f"a worker exited with {proc.wait()} before its result")


def run(args: argparse.Namespace, url: str, base: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(BENCH.parent.parent),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "ANONYMIZED_TELEMETRY": "False",
        "ASSISTANT_DATA_DIR": str(base / "scale-out"),
        "ASSISTANT_CHROMA_URL": url,
        "ASSISTANT_COLLECTION": f"scale{args.chunks}",
        "SCALE_CACHE": str(base / "cache"),
    }
    cache = base / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    build = [sys.executable, str(BENCH), "--phase", "build", "--chunks", str(args.chunks)]
    done = subprocess.run(build, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"build failed:\n{done.stderr[-3000:]}")
    print("store:", done.stdout.strip().splitlines()[-1])
    path = cache / f"{NEW_NAME}.txt"
    path.write_text(new_document(), encoding="utf-8")
    workers = [_worker(role, env, args, path) for role in ("A", "B")]
    for proc in workers:
        if proc.stdout.readline().strip() != "ready":
            raise SystemExit(f"a worker exited with {proc.wait()} before it was ready")
    for proc in workers:  # both start at once
        proc.stdin.write("go\n")
        proc.stdin.flush()
    a, b = (_result(proc) for proc in workers)
    workers[0].stdin.write("cleanup\n")
    workers[0].stdin.flush()
    for proc in workers:
        proc.wait(timeout=300)
    report(a, b)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chunks", type=int, default=1000, help="store size in chunks")
    parser.add_argument("--asks", type=int, default=30, help="questions per process")
    parser.add_argument("--wait", type=float, default=300, help="B waits this long at most")
    parser.add_argument("--chroma-url", help="use this Chroma server (http://host:port)")
    parser.add_argument("--phase", choices=["build", "worker"], help=argparse.SUPPRESS)
    parser.add_argument("--role", choices=["A", "B"], help=argparse.SUPPRESS)
    parser.add_argument("--document", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase == "build":
        print(json.dumps(phase_build(args.chunks), ensure_ascii=False))
        return
    if args.phase == "worker":
        phase_worker(args.role, args.asks, args.document, args.wait)
        return
    base = Path(os.environ.get("ASSISTANT_DATA_DIR", "data")).resolve() / "scale"
    if args.chroma_url:
        run(args, args.chroma_url, base)
        return
    with chroma_server(base / f"chroma-server-{args.chunks}") as url:
        run(args, url, base)


if __name__ == "__main__":
    main()
