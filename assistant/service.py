"""The assistant as one object: settings in, answers out. Entry points build one of these."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Sequence
from typing import Any

from langchain_core.runnables import Runnable

from assistant.answering.answer_types import AnswerType
from assistant.answering.conversation import Turn
from assistant.answering.extractive import ExtractiveAnswerer
from assistant.answering.generation import Generator, make_generator
from assistant.answering.grounded import GroundedAnswerer
from assistant.answering.scorer import load_scorer
from assistant.chain import (
    answer_prepared,
    build_chain,
    build_prepare,
    finish,
    ignored_words,
    no_documents_answer,
    related,
)
from assistant.index.embeddings import Embedder, index_encoder, make_embedder
from assistant.index.store import ChunkStore, StoredDocument
from assistant.ingest.pipeline import Ingester, IngestResult, Progress
from assistant.questions import check_question
from assistant.records import Answer
from assistant.retrieval.search import Fusion, HybridSearch, Mode
from assistant.settings import Settings

log = logging.getLogger(__name__)


class Assistant:
    """Answers Swedish questions from the stored agreement documents, citing its sources."""

    def __init__(
        self,
        settings: Settings,
        embedder: Embedder | None = None,
        mode: Mode = "hybrid",
        check_embedder: bool = True,
        generator: Generator | None = None,
    ) -> None:
        self.settings = settings
        self.embedder = embedder or make_embedder(settings)
        self.store = ChunkStore(settings, index_encoder(self.embedder, settings), check_embedder)
        self.search = HybridSearch(
            self.store,
            Fusion(
                settings.candidates,
                settings.rrf_k,
                settings.fusion,
                settings.dense_weight,
                settings.chars_weight,
            ),
            mode=mode,
        )
        self.extractive = ExtractiveAnswerer(
            self.embedder,
            settings.min_support,
            settings.max_answer_sentences,
            self.store.sentence_vectors,
            load_scorer(settings.sentence_scorer),
            self.search.chunk_after,
            frozenset(AnswerType(name) for name in settings.answer_types_off),
        )
        self.generator = generator or make_generator(settings)
        self.grounded = (
            GroundedAnswerer(self.generator, self.extractive, settings) if self.generator else None
        )
        self.ingester = Ingester(self.store, settings, self.embedder)
        answers = self.extractive.answers
        self.prepare = build_prepare(self.search, settings.top_k, self.generator, answers)
        self.chain: Runnable[Any, Answer] = build_chain(
            self.search,
            self.grounded or self.extractive,
            self.extractive,
            settings.top_k,
            self.generator,
        )

    @property
    def answerer(self) -> ExtractiveAnswerer:
        """The extractive answerer (the default, and the LLM's fallback)."""
        return self.extractive

    def ensure_corpus(self, progress: Progress | None = None) -> list[IngestResult]:
        """Ingest ``corpus_dir`` when the store is empty (first start); else do nothing."""
        if self.store.count() > 0:
            return []
        log.info("store is empty: ingesting %s", self.settings.corpus_dir)
        return self.ingester.add([self.settings.corpus_dir], progress)

    def _state(
        self, question: str, kommuner: Sequence[str], history: Sequence[Turn]
    ) -> dict[str, Any]:
        text = check_question(question, self.settings.max_question_chars)
        recent = list(history)[-self.settings.history_turns :]
        return {"question": text, "kommun_filter": list(kommuner), "history": recent}

    def ask(
        self, question: str, kommuner: Sequence[str] = (), history: Sequence[Turn] = ()
    ) -> Answer:
        """Answer ``question``; raises QuestionError for an empty, too long or nonsense one."""
        return self.chain.invoke(self._state(question, kommuner, history))

    def stream(
        self,
        question: str,
        kommuner: Sequence[str] = (),
        history: Sequence[Turn] = (),
        stop: threading.Event | None = None,
    ) -> Iterator[str | Answer]:
        """Text pieces as an LLM writes them (none in extractive mode), then the Answer."""
        state = self.prepare.invoke(self._state(question, kommuner, history))
        if self.grounded is None:
            yield answer_prepared(
                state, self.search, self.extractive, self.extractive, self.settings.top_k
            )
            return
        empty = no_documents_answer(state, self.search)
        if empty is not None:
            yield empty
            return
        ignore = ignored_words(state)
        pieces = self.grounded.stream(
            state["answer_question"], state["hits"], ignore, stop, state["asked"]
        )
        for piece in pieces:
            yield (
                finish(state, piece, related(self.search, piece))
                if isinstance(piece, Answer)
                else piece
            )

    def documents(self) -> list[StoredDocument]:
        return self.store.documents()
