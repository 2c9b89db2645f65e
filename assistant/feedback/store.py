"""The feedback seam: the only module that imports sqlite3.

One row per vote in ``data_dir/feedback.sqlite3``. WAL journaling and one short transaction
per write keep it safe with many chat sessions (threads) and a second process reading it
(``python -m evals feedback export``); a process killed mid-write leaves the last committed
rows intact. ``PRAGMA user_version`` holds the schema version: an older file is migrated
step by step on open, a newer or foreign one is refused with what to do.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from assistant.errors import AssistantError

Vote = Literal["up", "down"]
FILENAME = "feedback.sqlite3"
SCHEMA_VERSION = 1
# MIGRATIONS[v] takes a file at version v to v + 1; version 0 is a new, empty file.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE feedback (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        created_at TEXT NOT NULL,            -- ISO time, UTC
        vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
        question TEXT NOT NULL,
        previous_question TEXT NOT NULL DEFAULT '',
        previous_answer TEXT NOT NULL DEFAULT '',
        answer TEXT NOT NULL,
        sources TEXT NOT NULL DEFAULT '[]',  -- JSON: Source.to_json() of each cited source
        kommuner TEXT NOT NULL DEFAULT '[]', -- JSON: the kommun scope of the question
        answerer TEXT NOT NULL DEFAULT '',   -- extractive, grounded, grounded (fallback)
        model TEXT NOT NULL DEFAULT '',
        version TEXT NOT NULL DEFAULT '',    -- the project's version
        comment TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX feedback_created ON feedback (created_at);
    """,
)
_COLUMNS = (
    "id, created_at, vote, question, previous_question, previous_answer, answer, sources, "
    "kommuner, answerer, model, version, comment"
)


class FeedbackError(AssistantError):
    user_message = "Återkopplingen kunde inte sparas. Försök igen eller kontakta en administratör."


@dataclass(frozen=True)
class FeedbackRow:
    """One vote as stored (``id`` 0 until it is)."""

    vote: Vote
    question: str
    answer: str
    previous_question: str = ""
    previous_answer: str = ""
    sources: tuple[dict[str, Any], ...] = ()
    kommuner: tuple[str, ...] = ()
    answerer: str = ""
    model: str = ""
    version: str = ""
    comment: str = ""
    created_at: str = ""
    id: int = 0
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def kommun_label(self) -> str:
        return ", ".join(self.kommuner) or "alla"


class FeedbackStore:
    """Votes in one SQLite file; every method opens a short-lived connection (thread-safe)."""

    def __init__(self, path: Path, comment_chars: int = 1000) -> None:
        self.path = path
        self.comment_chars = comment_chars
        path.parent.mkdir(parents=True, exist_ok=True)
        self._migrate()

    @classmethod
    def in_dir(cls, data_dir: Path, comment_chars: int = 1000) -> FeedbackStore:
        return cls(data_dir / FILENAME, comment_chars)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        try:
            conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        except sqlite3.Error as exc:
            raise FeedbackError(f"Cannot open the feedback file {self.path}: {exc}") from exc
        try:
            conn.execute("PRAGMA busy_timeout = 10000")
            conn.execute("PRAGMA synchronous = NORMAL")
            yield conn
        except sqlite3.DatabaseError as exc:
            raise FeedbackError(
                f"The feedback file {self.path} cannot be used: {exc}. Move it aside (the app "
                "starts a new one) and keep it for inspection."
            ) from exc
        finally:
            conn.close()

    def _migrate(self) -> None:
        with self._connect() as conn:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("BEGIN IMMEDIATE")
            try:
                version = int(conn.execute("PRAGMA user_version").fetchone()[0])
                self._check_version(conn, version)
                for step in range(version, SCHEMA_VERSION):
                    for statement in MIGRATIONS[step].split(";"):
                        if statement.strip():
                            conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    def _check_version(self, conn: sqlite3.Connection, version: int) -> None:
        if version > SCHEMA_VERSION:
            raise FeedbackError(
                f"The feedback file {self.path} was written by a newer version of the "
                f"assistant (schema {version}, this version reads up to {SCHEMA_VERSION}). "
                "Run the newer version, or move the file aside to start a new one."
            )
        tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()
        if version == 0 and tables[0]:
            raise FeedbackError(
                f"{self.path} holds tables but no feedback schema version: it is not this "
                "assistant's feedback file. Move it aside or set ASSISTANT_DATA_DIR elsewhere."
            )

    def clip_comment(self, comment: str) -> tuple[str, bool]:
        """The comment stripped and cut to ``comment_chars``; True when it was cut."""
        text = comment.strip()
        return text[: self.comment_chars], len(text) > self.comment_chars

    def add(self, row: FeedbackRow) -> int:
        """Store a vote; returns its id."""
        comment, _ = self.clip_comment(row.comment)
        created = row.created_at or datetime.now(UTC).isoformat(timespec="seconds")
        values = (
            created,
            row.vote,
            row.question,
            row.previous_question,
            row.previous_answer,
            row.answer,
            json.dumps(list(row.sources), ensure_ascii=False),
            json.dumps(list(row.kommuner), ensure_ascii=False),
            row.answerer,
            row.model,
            row.version,
            comment,
        )
        with self._connect() as conn:
            cur = conn.execute(
                f"INSERT INTO feedback ({_COLUMNS.removeprefix('id, ')}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                values,
            )
            return int(cur.lastrowid or 0)

    def set_comment(self, row_id: int, comment: str) -> bool:
        """Set a vote's comment (cut to the limit); True when it was cut."""
        text, cut = self.clip_comment(comment)
        with self._connect() as conn:
            conn.execute("UPDATE feedback SET comment = ? WHERE id = ?", (text, row_id))
        return cut

    def get(self, row_id: int) -> FeedbackRow | None:
        with self._connect() as conn:
            got = conn.execute(f"SELECT {_COLUMNS} FROM feedback WHERE id = ?", (row_id,))
            found = got.fetchone()
        return _row(found) if found else None

    def rows(
        self, vote: Vote | None = None, kommun: str | None = None, limit: int | None = None
    ) -> list[FeedbackRow]:
        """Newest first, optionally only one vote and only questions scoped to ``kommun``."""
        sql, args = f"SELECT {_COLUMNS} FROM feedback", []
        if vote:
            sql, args = sql + " WHERE vote = ?", [vote]
        sql += " ORDER BY created_at DESC, id DESC"
        with self._connect() as conn:
            found = [_row(r) for r in conn.execute(sql, args).fetchall()]
        if kommun:
            found = [r for r in found if kommun in r.kommuner]
        return found[:limit] if limit else found

    def kommuner(self) -> list[str]:
        """Every kommun some vote was scoped to."""
        return sorted({k for r in self.rows() for k in r.kommuner})


def _row(values: Sequence[Any]) -> FeedbackRow:
    (row_id, created, vote, question, prev_q, prev_a, answer, sources, kommuner, *rest) = values
    answerer, model, version, comment = rest
    return FeedbackRow(
        id=int(row_id),
        created_at=str(created),
        vote=vote,
        question=question,
        previous_question=prev_q,
        previous_answer=prev_a,
        answer=answer,
        sources=tuple(json.loads(sources)),
        kommuner=tuple(json.loads(kommuner)),
        answerer=answerer,
        model=model,
        version=version,
        comment=comment,
    )
