"""Drive N concurrent chat sessions over HTTP (a benchmark, not a test).

    python bench/load.py --sessions 50 [--url http://127.0.0.1:7860/] [--set SET.yaml]

Without ``--url`` the app is started in this process on a free port (settings from the
ASSISTANT_* environment, as ``app.py``); with ``--url`` an app already running is driven.
Each session is its own gradio_client ``Client`` (its own browser session) and asks five
questions of the evaluation set: three single questions and a follow-up conversation of two
turns. When half the questions are answered, an admin adds a new document and then deletes
it (in-process: the same ingester and store calls as the admin tab; skipped with ``--url``,
whose store this process cannot open). An answer is an error when the call fails or shows
the apology or rebuild message. The last line is
``sessions=N questions=Q errors=E p50_s=… p95_s=…``.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from gradio_client import Client

from assistant import Assistant, load_settings
from assistant.web.chat import ALL_KOMMUNER, APOLOGY, REBUILDING, build_ui
from assistant.web.document_page import add_routes
from evals.evalset import DEFAULT_SET, load_set

ENDPOINT = "/respond_1"
HTTP_TIMEOUT_S = 600.0  # the question box's submit event
NEW_DOCUMENT = (
    "Överenskommelse om samverkan i Sala (lasttest)\n\n"
    "Sala kommun och Arbetsförmedlingen har tecknat en lokal överenskommelse. "
    "De prioriterade grupperna i Sala är unga utan gymnasieexamen och nyanlända.\n"
)


def plans(set_path: Path, sessions: int, seed: int = 16) -> list[list[list[str]]]:
    """Per session: three single questions, then one follow-up conversation (two turns)."""
    items = load_set(set_path).items
    singles = [i.text for i in items if not i.turns and i.answerable]
    follow_ups = [i.turns for i in items if i.turns and len(i.turns) == 2]
    if len(singles) < 3 or not follow_ups:
        raise SystemExit(f"{set_path}: needs three answerable questions and a 2-turn follow-up")
    rng = random.Random(seed)
    return [
        [[q] for q in rng.sample(singles, 3)] + [rng.choice(follow_ups)] for _ in range(sessions)
    ]


class Tally:
    def __init__(self, total: int) -> None:
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.total = total
        self.halfway = threading.Event()

    def record(self, seconds: float, error: str = "") -> None:
        with self.lock:
            self.latencies.append(seconds)
            if error:
                self.errors.append(error)
            if len(self.latencies) >= self.total // 2:
                self.halfway.set()


def connect(url: str, attempts: int = 3) -> Client:
    """A session, as a browser opening the page (before the clock starts)."""
    for attempt in range(attempts):
        try:
            return Client(url, verbose=False, httpx_kwargs={"timeout": HTTP_TIMEOUT_S})
        except Exception:
            if attempt == attempts - 1:
                raise
            time.sleep(2)
    raise AssertionError("unreachable")


def run_session(client: Client, plan: list[list[str]], tally: Tally) -> None:
    for conversation in plan:
        chat: list[Any] = []
        for question in conversation:  # a follow-up keeps the chat and the session's turns
            started = time.perf_counter()
            try:
                _, chat = client.predict(question, ALL_KOMMUNER, chat, api_name=ENDPOINT)
                last = str(chat[-1]["content"]) if chat else ""
                bad = next((m for m in (APOLOGY, REBUILDING) if m[:40] in last), "")
                tally.record(time.perf_counter() - started, bad and f"{question}: {bad[:40]}")
            except Exception as exc:  # any failure counts; the run goes on
                tally.record(time.perf_counter() - started, f"{question}: {exc!r}"[:200])


def admin_midway(assistant: Assistant, tally: Tally) -> None:
    """Once half the questions are answered: add a new document, then delete it."""
    tally.halfway.wait()
    with tempfile.TemporaryDirectory(prefix="bench-load-") as folder:
        path = Path(folder) / "bench-load-sala.txt"
        path.write_text(NEW_DOCUMENT, encoding="utf-8")
        started = time.perf_counter()
        (result,) = assistant.ingester.add([path], None, {"kommuner": "Sala"})
        print(
            f"admin: upload {result.status} {result.doc_id} in "
            f"{time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
    time.sleep(2)
    chunks = assistant.store.delete_document(result.doc_id)
    print(f"admin: deleted {result.doc_id} ({chunks} chunks)", file=sys.stderr)


def start_app() -> tuple[str, Assistant, Any]:
    settings = load_settings()
    assistant = Assistant(settings)
    assistant.ensure_corpus()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    ui = build_ui(assistant).queue(default_concurrency_limit=settings.concurrency)
    app, _, _ = ui.launch(
        server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True
    )
    add_routes(app, assistant)
    return f"http://127.0.0.1:{port}/", assistant, ui


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--url", help="drive this running app instead of starting one")
    parser.add_argument("--set", type=Path, default=DEFAULT_SET, help="evaluation set (YAML)")
    args = parser.parse_args()
    session_plans = plans(args.set, args.sessions)
    tally = Tally(sum(len(turns) for plan in session_plans for turns in plan))
    assistant, ui = None, None
    url = args.url
    if url is None:
        url, assistant, ui = start_app()
    with ThreadPoolExecutor(max_workers=8) as pool:
        clients = list(pool.map(lambda _: connect(url), session_plans))
    print(f"{len(clients)} sessions connected", file=sys.stderr)
    admin = None
    if assistant is not None:
        admin = threading.Thread(target=admin_midway, args=(assistant, tally), daemon=True)
        admin.start()
    else:
        print("admin steps skipped: --url's store is not this process's", file=sys.stderr)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.sessions) as pool:
        runs = [
            pool.submit(run_session, c, p, tally)
            for c, p in zip(clients, session_plans, strict=True)
        ]
        for run in runs:
            run.result()
    if admin is not None:
        admin.join(timeout=120)
    wall = time.perf_counter() - started
    for error in tally.errors[:10]:
        print(f"error: {error}", file=sys.stderr)
    print(f"wall_s={wall:.1f}", file=sys.stderr)
    if ui is not None:
        ui.close()
    lat = tally.latencies
    print(
        f"sessions={args.sessions} questions={len(lat)} errors={len(tally.errors)} "
        f"p50_s={statistics.median(lat):.2f} p95_s={percentile(lat, 0.95):.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
