"""The admin tab: log in, then upload documents, correct their metadata or delete them.

Off unless ``ASSISTANT_ADMIN_USER`` and ``ASSISTANT_ADMIN_PASSWORD`` are both set (there is
no default password); then a login form guards the tab. The login is a per-session
``gr.State`` that every handler checks on the server, so the hidden panel is not the only
guard. Every admin action is logged with who did it; the password never is.
"""

from __future__ import annotations

import hmac
import logging
import tempfile
import time
from html import escape
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.errors import AssistantError, DocumentError
from assistant.feedback.store import FeedbackStore
from assistant.service import Assistant
from assistant.settings import Settings
from assistant.web.admin_forms import AdminForms, build_forms
from assistant.web.admin_tables import document_choices, document_rows, result_rows, summary
from assistant.web.admin_uploads import stage_uploads
from assistant.web.document_page import keep_original, remove_original
from assistant.web.feedback import build_feedback_admin

log = logging.getLogger(__name__)

HOW_TO_ENABLE = (
    "### Administrationen är avstängd\n"
    "För att lägga till, rätta och ta bort dokument här: sätt miljövariablerna "
    "`ASSISTANT_ADMIN_USER` och `ASSISTANT_ADMIN_PASSWORD` (till exempel i filen `.env`) "
    "och starta om appen. Det finns inget förvalt lösenord."
)
LOGIN_FAILED = "Fel användarnamn eller lösenord."
NOT_LOGGED_IN = "Logga in först."
FAILED_LOGIN_PAUSE_S = 1.0  # slows guessing; the admin queue runs one action at a time


def credentials_ok(settings: Settings, user: str, password: str) -> bool:
    """True for the configured user and password (compared in constant time)."""
    want_user = settings.admin_user.encode("utf-8")
    want_password = settings.admin_password.get_secret_value().encode("utf-8")
    if not want_user or not want_password:
        return False
    user_ok = hmac.compare_digest(user.encode("utf-8"), want_user)
    password_ok = hmac.compare_digest(password.encode("utf-8"), want_password)
    return user_ok and password_ok


def _host(request: gr.Request | None) -> str:
    client = getattr(request, "client", None)
    return str(getattr(client, "host", None) or "unknown address")


def _who(user: str, request: gr.Request | None) -> str:
    """For the log: "admin@127.0.0.1"."""
    return f"{user or '(not logged in)'}@{_host(request)}"


def _require(user: str, action: str, request: gr.Request | None) -> None:
    if not user:
        log.warning("admin action %s refused: not logged in (%s)", action, _who(user, request))
        raise gr.Error(NOT_LOGGED_IN)


def _message(text: str, ok: bool = True) -> str:
    """A status line for a Markdown box; its text may quote what the admin typed."""
    return escape(text) if ok else f"⚠️ {escape(text)}"


class AdminTab:
    """The logged-in admin's components and their handlers."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self.user = gr.State("")  # the logged-in admin's name; "" = not logged in

    def listing(self, selected: str | None = None) -> tuple[Any, Any]:
        """Fresh values for the document table and the document picker."""
        docs = self.assistant.documents()
        ids = {d.meta.doc_id for d in docs}
        picker = gr.Dropdown(
            choices=document_choices(docs), value=selected if selected in ids else None
        )
        return document_rows(docs), picker

    def refresh(self, user: str, selected: str | None, request: gr.Request) -> tuple[Any, Any]:
        _require(user, "refresh", request)
        return self.listing(selected)

    def login(self, name: str, password: str, request: gr.Request) -> tuple[Any, ...]:
        """(user, login form, panel, login message, password box, table, picker)."""
        if not credentials_ok(self.assistant.settings, name, password):
            log.warning("failed admin login from %s", _host(request))
            time.sleep(FAILED_LOGIN_PAUSE_S)
            failed = _message(LOGIN_FAILED, ok=False)
            return "", gr.skip(), gr.skip(), failed, "", gr.skip(), gr.skip()
        log.info("admin login: %s", _who(name, request))
        table, picker = self.listing()
        return name, gr.Column(visible=False), gr.Column(visible=True), "", "", table, picker

    def logout(self, user: str, request: gr.Request) -> tuple[Any, ...]:
        log.info("admin logout: %s", _who(user, request))
        return "", gr.Column(visible=True), gr.Column(visible=False)

    def upload(
        self,
        user: str,
        files: list[str] | None,
        kommun: str,
        region: str,
        when: str,
        doc_type: str | None,
        request: gr.Request,
        progress: gr.Progress = gr.Progress(),  # noqa: B008 (Gradio's documented idiom)
    ) -> tuple[Any, ...]:
        """(message, results, file box, table, picker): one row per file with its status."""
        _require(user, "upload", request)
        if not files:
            return _message("Välj minst en fil först.", ok=False), [], gr.skip(), *self.listing()
        overrides = {
            key: value
            for key, value in (
                ("kommuner", kommun),
                ("region", region),
                ("date", when),
                ("doc_type", doc_type or ""),
            )
            if value and value.strip()
        }

        def report(done: int, total: int, name: str) -> None:
            desc = f"Läser in {name} ({done + 1} av {total})…" if name else "Klart."
            progress((done, total), desc=desc, unit="filer")

        with tempfile.TemporaryDirectory(prefix="kommunassistent-upload-") as folder:
            staged = stage_uploads([Path(f) for f in files], Path(folder))
            results = self.assistant.ingester.add(
                [s.path for s in staged], report, overrides or None
            )
            for result in results:  # kept for the source page's download
                if result.status in ("added", "replaced") and result.doc_id:
                    keep_original(self.assistant.settings, result.doc_id, result.path)
        for result in results:
            why = f" ({result.reason})" if result.reason else ""
            log.info(
                "admin upload by %s: %s → %s %s%s",
                _who(user, request),
                result.path.name,
                result.status,
                result.doc_id,
                why,
            )
        rows = result_rows(results, staged)
        return summary(results), rows, None, *self.listing()

    def pick(self, user: str, doc_id: str | None, request: gr.Request) -> tuple[Any, ...]:
        """The picked document's fields (see EDIT_FIELDS), ready to correct."""
        _require(user, "pick", request)
        meta = next((d.meta for d in self.assistant.documents() if d.meta.doc_id == doc_id), None)
        if meta is None:
            return "", "", "", False, "", "", "", None
        valid_to = "tills vidare" if meta.until_further else meta.valid_to
        return (
            meta.title,
            ", ".join(meta.kommuner),
            meta.region,
            meta.national,
            meta.date,
            meta.valid_from,
            valid_to,
            meta.doc_type,
        )

    def save(
        self,
        user: str,
        doc_id: str | None,
        title: str,
        kommun: str,
        region: str,
        national: bool,
        when: str,
        valid_from: str,
        valid_to: str,
        doc_type: str | None,
        request: gr.Request,
    ) -> tuple[Any, ...]:
        """(message, the fields as stored, table, picker); a refused change keeps the form."""
        _require(user, "save", request)
        keep = (gr.skip(),) * 10
        if not doc_id:
            return _message("Välj ett dokument först.", ok=False), *keep
        if not title.strip():
            return _message("Titeln får inte vara tom.", ok=False), *keep
        changes: dict[str, Any] = {
            "title": title.strip(),
            "kommuner": kommun.strip(),
            "region": region.strip(),
            "national": bool(national),
            "date": when.strip(),
            "valid_from": valid_from.strip(),
            "valid_to": valid_to.strip(),
            "until_further": False,
            "doc_type": doc_type or "annat",
        }
        try:
            chunks, notices = self.assistant.ingester.update_meta(doc_id, changes)
        except AssistantError as exc:  # DocumentError: a bad value, said in Swedish
            if not isinstance(exc, DocumentError):
                log.exception("update_meta(%s) failed", doc_id)
            log.info("admin %s: correction of %s refused: %s", _who(user, request), doc_id, exc)
            return _message(exc.user_message, ok=False), *keep
        log.info("admin %s corrected %s: %s", _who(user, request), doc_id, changes)
        done = " ".join(
            [f"Uppgifterna för {doc_id} är sparade ({chunks} delar uppdaterade).", *notices]
        )
        return _message(done), *self.pick(user, doc_id, request), *self.listing(doc_id)

    def delete(
        self, user: str, doc_id: str | None, confirmed: bool, request: gr.Request
    ) -> tuple[Any, ...]:
        """(message, confirmation box, table, picker); deletes only once confirmed."""
        _require(user, "delete", request)
        if not doc_id:
            return _message("Välj ett dokument först.", ok=False), False, *self.listing()
        if not confirmed:
            ask = "Kryssa i rutan »Jag vill ta bort dokumentet« för att bekräfta."
            return _message(ask, ok=False), False, *self.listing(doc_id)
        try:
            chunks = self.assistant.store.delete_document(doc_id)
        except AssistantError as exc:
            log.exception("delete_document(%s) failed", doc_id)
            return _message(exc.user_message, ok=False), False, *self.listing(doc_id)
        log.info("admin %s deleted %s (%d chunks)", _who(user, request), doc_id, chunks)
        remove_original(self.assistant.settings, doc_id)
        if not chunks:
            return _message(f"Dokumentet {doc_id} finns inte.", ok=False), False, *self.listing()
        return _message(f"Dokumentet {doc_id} är borttaget."), False, *self.listing()


def build_admin_tab(assistant: Assistant, feedback: FeedbackStore | None = None) -> list[Any]:
    """The tab's content; returns the events that change the store (the page chains on them)."""
    if not (assistant.settings.admin_user and assistant.settings.admin_password):
        gr.Markdown(HOW_TO_ENABLE, elem_id="admin-off")
        return []
    return _build_panels(AdminTab(assistant), feedback)


def _build_panels(tab: AdminTab, feedback: FeedbackStore | None) -> list[Any]:
    """The login form and the panel it opens; returns the events that change the store."""

    def feedback_section() -> None:
        if feedback is not None:
            build_feedback_admin(feedback, tab.user, _require)

    f: AdminForms = build_forms(feedback_section)
    # One change to the store at a time, for all admin sessions together (without the limit
    # Gradio gives the queue its default, ASSISTANT_CONCURRENCY); not offered to API clients
    # (the page still works).
    admin: dict[str, Any] = {
        "concurrency_id": "admin",
        "concurrency_limit": 1,
        "api_visibility": "private",
    }
    opened = [tab.user, f.login_box, f.panel, f.login_message, f.password, f.table, f.picker]
    for trigger in (f.login.click, f.password.submit):
        trigger(tab.login, [f.name, f.password], opened, **admin)
    f.logout.click(tab.logout, [tab.user], [tab.user, f.login_box, f.panel], **admin)
    f.refresh.click(tab.refresh, [tab.user, f.picker], [f.table, f.picker], **admin)
    fields = [
        f.title,
        f.kommun,
        f.region,
        f.national,
        f.date,
        f.valid_from,
        f.valid_to,
        f.doc_type,
    ]
    f.picker.change(tab.pick, [tab.user, f.picker], fields, api_visibility="private")
    f.picker.input(lambda: "", outputs=f.edit_message, api_visibility="private")
    added = f.upload.click(
        tab.upload,
        [tab.user, f.files, f.upload_kommun, f.upload_region, f.upload_date, f.upload_type],
        [f.upload_message, f.results, f.files, f.table, f.picker],
        **admin,
    )
    saved = f.save.click(
        tab.save,
        [tab.user, f.picker, *fields],
        [f.edit_message, *fields, f.table, f.picker],
        **admin,
    )
    deleted = f.delete.click(
        tab.delete,
        [tab.user, f.picker, f.confirm],
        [f.edit_message, f.confirm, f.table, f.picker],
        **admin,
    )
    return [added, saved, deleted]
