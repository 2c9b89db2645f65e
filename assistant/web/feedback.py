"""👍/👎 under every answer, a comment after 👎, and the admin's list of what staff said.

The chat keeps, per browser session, a record of each answer it showed (``answer_record``,
keyed by the message's index); a vote stores that record as one row of
:class:`~assistant.feedback.store.FeedbackStore`. The pure functions here build the rows,
tables and HTML (every piece of text escaped); :class:`ChatFeedback` and
:func:`build_feedback_admin` wire them to Gradio.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from html import escape
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import gradio as gr

from assistant.feedback.store import FeedbackRow, FeedbackStore, Vote
from assistant.records import Answer
from assistant.settings import Settings
from assistant.web.answer import paragraphs
from assistant.web.document_page import document_url

log = logging.getLogger(__name__)

THANKS = "Tack för din återkoppling!"
ASK_WHY = "Tack! Vad var fel? Skriv gärna en kort kommentar (frivilligt)."
NOTHING_TO_RATE = "Det här meddelandet är inget svar från underlagen och kan inte betygsättas."
COMMENT_SAVED = "Tack, kommentaren är sparad."
COMMENT_CUT = "Kommentaren var längre än {n} tecken och har kortats till {n} tecken."
EMPTY_COMMENT = "Skriv en kommentar först, eller låt bli – din röst är redan sparad."
ALL_VOTES, DOWN, UP = "Alla", "👎", "👍"
ALL_KOMMUNER = "Alla kommuner"
HEADERS = ["Nr", "Tid", "Röst", "Kommun", "Fråga", "Kommentar"]
CELL_CHARS = 120
EMOJI = {"up": UP, "down": DOWN}


def project_version() -> str:
    try:
        return version("kommun-assistant")
    except PackageNotFoundError:
        return "okänd"


def answerer_of(answer: Answer, settings: Settings) -> tuple[str, str]:
    """(answerer, model) that produced ``answer``, for the feedback row."""
    if settings.llm_backend == "none":
        return "extractive", settings.embedder
    model = settings.llm_model or (settings.llm_model_path.name if settings.llm_model_path else "")
    named = f"{settings.llm_backend}:{model}"
    return ("extractive (fallback)" if answer.fallback else "grounded"), named


def answer_record(
    question: str, answer: Answer, previous: dict[str, Any] | None, settings: Settings
) -> dict[str, Any]:
    """What a later vote on this answer stores (plain data: it lives in a gr.State)."""
    answerer, model = answerer_of(answer, settings)
    return {
        "question": question,
        "answer": answer.text,
        "sources": [s.to_json() for s in answer.sources],
        "kommuner": list(answer.kommuner),
        "answerer": answerer,
        "model": model,
        "previous_question": (previous or {}).get("question", ""),
        "previous_answer": (previous or {}).get("answer", ""),
    }


def vote_of(liked: bool | str | None) -> Vote | None:
    """Gradio's ``LikeData.liked`` as our vote; None for anything else (an undo)."""
    if liked is True or liked == "Like":
        return "up"
    if liked is False or liked == "Dislike":
        return "down"
    return None


def row_of(record: dict[str, Any], vote: Vote) -> FeedbackRow:
    return FeedbackRow(
        vote=vote,
        question=record["question"],
        answer=record["answer"],
        previous_question=record.get("previous_question", ""),
        previous_answer=record.get("previous_answer", ""),
        sources=tuple(record.get("sources", ())),
        kommuner=tuple(record.get("kommuner", ())),
        answerer=record.get("answerer", ""),
        model=record.get("model", ""),
        version=project_version(),
    )


class ChatFeedback:
    """The chat's vote and comment handlers over one feedback store."""

    def __init__(self, store: FeedbackStore) -> None:
        self.store = store

    def vote(self, answered: dict[str, Any] | None, data: gr.LikeData) -> tuple[Any, ...]:
        """(pending row id, comment box, comment, message)."""
        index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        record = (answered or {}).get(str(index))
        vote = vote_of(data.liked)
        if record is None or vote is None:
            shown = NOTHING_TO_RATE if record is None else ""
            return 0, gr.Column(visible=False), "", shown
        row_id = self.store.add(row_of(record, vote))
        log.info("feedback %s stored as row %d", vote, row_id)
        if vote == "up":
            return 0, gr.Column(visible=False), "", THANKS
        return row_id, gr.Column(visible=True), "", ASK_WHY

    def comment(self, row_id: int, text: str) -> tuple[Any, ...]:
        """(pending row id, comment box, comment, message)."""
        if not row_id:
            return 0, gr.Column(visible=False), "", ""
        if not text.strip():
            return row_id, gr.skip(), gr.skip(), EMPTY_COMMENT
        cut = self.store.set_comment(row_id, text)
        done = COMMENT_SAVED
        if cut:
            done = f"{COMMENT_CUT.format(n=self.store.comment_chars)} {COMMENT_SAVED}"
        return 0, gr.Column(visible=False), "", done


# --- the admin's list ------------------------------------------------------------------------


def _cell(text: str) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= CELL_CHARS else one_line[: CELL_CHARS - 1] + "…"


def feedback_table(rows: Sequence[FeedbackRow]) -> list[list[str | int]]:
    return [
        [
            r.id,
            r.created_at.replace("T", " ")[:16],
            EMOJI[r.vote],
            r.kommun_label,
            _cell(r.question),
            _cell(r.comment),
        ]
        for r in rows
    ]


def feedback_choices(rows: Sequence[FeedbackRow]) -> list[tuple[str, int]]:
    return [(f"Nr {r.id} {EMOJI[r.vote]} {_cell(r.question)[:60]}", r.id) for r in rows]


def _source_item(source: dict[str, Any]) -> str:
    doc_id, chunk_id = str(source.get("doc_id", "")), str(source.get("chunk_id", ""))
    quote = str(source.get("quote", ""))
    link = escape(document_url(doc_id, chunk_id, quote))
    return (
        f'<li><a href="{link}" target="_blank" rel="noopener">[{escape(str(source.get("n", "")))}]'
        f" {escape(str(source.get('title', '')))}</a> <small>dokument {escape(doc_id)} · del "
        f"{escape(chunk_id)}</small><blockquote>{paragraphs(quote)}</blockquote></li>"
    )


def render_feedback(row: FeedbackRow) -> str:
    """One vote in full: the question and the turn before it, the answer, the comment and the
    cited sources with their document and chunk ids (each a link to the passage)."""
    sources = "".join(_source_item(s) for s in row.sources)
    before = (
        f"<p><strong>Föregående fråga:</strong> {escape(row.previous_question)}</p>"
        f"<div><strong>Föregående svar:</strong>{paragraphs(row.previous_answer)}</div>"
        if row.previous_question
        else ""
    )
    return (
        f'<div class="feedback-detail"><h3>Återkoppling nr {row.id} {EMOJI[row.vote]}</h3>'
        f"<p><small>{escape(row.created_at)} · kommun: {escape(row.kommun_label)} · "
        f"{escape(row.answerer)} {escape(row.model)} · version {escape(row.version)}</small></p>"
        f"{before}<p><strong>Fråga:</strong> {escape(row.question)}</p>"
        f"<div><strong>Svar:</strong>{paragraphs(row.answer)}</div>"
        f"<p><strong>Kommentar:</strong> {escape(row.comment) or '(ingen)'}</p>"
        f"<p><strong>Källor:</strong></p><ol>{sources or '<li>(inga)</li>'}</ol></div>"
    )


def _vote_filter(choice: str | None) -> Vote | None:
    return "down" if choice == DOWN else "up" if choice == UP else None


def build_feedback_admin(
    store: FeedbackStore, user: gr.State, require: Callable[[str, str, Any], None]
) -> None:
    """The admin panel's feedback section: filters, the list (newest first), one row opened."""
    gr.Markdown("### Återkoppling från chatten")
    with gr.Row():
        vote = gr.Radio(
            [ALL_VOTES, DOWN, UP], value=ALL_VOTES, label="Röst", elem_id="feedback-vote"
        )
        kommun = gr.Dropdown([ALL_KOMMUNER], value=ALL_KOMMUNER, label="Kommun")
        show = gr.Button("Visa återkoppling", size="sm", elem_id="feedback-refresh")
    table = gr.Dataframe(headers=HEADERS, interactive=False, elem_id="feedback-table")
    picker = gr.Dropdown(label="Öppna återkoppling", choices=[], elem_id="feedback-picker")
    detail = gr.HTML(elem_id="feedback-detail")

    def listing(who: str, vote_choice: str, place: str, request: gr.Request) -> tuple[Any, ...]:
        require(who, "feedback list", request)
        only = None if place in (None, ALL_KOMMUNER) else place
        rows = store.rows(_vote_filter(vote_choice), only)
        places = gr.Dropdown(choices=[ALL_KOMMUNER, *store.kommuner()])
        return feedback_table(rows), gr.Dropdown(choices=feedback_choices(rows), value=None), places

    def open_row(who: str, row_id: int | None, request: gr.Request) -> str:
        require(who, "feedback open", request)
        row = store.get(int(row_id)) if row_id else None
        return render_feedback(row) if row else ""

    private: dict[str, Any] = {"api_visibility": "private"}
    for trigger in (show.click, vote.change, kommun.input):
        trigger(listing, [user, vote, kommun], [table, picker, kommun], **private)
    picker.change(open_row, [user, picker], detail, **private)
