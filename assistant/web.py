"""The web chat: a Gradio page over :class:`Assistant`. The only module that imports gradio.

:func:`render_answer` turns an :class:`Answer` into the chat message (pure, unit tested);
:func:`build_ui` lays out the page and :func:`launch` serves it on ``settings.host:port``
with analytics off and no share link.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from html import escape
from typing import Any

import gradio as gr

from assistant.errors import AssistantError, QuestionError
from assistant.records import Answer, Source
from assistant.service import Assistant
from assistant.settings import Settings

log = logging.getLogger(__name__)

TITLE = "Lokala överenskommelser – kommunerna och Arbetsförmedlingen"
INTRO = (
    "Ställ en fråga om de lokala överenskommelserna. Svaret citerar underlagen med [n]; "
    "under svaret ser du källorna med det exakta citatet."
)
ALL_KOMMUNER = "Alla kommuner"
EXAMPLES = (
    "Vilka grupper prioriteras i Heby?",
    "Vilka målgrupper är särskilt prioriterade i Uppsala?",
    "Vilka insatser omfattas av samverkan i Uppsala?",
    "Vilka grupper prioriteras i Sala?",
)
ABSTAINED_LABEL = "⚠️ Inget svar i underlagen"
APOLOGY = (
    "Tyvärr gick något fel när frågan skulle besvaras. Försök igen om en stund; "
    "kvarstår felet, kontakta en administratör."
)
CSS = """
.source-list blockquote { margin: 0.3em 0 0.8em 0; padding-left: 0.8em;
  border-left: 3px solid var(--border-color-accent); font-style: italic; }
.source-list summary { cursor: pointer; font-weight: 600; }
"""

_BLANK_LINE = re.compile(r"\n\s*\n")
# Å, Ä, Ö sort after Z, in that order (plain code points would put Ä before Å).
_SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}"})

Message = dict[str, Any]


def render_answer(answer: Answer) -> str:
    """The chat message for ``answer``: text with [n], a note, and the sources, collapsible.

    One HTML block without blank lines, so the chat's Markdown renderer passes it through
    whole; every piece of document text is escaped.
    """
    parts = []
    if answer.abstained:
        parts.append(f"<p><strong>{ABSTAINED_LABEL}</strong></p>")
    parts.append(_paragraphs(answer.text))
    if answer.notice and answer.notice not in answer.text:
        parts.append(f"<p><em>Obs: {escape(answer.notice)}</em></p>")
    if answer.sources:
        items = "".join(render_source(s) for s in answer.sources)
        parts.append(
            f'<details class="source-list"><summary>Källor ({len(answer.sources)})</summary>'
            f"{items}</details>"
        )
    return "\n".join(parts)


def render_source(source: Source) -> str:
    """``[n] Title``, then kommun · date · type · page, then the quoted passage."""
    facts = [
        source.kommun or "kommun okänd",
        source.date or "datum saknas",
        source.doc_type,
    ]
    if source.page is not None:
        facts.append(f"sida {source.page}")
    details = " · ".join(escape(f) for f in facts if f)
    return (
        f"<p><strong>[{source.n}] {escape(source.title)}</strong><br>"
        f"<small>{details}</small></p>"
        f"<blockquote>{_paragraphs(source.quote)}</blockquote>"
    )


def _paragraphs(text: str) -> str:
    """Escaped ``text`` as <p> paragraphs; single line breaks kept as <br>."""
    paras = [p for p in _BLANK_LINE.split(text.strip()) if p.strip()]
    return "".join(
        "<p>" + "<br>".join(escape(line.strip()) for line in p.splitlines()) + "</p>" for p in paras
    )


def kommun_choices(assistant: Assistant) -> list[str]:
    """The filter's choices: "Alla kommuner", then each kommun with documents, A–Ö."""
    names = sorted(assistant.search.kommuner(), key=lambda k: k.lower().translate(_SWEDISH_ORDER))
    return [ALL_KOMMUNER, *names]


def reply_to(assistant: Assistant, question: str, kommun: str | None) -> tuple[str, bool]:
    """The assistant's chat message for ``question`` and whether it was answered.

    A bad question gets its Swedish message; any other failure is logged and gets a short
    apology. A user never sees a stack trace.
    """
    kommuner = () if not kommun or kommun == ALL_KOMMUNER else (kommun,)
    try:
        answer = assistant.ask(question, kommuner)
    except QuestionError as exc:
        return _paragraphs(exc.user_message), False
    except AssistantError as exc:
        log.exception("answering failed (kommuner=%s)", kommuner)
        return _paragraphs(exc.user_message), False
    except Exception:
        log.exception("unexpected error while answering (kommuner=%s)", kommuner)
        return _paragraphs(APOLOGY), False
    return render_answer(answer), True


def make_respond(assistant: Assistant) -> Callable[..., tuple[str, list[Message]]]:
    """The chat's event handler: (question, kommun, history) -> (question box, history)."""
    one_at_a_time = threading.Lock()  # the submit box and the examples share the assistant

    def respond(
        question: str, kommun: str | None, history: list[Message] | None
    ) -> tuple[str, list[Message]]:
        with one_at_a_time:
            reply, answered = reply_to(assistant, question, kommun)
        turn: list[Message] = []
        if question.strip():
            turn.append({"role": "user", "content": escape(question.strip())})
        turn.append({"role": "assistant", "content": reply})
        # An unanswered question stays in the box so it can be corrected, not retyped.
        return ("" if answered else question), [*(history or []), *turn]

    return respond


def build_ui(assistant: Assistant) -> gr.Blocks:
    """The chat page: title, kommun filter, chat, question box, examples, clear button."""
    respond = make_respond(assistant)

    def refresh_kommuner() -> Any:  # a store that grew since start-up shows its new kommuner
        return gr.Dropdown(choices=kommun_choices(assistant))

    ui = gr.Blocks(title="Kommunassistenten", analytics_enabled=False)
    with ui:
        gr.Markdown(f"# {TITLE}\n{INTRO}")
        kommun = gr.Dropdown(
            choices=kommun_choices(assistant),
            value=ALL_KOMMUNER,
            label="Kommun",
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
        question = gr.Textbox(
            label="Din fråga",
            placeholder="Till exempel: Vilka grupper prioriteras i Heby?",
            max_lines=6,
            submit_btn="Fråga",
        )
        gr.Examples(
            examples=[[q] for q in EXAMPLES],
            inputs=[question, kommun, chatbot],
            outputs=[question, chatbot],
            fn=respond,
            run_on_click=True,
            label="Exempelfrågor",
        )
        gr.ClearButton([chatbot, question], value="Rensa samtalet", size="sm")
        question.submit(respond, inputs=[question, kommun, chatbot], outputs=[question, chatbot])
        ui.load(refresh_kommuner, outputs=kommun)
    return ui


def launch(assistant: Assistant, settings: Settings) -> None:
    """Serve the chat on ``settings.host:settings.port`` until interrupted (never shared)."""
    build_ui(assistant).launch(
        server_name=settings.host,
        server_port=settings.port,
        share=False,
        quiet=True,
        footer_links=[],
        theme=_theme(),
        css=CSS,
    )


def _theme() -> gr.themes.Base:
    """Gradio's default look, served from its own font files (nothing fetched elsewhere).

    Its Source Sans Pro SemiBold file is a small subset, so semibold headings fell back to
    another font letter by letter; the complete Bold file serves every heavier weight.
    """
    font = gr.themes.LocalFont("Source Sans Pro", weights=(400, 700))
    return gr.themes.Default(font=[font, "ui-sans-serif", "system-ui", "sans-serif"])
