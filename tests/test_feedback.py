"""Feedback votes in SQLite, their export as evaluation candidates, and a SIGKILL mid-write."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest

from assistant.feedback.export import candidates_yaml
from assistant.feedback.store import SCHEMA_VERSION, FeedbackError, FeedbackRow, FeedbackStore
from assistant.settings import PROJECT_ROOT
from evals.cli import main as evals_main
from evals.evalset import EvalSetError, load_set

SOURCE = {"n": 1, "doc_id": "heby-2016-11-16-samarbete", "chunk_id": "heby:abc:0001"}


def down(question: str = "Vilka grupper prioriteras i Heby?", **fields: object) -> FeedbackRow:
    values: dict[str, object] = {
        "vote": "down",
        "question": question,
        "answer": "Unga prioriteras [1].",
        "sources": (SOURCE,),
        "kommuner": ("Heby",),
        "answerer": "extractive",
        "version": "0.1.0",
    }
    values.update(fields)
    return FeedbackRow(**values)  # type: ignore[arg-type]


def test_a_vote_is_stored_with_its_sources_and_read_back_newest_first(tmp_path: Path) -> None:
    store = FeedbackStore.in_dir(tmp_path)
    first = store.add(down(previous_question="Och i Uppsala?", previous_answer="Svar."))
    second = store.add(down("Vad gäller i Sala?", vote="up", kommuner=("Sala",)))
    assert [r.id for r in store.rows()] == [second, first]
    assert [r.id for r in store.rows(vote="down")] == [first]
    assert [r.id for r in store.rows(kommun="Sala")] == [second]
    row = FeedbackStore.in_dir(tmp_path).get(first)  # a new open reads the same file
    assert row is not None and row.sources == (SOURCE,) and row.kommuner == ("Heby",)
    assert row.previous_question == "Och i Uppsala?" and row.created_at


def test_a_long_comment_is_cut_to_the_limit(tmp_path: Path) -> None:
    store = FeedbackStore.in_dir(tmp_path, comment_chars=10)
    row_id = store.add(down())
    assert store.set_comment(row_id, "  Fel källa <script>x</script>  ") is True
    assert store.get(row_id).comment == "Fel källa "  # type: ignore[union-attr]
    assert store.set_comment(row_id, "Fel källa") is False


def test_concurrent_sessions_lose_no_vote(tmp_path: Path) -> None:
    store = FeedbackStore.in_dir(tmp_path)

    def vote(n: int) -> None:
        for i in range(20):
            store.add(down(f"Fråga {n}-{i}?"))

    threads = [threading.Thread(target=vote, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(store.rows()) == 160


def test_a_newer_or_foreign_file_is_refused_with_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "feedback.sqlite3"
    FeedbackStore(path)
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(FeedbackError, match=r"newer version.*move the file aside"):
        FeedbackStore(path)
    foreign = tmp_path / "other.sqlite3"
    with closing(sqlite3.connect(foreign)) as conn, conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(FeedbackError, match="not this assistant's feedback file"):
        FeedbackStore(foreign)


def test_a_file_at_an_older_version_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "feedback.sqlite3"
    sqlite3.connect(path).close()  # version 0: an empty file
    store = FeedbackStore(path)
    with closing(sqlite3.connect(path)) as conn, conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.add(down()) == 1


WRITER = """
import sys
from pathlib import Path
from assistant.feedback.store import FeedbackRow, FeedbackStore
store = FeedbackStore.in_dir(Path(sys.argv[1]))
i = 0
while True:
    store.add(FeedbackRow(vote="down", question=f"Fråga {i}?", answer="Svar " * 200))
    i += 1
    if i == 50:
        print("written", flush=True)
"""


def test_votes_survive_a_sigkill_mid_write(tmp_path: Path) -> None:
    with subprocess.Popen(
        [sys.executable, "-c", WRITER, str(tmp_path)],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    ) as proc:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "written"
        time.sleep(0.2)  # writing on when it is killed
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=20)
    store = FeedbackStore.in_dir(tmp_path)
    with closing(sqlite3.connect(store.path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    questions = [r.question for r in store.rows()]
    assert len(questions) >= 50
    assert len(set(questions)) == len(questions)
    assert store.add(down()) > len(questions)  # still writable


def test_export_writes_down_votes_as_items_refused_until_filled_in(tmp_path: Path) -> None:
    rows = [
        down(id=1, comment="Fel\nkälla: \u2028 nytt", previous_question="Vem skrev under?"),
        down(id=2, vote="up"),
        down(id=3, kommuner=()),
    ]
    path = tmp_path / "candidates.yaml"
    path.write_text(candidates_yaml(rows), encoding="utf-8")
    with pytest.raises(EvalSetError) as refused:
        load_set(path)
    message = str(refused.value)
    assert "item 'feedback-1' (#1): field 'answerable': still TODO" in message
    assert "item 'feedback-1' (#1): field 'expected_sources': still TODO" in message
    assert "item 'feedback-3' (#2): field 'tags.kind': still TODO" in message
    assert "feedback-2" not in message  # a 👍 is no candidate
    filled = (
        path.read_text(encoding="utf-8")
        .replace("answerable: TODO", "answerable: true")
        .replace("- TODO", "- heby-2016-11-16-samarbete", 1)
        .replace("- TODO", "- unga", 1)
        .replace("kind: TODO", "kind: follow-up", 1)
        .replace("- TODO", "- heby-2016-11-16-samarbete", 1)
        .replace("- TODO", "- unga", 1)
        .replace("kind: TODO", "kind: fact", 1)
    )
    path.write_text(filled, encoding="utf-8")
    items = load_set(path).items
    assert [i.id for i in items] == ["feedback-1", "feedback-3"]
    assert items[0].turns == ["Vem skrev under?", "Vilka grupper prioriteras i Heby?"]
    assert items[0].kommun_filter == ["Heby"]


def test_export_command_refuses_an_existing_file_without_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    FeedbackStore.in_dir(tmp_path / "data").add(down())
    out = tmp_path / "out.yaml"
    out.write_text("keep me", encoding="utf-8")
    assert evals_main(["feedback", "export", "--out", str(out)]) == 2
    assert "pass --force to overwrite it" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "keep me"
    assert evals_main(["feedback", "export", "--out", str(out), "--force"]) == 0
    assert "id: feedback-1" in out.read_text(encoding="utf-8")
