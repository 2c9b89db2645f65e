"""Start the web chat: ``python app.py`` (or ``make run``), then open the printed address.

On the first start the documents in ``corpus/`` are read into the store, with progress here.
"""

from __future__ import annotations

import logging
import os
import sys

# Before gradio is imported (by assistant.web.chat): no usage statistics, no version check.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from assistant import Assistant, AssistantError, ConfigError, Settings, load_settings
from assistant.ingest.pipeline import STATUS_SV, IngestResult
from assistant.web.chat import launch


def print_progress(done: int, total: int, filename: str) -> None:
    if filename:
        print(f"Läser in corpus/ ({done + 1}/{total}): {filename}…", flush=True)
    else:
        print(f"Läser in corpus/: klart, {total} filer.", flush=True)


def report(results: list[IngestResult]) -> None:
    """One line per file that did not simply land, so an administrator sees what to fix."""
    for result in results:
        if result.status == "rejected":
            print(f"  {result.path.name}: {STATUS_SV[result.status]} – {result.reason}")


def admin_status(settings: Settings) -> str:
    """Whether the admin tab is on, and how to turn it on (the password is never shown)."""
    if settings.admin_user and settings.admin_password.get_secret_value():
        return f"Fliken Administrera dokument är på (användare: {settings.admin_user})."
    return (
        "Fliken Administrera dokument är av; sätt ASSISTANT_ADMIN_USER och "
        "ASSISTANT_ADMIN_PASSWORD och starta om för att slå på den."
    )


def main() -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("assistant").setLevel(logging.INFO)
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    try:
        assistant = Assistant(settings)
        report(assistant.ensure_corpus(print_progress))
    except AssistantError as exc:
        print(f"{exc.user_message} ({exc})", file=sys.stderr)
        return 1

    print(admin_status(settings))
    print(f"Webbchatten körs på http://{settings.host}:{settings.port} (avsluta med Ctrl+C)")
    sys.stdout.flush()
    launch(assistant, settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
