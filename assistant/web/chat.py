"""The web page: a Gradio chat over :class:`Assistant`, and the admin tab beside it.

Only the web modules import gradio. The chat message's HTML is built by pure functions in
:mod:`assistant.web.answer`; :func:`replies` turns a question into the growing chat message;
:func:`build_ui` lays out the page (the admin tab comes from :mod:`assistant.web.admin`) and
:func:`launch` serves it on ``settings.host:port`` with analytics off and no share link.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

import gradio as gr

from assistant.answering.conversation import Turn
from assistant.errors import AssistantError, QuestionError
from assistant.feedback.store import FeedbackStore
from assistant.questions import check_question
from assistant.records import Answer
from assistant.scope.scoping import place_by_name
from assistant.service import Assistant
from assistant.settings import Settings
from assistant.web.admin import build_admin_tab
from assistant.web.admin_forms import CSS as ADMIN_CSS
from assistant.web.answer import CSS, paragraphs, render_answer, sort_swedish
from assistant.web.document_page import add_routes
from assistant.web.feedback import ChatFeedback, answer_record

log = logging.getLogger(__name__)

TITLE = "Lokala överenskommelser – kommunerna och Arbetsförmedlingen"
INTRO = (
    "Ställ en fråga om de lokala överenskommelserna. Svaret citerar underlagen med [n]; "
    "under svaret ser du källorna med det exakta citatet."
)
ALL_KOMMUNER = "Alla kommuner och regioner"
EXAMPLES = (
    "Vilka grupper prioriteras i Heby?",
    "Vilka målgrupper är särskilt prioriterade i Uppsala?",
    "Vilka insatser omfattas av samverkan i Uppsala?",
    "Vilka grupper prioriteras i Sala?",
)
APOLOGY = (
    "Tyvärr gick något fel när frågan skulle besvaras. Försök igen om en stund; "
    "kvarstår felet, kontakta en administratör."
)
REBUILDING = "Dokumentlagret byggs om just nu – försök igen om en stund."
WAITING_FOR_MODEL = "Väntar på en ledig plats hos språkmodellen …"
WRITING_MARK = " ▍"  # after the text while the language model is still writing

Message = dict[str, Any]


def kommun_choices(assistant: Assistant) -> list[str]:
    """The filter's choices: "Alla …", then each kommun with documents, then each known
    region or body with documents of its own, A–Ö."""
    catalog = assistant.search.catalog()
    kommuner = {k for m in catalog for k in m.kommuner}
    regions = {m.region for m in catalog if m.region and place_by_name(m.region)}
    return [ALL_KOMMUNER, *sort_swedish(kommuner), *sort_swedish(regions - kommuner)]


@dataclass(frozen=True)
class Reply:
    """The assistant's chat message as it stands."""

    html: str
    answer: Answer | None = None  # set on the final, verified answer
    failed: bool = False  # no answer: the question goes back into the box


def replies(
    assistant: Assistant,
    question: str,
    kommuner: Sequence[str] = (),
    history: Sequence[Turn] = (),
    stop: threading.Event | None = None,
) -> Iterator[Reply]:
    """The chat message as it grows: the model's text while it writes, then the answer.

    A bad question gets its Swedish message; any other failure is logged and gets a short
    apology. A user never sees a stack trace.
    """
    written = ""
    if _rebuilding(assistant):  # emptied by `ingest rebuild`: not "no documents about X"
        yield Reply(paragraphs(REBUILDING), failed=True)
        return
    try:
        for piece in assistant.stream(question, kommuner, history, stop):
            if isinstance(piece, Answer):
                yield Reply(render_answer(piece), piece)
            else:
                written += piece
                yield Reply(paragraphs(written + WRITING_MARK))
    except QuestionError as exc:
        yield Reply(paragraphs(exc.user_message), failed=True)
    except AssistantError as exc:
        log.exception("answering failed (kommuner=%s)", kommuner)
        shown = REBUILDING if _rebuilding(assistant) else exc.user_message
        yield Reply(paragraphs(shown), failed=True)
    except Exception:
        log.exception("unexpected error while answering (kommuner=%s)", kommuner)
        yield Reply(paragraphs(REBUILDING if _rebuilding(assistant) else APOLOGY), failed=True)


def _rebuilding(assistant: Assistant) -> bool:
    """After a failure: is the store gone or empty, as while ``ingest rebuild`` runs?"""
    store = getattr(assistant, "store", None)
    if store is None:
        return False
    try:
        return bool(store.count() == 0)
    except Exception:  # the collection was dropped under us
        return True


def remember(history: Sequence[Turn], question: str, answer: Answer, limit: int) -> list[Turn]:
    """The session's earlier turns with this one added; only the last ``limit`` are kept."""
    return [*history, Turn.of(question, answer)][-limit:]


class StopSwitches:
    """The stop switch of each browser session's running answer."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: dict[str, threading.Event] = {}

    def start(self, session: str) -> threading.Event:
        event = threading.Event()
        with self._lock:
            self._running[session] = event
        return event

    def stop(self, session: str) -> bool:
        """Ask the session's running answer to stop; False when none is running."""
        with self._lock:
            event = self._running.get(session)
        if event is not None:
            event.set()
        return event is not None

    def finish(self, session: str, event: threading.Event) -> None:
        with self._lock:
            if self._running.get(session) is event:
                del self._running[session]


def _scope(kommun: str | None) -> tuple[str, ...]:
    return () if not kommun or kommun == ALL_KOMMUNER else (kommun,)


Answered = dict[str, dict[str, Any]]  # chat message index → feedback.answer_record


def make_respond(
    assistant: Assistant, switches: StopSwitches, llm_slots: threading.Semaphore | None = None
) -> Any:
    """The chat's event handler: (question, kommun, chat, turns, answered) → (question box,
    chat, turns, answered).

    A generator: the question shows at once, then the answer as it is written. ``turns`` is
    the session's bounded history, so a follow-up question keeps its kommun and topic;
    ``answered`` keeps what a vote on each answer stores. With a language model configured,
    ``llm_slots`` bounds how many answers it writes at once.
    """
    limit = assistant.settings.history_turns
    uses_llm = getattr(assistant, "generator", None) is not None
    slots = llm_slots if uses_llm else None

    def respond(
        question: str,
        kommun: str | None,
        chat: list[Message] | None,
        turns: list[Turn] | None,
        answered: Answered | None,
        request: gr.Request,
    ) -> Iterator[tuple[str, list[Message], list[Turn], Answered]]:
        chat, turns, answered = list(chat or []), list(turns or []), dict(answered or {})
        try:
            text = check_question(question, assistant.settings.max_question_chars)
        except QuestionError as exc:  # nothing asked: the question stays to be corrected
            asked = [_user(question)] if question.strip() else []
            yield question, [*chat, *asked, _bot(paragraphs(exc.user_message))], turns, answered
            return
        chat.append(_user(text))
        yield "", chat, turns, answered
        if slots is not None and not slots.acquire(blocking=False):
            yield "", [*chat, _bot(paragraphs(WAITING_FOR_MODEL))], turns, answered
            slots.acquire()
        session = request.session_hash or ""
        stop = switches.start(session)
        try:
            for reply in replies(assistant, text, _scope(kommun), turns, stop):
                if reply.answer is not None:
                    turns = remember(turns, text, reply.answer, limit)
                    previous = answered.get(str(len(chat) - 2))
                    settings = assistant.settings
                    answered[str(len(chat))] = answer_record(text, reply.answer, previous, settings)
                shown = [*chat, _bot(reply.html)]
                yield (question if reply.failed else ""), shown, turns, answered
        finally:
            switches.finish(session, stop)
            if slots is not None:
                slots.release()

    return respond


def _user(question: str) -> Message:
    return {"role": "user", "content": escape(question.strip())}


def _bot(html: str) -> Message:
    return {"role": "assistant", "content": html}


def build_chat(assistant: Assistant, feedback: FeedbackStore) -> gr.Dropdown:
    """The chat tab's content; returns the kommun filter (the page refreshes its choices)."""
    settings = assistant.settings
    switches = StopSwitches()
    respond = make_respond(
        assistant, switches, threading.BoundedSemaphore(settings.llm_concurrency)
    )

    def stop_answer(request: gr.Request) -> None:
        if switches.stop(request.session_hash or ""):
            log.info("answer stopped by the user")

    kommun = gr.Dropdown(
        choices=kommun_choices(assistant),
        value=ALL_KOMMUNER,
        label="Kommun eller region",
        info="Begränsa svaren till en kommuns dokument.",
        interactive=True,
    )
    chatbot = gr.Chatbot(
        label="Samtal",
        height=None,
        min_height=300,
        max_height="70vh",
        buttons=[],
        feedback_options=("Like", "Dislike"),
        latex_delimiters=[],
        placeholder="Ställ en fråga nedan eller välj en exempelfråga.",
    )
    turns = gr.State([])  # this browser session's earlier questions (conversation.Turn)
    answered = gr.State({})  # what a vote on each answer stores (feedback.answer_record)
    pending = gr.State(0)  # the 👎 row a comment is for
    with gr.Column(visible=False, elem_id="feedback-comment") as comment_box:
        comment = gr.Textbox(label="Vad var fel?", lines=2, max_lines=5)
        send = gr.Button("Skicka kommentaren", size="sm")
    thanks = gr.Markdown(elem_id="feedback-message")
    question = gr.Textbox(
        label="Din fråga",
        placeholder="Till exempel: Vilka grupper prioriteras i Heby?",
        max_lines=6,
        submit_btn="Fråga",
    )
    chat_io: dict[str, Any] = {
        "inputs": [question, kommun, chatbot, turns, answered],
        "outputs": [question, chatbot, turns, answered],
    }
    # Up to ASSISTANT_CONCURRENCY answers at once (for different sessions; the examples get
    # the queue's default, the same limit); a waiting user sees the queue position.
    queued: dict[str, Any] = {
        "concurrency_id": "answer",
        "concurrency_limit": settings.concurrency,
        "show_progress": "full",
    }
    gr.Examples(
        examples=[[q] for q in EXAMPLES],
        fn=respond,
        run_on_click=True,
        label="Exempelfrågor",
        **chat_io,
    )
    with gr.Row():
        gr.Button("Stoppa svaret", size="sm").click(stop_answer, queue=False)
        clear = gr.ClearButton([chatbot, question, turns], value="Rensa samtalet", size="sm")
    # The chat's own clear icon and the button both end the conversation: history too.
    for cleared in (clear.click, chatbot.clear):
        cleared(stop_answer, queue=False)
    chatbot.clear(lambda: ([], {}), outputs=[turns, answered])
    question.submit(respond, **chat_io, **queued)
    votes = ChatFeedback(feedback)
    voted = [pending, comment_box, comment, thanks]
    chatbot.like(votes.vote, [answered], voted, queue=False, api_visibility="private")
    for sent in (send.click, comment.submit):
        sent(votes.comment, [pending, comment], voted, queue=False, api_visibility="private")
    return kommun


def build_ui(assistant: Assistant, feedback: FeedbackStore | None = None) -> gr.Blocks:
    """The page: title, then the chat tab and the admin tab."""
    settings = assistant.settings
    feedback = feedback or FeedbackStore.in_dir(settings.data_dir, settings.feedback_comment_chars)

    def refresh_kommuner() -> Any:  # the store may have grown or shrunk since start-up
        return gr.Dropdown(choices=kommun_choices(assistant))

    ui = gr.Blocks(title="Kommunassistenten", analytics_enabled=False)
    with ui:
        gr.Markdown(f"# {TITLE}\n{INTRO}")
        with gr.Tabs():
            with gr.Tab("Fråga underlagen", id="chat", elem_id="chat-tab") as chat_tab:
                kommun = build_chat(assistant, feedback)
            with gr.Tab("Administrera dokument", id="admin", elem_id="admin-tab"):
                changes = build_admin_tab(assistant, feedback)
        for change in changes:  # an upload or deletion can add or remove a kommun
            change.then(refresh_kommuner, outputs=kommun, show_progress="hidden")
        chat_tab.select(refresh_kommuner, outputs=kommun, show_progress="hidden")
        ui.load(refresh_kommuner, outputs=kommun)
    return ui


def launch(assistant: Assistant, settings: Settings) -> None:
    """Serve the page on ``settings.host:settings.port`` until interrupted (never shared)."""
    ui = build_ui(assistant).queue(default_concurrency_limit=settings.concurrency)
    app, _, _ = ui.launch(
        server_name=settings.host,
        server_port=settings.port,
        share=False,
        quiet=True,
        footer_links=[],
        theme=_theme(),
        css=CSS + ADMIN_CSS,
        # Gradio's upload route is open before any login: cap it. Files between the two
        # limits reach the ingester, which rejects them with a Swedish reason.
        max_file_size=2 * settings.max_file_mb * 1_000_000,
        prevent_thread_lock=True,
    )
    add_routes(app, assistant)  # the source pages: /dokument/{doc_id}
    ui.block_thread()


def _theme() -> gr.themes.Base:
    """Gradio's default look, served from its own font files (nothing fetched elsewhere).

    Its Source Sans Pro SemiBold file is a small subset, so semibold headings fell back to
    another font letter by letter; the complete Bold file serves every heavier weight.
    """
    font = gr.themes.LocalFont("Source Sans Pro", weights=(400, 700))
    return gr.themes.Default(font=[font, "ui-sans-serif", "system-ui", "sans-serif"])
