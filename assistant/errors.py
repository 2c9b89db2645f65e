"""The library's exceptions. Entry points turn them into one short sentence for a person.

AssistantError
├── ConfigError            a setting is wrong or an optional dependency is missing
├── StoreError             the vector store cannot be opened or written
│   ├── EmbedderMismatchError   the store was built with another embedder
│   ├── OldStoreError           the store was written by an earlier version
│   └── StoreLockedError        another process holds the embedded store
├── DocumentError          a document cannot be read or has bad metadata
└── QuestionError          the question is empty, too long or not a question
"""

from __future__ import annotations


class AssistantError(Exception):
    """Base class; ``user_message`` is a Swedish sentence safe to show to staff."""

    user_message = "Något gick fel. Försök igen eller kontakta en administratör."

    def __init__(self, message: str, user_message: str | None = None) -> None:
        super().__init__(message)
        if user_message is not None:
            self.user_message = user_message


class ConfigError(AssistantError):
    user_message = "Assistenten är felkonfigurerad. Kontakta en administratör."


class StoreError(AssistantError):
    user_message = "Dokumentlagret kunde inte öppnas. Kontakta en administratör."


class EmbedderMismatchError(StoreError):
    user_message = (
        "Dokumentlagret byggdes med en annan inbäddningsmodell. "
        "En administratör behöver bygga om det."
    )


class OldStoreError(StoreError):
    user_message = "Dokumentlagret byggdes av en äldre version och behöver byggas om."


class StoreLockedError(StoreError):
    user_message = "Dokumentlagret används av ett annat program just nu."


class DocumentError(AssistantError):
    user_message = "Dokumentet kunde inte läsas."


class DocumentNotFoundError(DocumentError):
    user_message = "Dokumentet finns inte."


class QuestionError(AssistantError):
    user_message = "Frågan kunde inte besvaras."
