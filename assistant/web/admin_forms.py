"""The admin tab's layout: the login form and the panel it opens (components only).

The handlers and their wiring are in :mod:`assistant.web.admin`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import gradio as gr

from assistant.records import DOC_TYPES
from assistant.web.admin_tables import DOCUMENT_HEADERS, RESULT_HEADERS

CSS = ".admin-table .header-table, .admin-table .virtual-row { font-family: var(--font); }"
AUTO_TYPE = ("Avgör från texten", "")
UPLOAD_HELP = (
    "PDF, DOCX, HTML, Markdown eller text; flera filer på en gång. Andra filer avvisas "
    "med en förklaring. Uppgifterna nedan gäller alla filer i omgången; lämna dem tomma "
    "så läses de ur dokumenten."
)


@dataclass(frozen=True)
class AdminForms:
    """Every component of the admin tab that an event reads or writes."""

    login_box: gr.Column
    name: gr.Textbox
    password: gr.Textbox
    login: gr.Button
    login_message: gr.Markdown
    panel: gr.Column
    logout: gr.Button
    files: gr.File
    upload_kommun: gr.Textbox
    upload_region: gr.Textbox
    upload_date: gr.Textbox
    upload_type: gr.Dropdown
    upload: gr.Button
    upload_message: gr.Markdown
    results: gr.Dataframe
    table: gr.Dataframe
    refresh: gr.Button
    picker: gr.Dropdown
    title: gr.Textbox
    kommun: gr.Textbox
    region: gr.Textbox
    national: gr.Checkbox
    date: gr.Textbox
    valid_from: gr.Textbox
    valid_to: gr.Textbox
    doc_type: gr.Dropdown
    save: gr.Button
    confirm: gr.Checkbox
    delete: gr.Button
    edit_message: gr.Markdown


def build_forms(extra: Callable[[], None] | None = None) -> AdminForms:
    """The login form, then the hidden panel: upload, document list, correct or delete, and
    what ``extra`` lays out (the feedback list)."""
    with gr.Column() as login_box:
        gr.Markdown("Logga in för att lägga till, rätta och ta bort dokument.")
        login: dict[str, Any] = {
            "name": gr.Textbox(label="Användarnamn", max_lines=1),
            "password": gr.Textbox(label="Lösenord", type="password", max_lines=1),
            "login": gr.Button("Logga in", variant="primary"),
            "login_message": gr.Markdown(),
        }
    with gr.Column(visible=False) as panel:
        with gr.Row(equal_height=True):
            gr.Markdown("Du är inloggad som administratör. Ändringar syns i chatten direkt.")
            logout = gr.Button("Logga ut", size="sm", scale=0, min_width=120)
        parts: dict[str, Any] = {**_upload_form(), **_document_list(), **_edit_form()}
        if extra is not None:
            extra()
    return AdminForms(login_box=login_box, panel=panel, logout=logout, **login, **parts)


def _type_choices(auto: bool) -> list[tuple[str, str]]:
    return [*([AUTO_TYPE] if auto else []), *((t, t) for t in DOC_TYPES)]


def _table(headers: list[str], label: str, widths: list[str | int]) -> gr.Dataframe:
    return gr.Dataframe(
        value=[],
        headers=headers,
        label=label,
        interactive=False,
        wrap=True,
        column_widths=widths,
        elem_classes="admin-table",
    )


def _upload_form() -> dict[str, Any]:
    gr.Markdown("### Lägg till dokument")
    files = gr.File(label="Filer", file_count="multiple", type="filepath", elem_id="admin-files")
    gr.Markdown(UPLOAD_HELP)
    with gr.Row():
        kommun = gr.Textbox(
            label="Kommuner (valfritt)", placeholder="t.ex. Trollhättan, Vänersborg", max_lines=1
        )
        region = gr.Textbox(
            label="Region eller förbund (valfritt)", placeholder="t.ex. Fyrbodal", max_lines=1
        )
        when = gr.Textbox(label="Datum (valfritt)", placeholder="t.ex. 2016-11-16", max_lines=1)
        doc_type = gr.Dropdown(
            choices=_type_choices(auto=True), value="", label="Dokumenttyp (valfritt)"
        )
    return {
        "files": files,
        "upload_kommun": kommun,
        "upload_region": region,
        "upload_date": when,
        "upload_type": doc_type,
        "upload": gr.Button("Lägg till dokumenten", variant="primary"),
        "upload_message": gr.Markdown(),
        "results": _table(
            RESULT_HEADERS, "Resultat per fil", ["20%", "9%", "6%", "15%", "20%", "30%"]
        ),
    }


def _document_list() -> dict[str, Any]:
    gr.Markdown("### Dokument i lagret")
    widths: list[str | int] = ["20%", "14%", "8%", "10%", "10%", "5%", "11%", "9%", "13%"]
    return {
        "table": _table(DOCUMENT_HEADERS, "Dokument", widths),
        "refresh": gr.Button("Uppdatera listan", size="sm"),
    }


def _edit_form() -> dict[str, Any]:
    gr.Markdown("### Rätta eller ta bort ett dokument")
    parts: dict[str, Any] = {
        "picker": gr.Dropdown(choices=[], value=None, label="Valt dokument", filterable=True),
    }
    with gr.Row():
        parts["title"] = gr.Textbox(label="Titel", max_lines=2, scale=2)
        parts["doc_type"] = gr.Dropdown(choices=_type_choices(auto=False), label="Dokumenttyp")
    with gr.Row():
        parts["kommun"] = gr.Textbox(
            label="Kommuner", placeholder="t.ex. Trollhättan, Vänersborg", max_lines=1, scale=2
        )
        parts["region"] = gr.Textbox(label="Region eller förbund", max_lines=1)
        parts["national"] = gr.Checkbox(label="Nationellt dokument", value=False)
    with gr.Row():
        parts["date"] = gr.Textbox(label="Datum", placeholder="t.ex. 2016-11-16", max_lines=1)
        parts["valid_from"] = gr.Textbox(label="Gäller från", max_lines=1)
        parts["valid_to"] = gr.Textbox(
            label="Gäller till", placeholder="datum eller »tills vidare«", max_lines=1
        )
    parts["save"] = gr.Button("Spara ändringar", variant="primary")
    with gr.Row():
        parts["confirm"] = gr.Checkbox(label="Jag vill ta bort dokumentet", value=False)
        parts["delete"] = gr.Button("Ta bort dokumentet", variant="stop")
    parts["edit_message"] = gr.Markdown()
    return parts
