"""``python -m assistant ask`` and ``python -m ingest`` as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from assistant.settings import PROJECT_ROOT
from tests.conftest import SEED_CORPUS


def run(args: list[str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "ASSISTANT_DATA_DIR": str(data_dir),
        "ASSISTANT_CORPUS_DIR": str(SEED_CORPUS),
    }
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
        check=False,
    )


def test_ask_json_ingests_on_first_use_and_prints_sources(tmp_path: Path) -> None:
    done = run(["assistant", "ask", "--json", "Vilka grupper prioriteras i Heby?"], tmp_path)
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert set(payload) >= {"answer", "abstained", "citations", "sources"}
    assert payload["abstained"] is False
    assert "lokal utveckling" in payload["answer"]
    assert payload["citations"] == [1]
    source = payload["sources"][0]
    assert set(source) >= {"n", "doc_id", "title", "scope", "date", "doc_type", "quote"}
    assert source["kommuner"] == ["Heby"] and source["n"] == 1
    assert "Läser in corpus/" in done.stderr  # visible progress on the first start


def test_ask_text_and_bad_question(tmp_path: Path) -> None:
    done = run(["assistant", "ask", "Vilka grupper prioriteras i Sala?"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "framgår inte av underlagen" in done.stdout
    empty = run(["assistant", "ask", "  "], tmp_path)
    assert empty.returncode == 2
    assert "Skriv en fråga" in empty.stderr
    assert "Traceback" not in empty.stderr


def test_ingest_add_text_file_then_answer_from_it(tmp_path: Path) -> None:
    doc = tmp_path / "docs" / "sala-2021-samverkan.md"
    doc.parent.mkdir()
    doc.write_text(
        "# Sala kommun och Arbetsförmedlingen samverkar\n\n"
        "Sala kommun och Arbetsförmedlingen undertecknade den 3 mars 2021 en lokal "
        "överenskommelse. De prioriterade grupperna i Sala är unga utan gymnasieexamen "
        "och långtidsarbetslösa över 55 år.\n",
        encoding="utf-8",
    )
    data = tmp_path / "data"
    added = run(["ingest", "add", str(doc)], data)
    assert added.returncode == 0, added.stderr
    assert "tillagd" in added.stdout
    again = run(["ingest", "add", str(doc)], data)
    assert "oförändrad" in again.stdout
    listed = run(["ingest", "list"], data)
    assert "sala-2021-samverkan" in listed.stdout and "2021-03-03" in listed.stdout
    asked = run(["assistant", "ask", "--json", "Vilka grupper prioriteras i Sala?"], data)
    payload = json.loads(asked.stdout)
    assert payload["abstained"] is False
    assert "långtidsarbetslösa över 55 år" in payload["answer"]
    assert payload["sources"][0]["kommuner"] == ["Sala"]


def test_ingest_rejects_unsupported_file_and_keeps_the_rest(tmp_path: Path) -> None:
    good = tmp_path / "bra.txt"
    good.write_text("Enköping och Arbetsförmedlingen samverkar om unga.", encoding="utf-8")
    bad = tmp_path / "bild.png"
    bad.write_bytes(b"\x89PNG\r\n")
    done = run(["ingest", "add", str(bad), str(good)], tmp_path / "data")
    assert done.returncode == 3  # some files rejected
    assert "avvisad" in done.stdout and "stöds inte" in done.stdout
    assert "tillagd" in done.stdout


def test_admin_commands_add_with_flags_set_list_remove(tmp_path: Path) -> None:
    doc = tmp_path / "notat.txt"
    doc.write_text("Samverkan om unga vuxna och nyanlända kvinnor pågår.", encoding="utf-8")
    data = tmp_path / "data"
    added = run(["ingest", "add", str(doc), "--kommun", "Knivsta", "--type", "annat"], data)
    assert added.returncode == 0, added.stderr
    listed = run(["ingest", "list"], data).stdout
    assert "notat\t" in listed and "\tKnivsta\t" in listed
    corrected = run(["ingest", "set", "notat", "--date", "2020-05-01", "--kommun", "Tierp"], data)
    assert corrected.returncode == 0, corrected.stderr
    listed = run(["ingest", "list"], data).stdout
    assert "\tTierp\t2020-05-01\t" in listed
    bad = run(["ingest", "set", "notat", "--kommun", "Atlantis"], data)
    assert bad.returncode == 2 and "ingen svensk kommun" in bad.stderr
    assert run(["ingest", "remove", "notat"], data).returncode == 0
    assert run(["ingest", "list"], data).stdout.strip() == ""
    missing = run(["ingest", "remove", "notat"], data)
    assert missing.returncode == 4 and "finns inte" in missing.stderr
