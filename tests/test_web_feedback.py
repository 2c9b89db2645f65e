"""The chat's vote and comment handlers over a real feedback store (no browser)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import gradio as gr

from assistant import Assistant
from assistant.feedback.store import FeedbackStore
from assistant.records import Answer, Chunk, DocumentMeta, Source
from assistant.web.chat import WAITING_FOR_MODEL, StopSwitches, make_respond
from assistant.web.feedback import (
    ASK_WHY,
    NOTHING_TO_RATE,
    THANKS,
    ChatFeedback,
    answer_record,
    feedback_table,
    render_feedback,
    vote_of,
)
from tests.conftest import make_settings

META = DocumentMeta(doc_id="heby", title="Heby <avtal>", kommuner=("Heby",))


def record(tmp_path: Path) -> dict[str, object]:
    chunk = Chunk("heby", 3, "Unga prioriteras.", META, content_hash="abc")
    answer = Answer(
        question="?",
        text="Unga prioriteras [1].",
        sources=(Source.of(1, chunk, "Unga prioriteras."),),
        kommuner=("Heby",),
    )
    previous = {"question": "Vem skrev under?", "answer": "Marie Wilén [1]."}
    return answer_record("Och vilka prioriteras?", answer, previous, make_settings(tmp_path))


def like(index: int, liked: bool | str) -> gr.LikeData:
    return gr.LikeData(None, {"index": index, "value": "", "liked": liked})


def test_a_down_vote_stores_the_answer_and_asks_why(tmp_path: Path) -> None:
    store = FeedbackStore.in_dir(tmp_path, comment_chars=5)
    votes = ChatFeedback(store)
    row_id, box, _, message = votes.vote({"3": record(tmp_path)}, like(3, False))
    assert message == ASK_WHY and box.visible is True
    (row,) = store.rows()
    assert row.id == row_id and row.vote == "down" and row.kommuner == ("Heby",)
    assert row.previous_question == "Vem skrev under?"
    assert row.sources[0]["chunk_id"] == "heby:abc:0003" and row.answerer == "extractive"
    pending, _, _, said = votes.comment(row_id, "Fel källa")
    assert pending == 0 and "har kortats till 5 tecken" in said
    assert store.get(row_id).comment == "Fel k"  # type: ignore[union-attr]


def test_an_up_vote_thanks_and_a_message_without_answer_is_not_rated(tmp_path: Path) -> None:
    store = FeedbackStore.in_dir(tmp_path)
    votes = ChatFeedback(store)
    assert votes.vote({"1": record(tmp_path)}, like(1, "Like"))[3] == THANKS
    assert votes.vote({"1": record(tmp_path)}, like(0, False))[3] == NOTHING_TO_RATE
    assert [r.vote for r in store.rows()] == ["up"]
    assert vote_of(None) is None and vote_of("Dislike") == "down"


def test_the_admin_view_escapes_what_staff_wrote(tmp_path: Path) -> None:
    store = FeedbackStore.in_dir(tmp_path)
    votes = ChatFeedback(store)
    row_id = votes.vote({"1": record(tmp_path)}, like(1, False))[0]
    votes.comment(row_id, "<script>alert(1)</script>")
    row = store.get(row_id)
    assert row is not None
    html = render_feedback(row)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Heby &lt;avtal&gt;" in html and "del heby:abc:0003" in html
    assert feedback_table([row])[0][2:5] == ["👎", "Heby", "Och vilka prioriteras?"]


class WritingAssistant(Assistant):
    """A language-model assistant whose answer is a fixed script (no store, no model)."""

    def __init__(self, tmp_path: Path) -> None:  # what make_respond reads, nothing more
        self.settings = make_settings(tmp_path)
        self.generator = object()  # type: ignore[assignment]
        self.store = None  # type: ignore[assignment]

    def stream(self, *args: Any, **kwargs: Any) -> Iterator[str | Answer]:
        yield Answer(question="?", text="Unga prioriteras [1].", kommuner=("Heby",))


def test_the_llm_path_waits_for_a_free_slot_and_keeps_what_a_vote_stores(
    tmp_path: Path,
) -> None:
    slots = threading.BoundedSemaphore(1)
    respond = make_respond(WritingAssistant(tmp_path), StopSwitches(), slots)
    request = SimpleNamespace(session_hash="s1")
    slots.acquire()  # another session's answer is being written
    shown = respond("Vilka prioriteras i Heby?", None, [], [], {}, request)
    next(shown)  # the question
    assert WAITING_FOR_MODEL in next(shown)[1][-1]["content"]
    threading.Timer(0.2, slots.release).start()
    *_, (box, chat, turns, answered) = list(shown)
    assert box == "" and "Unga prioriteras [1]." in chat[-1]["content"]
    assert answered["1"]["question"] == "Vilka prioriteras i Heby?" and len(turns) == 1
    assert slots.acquire(blocking=False)  # released again when the answer is done
