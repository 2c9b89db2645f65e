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
from assistant.questions import check_question
from assistant.records import Answer
from assistant.scope.scoping import place_by_name
from assistant.service import Assistant
from assistant.settings import Settings
from assistant.web.admin import build_admin_tab
from assistant.web.admin_forms import CSS as ADMIN_CSS
from assistant.web.answer import CSS, paragraphs, render_answer, sort_swedish

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
        yield Reply(paragraphs(exc.user_message), failed=True)
    except Exception:
        log.exception("unexpected error while answering (kommuner=%s)", kommuner)
        yield Reply(paragraphs(APOLOGY), failed=True)


def remember(history: Sequence[Turn], question: str, answer: Answer, limit: int) -> list[Turn]:
    """The session's earlier turns with this one added; only the last ``limit`` are kept."""
    return [*history, Turn(question, answer.kommuner)][-limit:]


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


def make_respond(assistant: Assistant, switches: StopSwitches) -> Any:
    """The chat's event handler: (question, kommun, chat, turns) → (question box, chat, turns).

    A generator: the question shows at once, then the answer as it is written. ``turns`` is
    the session's bounded history, so a follow-up question keeps its kommun and topic.
    """
    limit = assistant.settings.history_turns

    def respond(
        question: str,
        kommun: str | None,
        chat: list[Message] | None,
        turns: list[Turn] | None,
        request: gr.Request,
    ) -> Iterator[tuple[str, list[Message], list[Turn]]]:
        chat, turns = list(chat or []), list(turns or [])
        try:
            text = check_question(question, assistant.settings.max_question_chars)
        except QuestionError as exc:  # nothing asked: the question stays to be corrected
            asked = [_user(question)] if question.strip() else []
            yield question, [*chat, *asked, _bot(paragraphs(exc.user_message))], turns
            return
        chat.append(_user(text))
        yield "", chat, turns
        session = request.session_hash or ""
        stop = switches.start(session)
        try:
            for reply in replies(assistant, text, _scope(kommun), turns, stop):
                if reply.answer is not None:
                    turns = remember(turns, text, reply.answer, limit)
                yield (question if reply.failed else ""), [*chat, _bot(reply.html)], turns
        finally:
            switches.finish(session, stop)

    return respond


def _user(question: str) -> Message:
    return {"role": "user", "content": escape(question.strip())}


def _bot(html: str) -> Message:
    return {"role": "assistant", "content": html}


def build_chat(assistant: Assistant) -> gr.Dropdown:
    """The chat tab's content; returns the kommun filter (the page refreshes its choices)."""
    switches = StopSwitches()
    respond = make_respond(assistant, switches)

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
        feedback_options=None,
        latex_delimiters=[],
        placeholder="Ställ en fråga nedan eller välj en exempelfråga.",
    )
    turns = gr.State([])  # this browser session's earlier questions (conversation.Turn)
    question = gr.Textbox(
        label="Din fråga",
        placeholder="Till exempel: Vilka grupper prioriteras i Heby?",
        max_lines=6,
        submit_btn="Fråga",
    )
    chat_io: dict[str, Any] = {
        "inputs": [question, kommun, chatbot, turns],
        "outputs": [question, chatbot, turns],
    }
    # Both events run the same function, so Gradio queues them as one: one answer at a time.
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
    chatbot.clear(lambda: [], outputs=turns)
    question.submit(respond, **chat_io)
    return kommun


def build_ui(assistant: Assistant) -> gr.Blocks:
    """The page: title, then the chat tab and the admin tab."""

    def refresh_kommuner() -> Any:  # the store may have grown or shrunk since start-up
        return gr.Dropdown(choices=kommun_choices(assistant))

    ui = gr.Blocks(title="Kommunassistenten", analytics_enabled=False)
    with ui:
        gr.Markdown(f"# {TITLE}\n{INTRO}")
        with gr.Tabs():
            with gr.Tab("Fråga underlagen", id="chat", elem_id="chat-tab") as chat_tab:
                kommun = build_chat(assistant)
            with gr.Tab("Administrera dokument", id="admin", elem_id="admin-tab"):
                changes = build_admin_tab(assistant)
        for change in changes:  # an upload or deletion can add or remove a kommun
            change.then(refresh_kommuner, outputs=kommun, show_progress="hidden")
        chat_tab.select(refresh_kommuner, outputs=kommun, show_progress="hidden")
        ui.load(refresh_kommuner, outputs=kommun)
    return ui


def launch(assistant: Assistant, settings: Settings) -> None:
    """Serve the page on ``settings.host:settings.port`` until interrupted (never shared)."""
    build_ui(assistant).launch(
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
    )


def _theme() -> gr.themes.Base:
    """Gradio's default look, served from its own font files (nothing fetched elsewhere).

    Its Source Sans Pro SemiBold file is a small subset, so semibold headings fell back to
    another font letter by letter; the complete Bold file serves every heavier weight.
    """
    font = gr.themes.LocalFont("Source Sans Pro", weights=(400, 700))
    return gr.themes.Default(font=[font, "ui-sans-serif", "system-ui", "sans-serif"])
