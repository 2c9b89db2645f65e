"""The assistant as one object: settings in, answers out. Entry points build one of these."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from langchain_core.runnables import Runnable

from assistant.chain import build_chain
from assistant.embeddings import Embedder, make_embedder
from assistant.extractive import ExtractiveAnswerer
from assistant.ingestion import Ingester, IngestResult, Progress
from assistant.questions import check_question
from assistant.records import Answer
from assistant.retrieval import Fusion, HybridSearch, Mode
from assistant.settings import Settings
from assistant.store import ChunkStore, StoredDocument

log = logging.getLogger(__name__)


class Assistant:
    """Answers Swedish questions from the stored agreement documents, citing its sources."""

    def __init__(
        self,
        settings: Settings,
        embedder: Embedder | None = None,
        mode: Mode = "hybrid",
        check_embedder: bool = True,
    ) -> None:
        self.settings = settings
        self.embedder = embedder or make_embedder(settings)
        self.store = ChunkStore(settings, self.embedder, check_embedder)
        self.search = HybridSearch(
            self.store, Fusion(settings.candidates, settings.rrf_k), mode=mode
        )
        self.answerer = ExtractiveAnswerer(
            self.embedder, settings.min_support, settings.max_answer_sentences
        )
        self.ingester = Ingester(self.store, settings)
        self.chain: Runnable[Any, Answer] = build_chain(self.search, self.answerer, settings.top_k)

    def ensure_corpus(self, progress: Progress | None = None) -> list[IngestResult]:
        """Ingest ``corpus_dir`` when the store is empty (first start); else do nothing."""
        if self.store.count() > 0:
            return []
        log.info("store is empty: ingesting %s", self.settings.corpus_dir)
        return self.ingester.add([self.settings.corpus_dir], progress)

    def ask(self, question: str, kommuner: Sequence[str] = ()) -> Answer:
        """Answer ``question``; raises QuestionError for an empty, too long or nonsense one."""
        text = check_question(question, self.settings.max_question_chars)
        return self.chain.invoke({"question": text, "kommun_filter": list(kommuner)})

    def documents(self) -> list[StoredDocument]:
        return self.store.documents()
