"""The chat-model seam: the only module that imports an LLM SDK.

Backends: any OpenAI-compatible server (langchain-openai: vLLM, llama.cpp server, LM Studio,
hosted APIs), Ollama (langchain-ollama), or a local GGUF file (llama-cpp-python, optional).
Every failure becomes a :class:`GenerationError` whose text says what to fix.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from typing import Any, Protocol

from pydantic import SecretStr

from assistant.errors import AssistantError, ConfigError
from assistant.settings import Settings

Messages = Sequence[tuple[str, str]]


# What went wrong, for staff (the log line says what to fix, for admins).
REASONS = {
    "unreachable": "servern nås inte",
    "timeout": "den svarade inte i tid",
    "auth": "API-nyckeln godtogs inte",
    "model": "modellen finns inte på servern",
    "context": "underlagen rymdes inte i modellens fönster",
    "empty": "den gav inget svar",
    "failed": "ett fel uppstod",
}


class GenerationError(AssistantError):
    user_message = "Språkmodellen kunde inte svara just nu."

    def __init__(self, message: str, kind: str = "failed") -> None:
        super().__init__(message)
        self.kind = kind

    @property
    def reason(self) -> str:
        """A few Swedish words for the notice staff see."""
        return REASONS.get(self.kind, REASONS["failed"])


class Generator(Protocol):
    name: str

    def stream(self, messages: Messages, stop: threading.Event | None = None) -> Iterator[str]:
        """Text pieces as the model writes them; stops early when ``stop`` is set."""
        ...


def complete(generator: Generator, messages: Messages) -> str:
    return "".join(generator.stream(messages))


def _describe(exc: Exception, settings: Settings) -> GenerationError:
    """One line an admin can act on, from whatever the SDK raised, and its kind."""
    text = f"{type(exc).__name__}: {exc}"
    lowered = text.lower()
    where = settings.llm_base_url or str(settings.llm_model_path)
    if "connect" in lowered or "refused" in lowered:
        return GenerationError(
            f"cannot reach the model server at {where} ({text}); is it running?", "unreachable"
        )
    if "timeout" in lowered or "timed out" in lowered:
        return GenerationError(
            f"the model server at {where} did not answer within {settings.llm_timeout:g} s "
            "(ASSISTANT_LLM_TIMEOUT)",
            "timeout",
        )
    if "401" in lowered or "403" in lowered or "auth" in lowered or "api key" in lowered:
        return GenerationError(
            f"the model server at {where} refused the API key; check ASSISTANT_LLM_API_KEY",
            "auth",
        )
    if "context" in lowered and ("length" in lowered or "window" in lowered):
        return GenerationError(
            f"the prompt did not fit the model's context window: set ASSISTANT_LLM_CONTEXT_TOKENS "
            f"to the server's window (now {settings.llm_context_tokens}) so sources are trimmed "
            f"to fit, or lower ASSISTANT_TOP_K ({text})",
            "context",
        )
    if "no generation chunks" in lowered:
        # llama.cpp's server answers a prompt longer than its window with an empty 200 reply
        # (its own log says "exceed context window"): the likeliest cause is named.
        return GenerationError(
            f"the model server at {where} returned no text; if its log says the context window "
            "was exceeded, set ASSISTANT_LLM_CONTEXT_TOKENS to the server's window (now "
            f"{settings.llm_context_tokens}) so sources are trimmed to fit",
            "empty",
        )
    if "404" in lowered or "not found" in lowered:
        return GenerationError(
            f"model {settings.llm_model!r} not found at {where}; check ASSISTANT_LLM_MODEL",
            "model",
        )
    return GenerationError(f"the model failed: {text}")


class LangChainGenerator:
    """A LangChain chat model (ChatOpenAI, ChatOllama) behind our small interface."""

    def __init__(self, model: Any, name: str, settings: Settings) -> None:
        self._model = model
        self.name = name
        self._settings = settings

    def stream(self, messages: Messages, stop: threading.Event | None = None) -> Iterator[str]:
        deadline = time.monotonic() + self._settings.llm_timeout
        try:
            for chunk in self._model.stream(list(messages)):
                if stop is not None and stop.is_set():
                    return
                if time.monotonic() > deadline:
                    raise TimeoutError("generation took longer than the timeout")
                piece = chunk.content if isinstance(chunk.content, str) else ""
                if piece:
                    yield piece
        except GenerationError:
            raise
        except Exception as exc:  # SDKs raise many kinds; each becomes one actionable line
            raise _describe(exc, self._settings) from exc


class OpenAIGenerator(LangChainGenerator):
    """An OpenAI-compatible server. Before its first answer it asks the server which models
    it serves: a wrong model name or key is then reported as such even by servers that would
    quietly answer with another model (llama.cpp's server serves its one model whatever name
    it is asked for)."""

    def __init__(self, model: Any, name: str, settings: Settings) -> None:
        super().__init__(model, name, settings)
        self._checked = False

    def check(self) -> None:
        """Raise GenerationError if the server is unreachable, refuses the key, or does not
        list the configured model. Remembered once it passes."""
        if self._checked:
            return
        import openai

        s = self._settings
        client = openai.OpenAI(
            base_url=s.llm_base_url,
            api_key=s.llm_api_key.get_secret_value() or "unused",
            timeout=min(s.llm_timeout, 30.0),
            max_retries=0,
        )
        try:
            with client:
                served = [m.id for m in client.models.list()]
        except openai.NotFoundError:
            served = []  # a server without the listing: the model is checked when it answers
        except Exception as exc:
            raise _describe(exc, s) from exc
        if served and s.llm_model not in served:
            raise GenerationError(
                f"model {s.llm_model!r} is not served at {s.llm_base_url} (it serves "
                f"{', '.join(served[:10])}); check ASSISTANT_LLM_MODEL",
                "model",
            )
        self._checked = True

    def stream(self, messages: Messages, stop: threading.Event | None = None) -> Iterator[str]:
        self.check()
        yield from super().stream(messages, stop)


class LlamaCppGenerator:
    """A local GGUF file run in-process by llama-cpp-python."""

    def __init__(self, settings: Settings) -> None:
        try:
            from llama_cpp import Llama
        except ImportError as exc:
            raise ConfigError(
                "llm_backend=llamacpp needs llama-cpp-python: pip install -e '.[llm]'"
            ) from exc
        path = settings.llm_model_path
        if path is None or not path.is_file():
            raise ConfigError(f"GGUF file not found: {path}; set ASSISTANT_LLM_MODEL_PATH")
        self._llm = Llama(model_path=str(path), n_ctx=settings.llm_context_tokens, verbose=False)
        self._settings = settings
        self.name = f"llamacpp:{path.name}"

    def stream(self, messages: Messages, stop: threading.Event | None = None) -> Iterator[str]:
        chat: Any = [{"role": role, "content": content} for role, content in messages]
        try:
            parts: Any = self._llm.create_chat_completion(
                messages=chat,
                stream=True,
                temperature=0.0,
                max_tokens=self._settings.llm_max_tokens,
            )
            for part in parts:
                if stop is not None and stop.is_set():
                    return
                piece = str(part["choices"][0]["delta"].get("content") or "")
                if piece:
                    yield piece
        except Exception as exc:
            raise _describe(exc, self._settings) from exc


def make_generator(settings: Settings) -> Generator | None:
    """The configured chat model, or None for the extractive default."""
    if settings.llm_backend == "none":
        return None
    if settings.llm_backend == "llamacpp":
        return LlamaCppGenerator(settings)
    if settings.llm_backend == "ollama":
        try:
            from langchain_ollama import ChatOllama
        except ImportError as exc:
            raise ConfigError("llm_backend=ollama needs: pip install -e '.[llm]'") from exc
        model: Any = ChatOllama(
            base_url=settings.llm_base_url or None,
            model=settings.llm_model,
            temperature=0,
            num_predict=settings.llm_max_tokens,
            client_kwargs={"timeout": settings.llm_timeout},
        )
        return LangChainGenerator(model, f"ollama:{settings.llm_model}", settings)
    try:
        from langchain_openai import ChatOpenAI
    except ImportError as exc:
        raise ConfigError("llm_backend=openai needs: pip install -e '.[llm]'") from exc
    model = ChatOpenAI(
        base_url=settings.llm_base_url,
        model=settings.llm_model,
        api_key=settings.llm_api_key
        if settings.llm_api_key.get_secret_value()
        else SecretStr("unused"),
        temperature=0,
        # Sent as plain max_tokens: langchain-openai maps its max_tokens to
        # max_completion_tokens, which llama.cpp's and other compatible servers ignore
        # (the tiny test model then wrote 4,000 tokens, measured).
        extra_body={"max_tokens": settings.llm_max_tokens},
        timeout=settings.llm_timeout,
        max_retries=0,
        streaming=True,
    )
    return OpenAIGenerator(model, f"openai:{settings.llm_model}", settings)
