"""Swedish question answering over local agreements between kommuner and Arbetsförmedlingen."""

from assistant.errors import (
    AssistantError,
    ConfigError,
    DocumentError,
    DocumentNotFoundError,
    EmbedderMismatchError,
    OldStoreError,
    QuestionError,
    StoreError,
    StoreLockedError,
)
from assistant.records import Answer, Chunk, DocumentMeta, Hit, Source
from assistant.service import Assistant
from assistant.settings import Settings, load_settings

__all__ = [
    "Answer",
    "Assistant",
    "AssistantError",
    "Chunk",
    "ConfigError",
    "DocumentError",
    "DocumentMeta",
    "DocumentNotFoundError",
    "EmbedderMismatchError",
    "Hit",
    "OldStoreError",
    "QuestionError",
    "Settings",
    "Source",
    "StoreError",
    "StoreLockedError",
    "load_settings",
]
