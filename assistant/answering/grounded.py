"""Answers written by a language model from the numbered sources, then verified.

A Swedish question asking for a number, a period, a time, a name or a party is put to the
model only when an on-topic retrieved sentence holds one (the extractive answerer's check);
otherwise the answer is the extractive abstention saying what the sources lack.

After generation every [n] is checked: markers that point at no source are removed,
sentences without a marker are flagged, and when nothing valid is cited — or the model is
down, slow or returns garbage — the extractive answer is given instead, with a notice.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Sequence
from dataclasses import replace

from assistant.answering.citations import cited_numbers, drop_invalid, uncited_sentences
from assistant.answering.compose import source
from assistant.answering.extractive import ExtractiveAnswerer
from assistant.answering.generation import GenerationError, Generator
from assistant.answering.prompt import PromptSource, answer_messages
from assistant.records import Answer, Hit
from assistant.settings import Settings
from assistant.swedish import looks_english

log = logging.getLogger(__name__)

ABSTAIN_PHRASE = "framgår inte av underlagen"
CHARS_PER_TOKEN = 3.5  # rough for Swedish with common LLM tokenizers; used only to trim


def fit_sources(hits: Sequence[Hit], settings: Settings) -> list[Hit]:
    """The best hits that fit the model's window (answer and instructions reserved)."""
    budget = (settings.llm_context_tokens - settings.llm_max_tokens - 400) * CHARS_PER_TOKEN
    kept: list[Hit] = []
    used = 0.0
    for hit in hits:
        size = len(hit.chunk.text) + 120
        if kept and used + size > budget:
            break
        kept.append(hit)
        used += size
    return kept


class GroundedAnswerer:
    """LLM answers with verified citations; the extractive answerer is the safety net."""

    def __init__(
        self, generator: Generator, fallback: ExtractiveAnswerer, settings: Settings
    ) -> None:
        self.generator = generator
        self.fallback = fallback
        self.settings = settings

    def answer(
        self, question: str, hits: Sequence[Hit], ignore: frozenset[str], asked: str = ""
    ) -> Answer:
        final = None
        for piece in self.stream(question, hits, ignore, asked=asked):
            if isinstance(piece, Answer):
                final = piece
        assert final is not None
        return final

    def stream(
        self,
        question: str,
        hits: Sequence[Hit],
        ignore: frozenset[str],
        stop: threading.Event | None = None,
        asked: str = "",
    ) -> Iterator[str | Answer]:
        """Text pieces as they arrive, then the verified :class:`Answer`. ``asked``: the
        question as typed, when ``question`` adds an earlier turn's (the extractive
        answerer's)."""
        if not hits:
            yield self.fallback.answer(question, hits, ignore, asked)
            return
        if self.fallback.expected(question, asked) is not None and not looks_english(question):
            # A question asking for a number, period, time, name or party whose on-topic
            # sentences hold none: the model is not asked, since its answer could only be
            # invented (the tiny test model answered such questions with made-up figures).
            checked = self.fallback.answer(question, hits, ignore, asked)
            if checked.abstained:
                yield checked
                return
        used = fit_sources(hits, self.settings)
        prompt = [
            PromptSource(
                i,
                h.chunk.meta.title,
                h.chunk.meta.scope_label,
                h.chunk.meta.date,
                h.chunk.text,
                h.chunk.meta.doc_type,
            )
            for i, h in enumerate(used, 1)
        ]
        pieces: list[str] = []
        try:
            for piece in self.generator.stream(answer_messages(question, prompt), stop):
                pieces.append(piece)
                yield piece
        except GenerationError as exc:
            log.warning("LLM failed, extractive fallback: %s", exc)
            yield self._fallback(
                question, hits, ignore, f"Språkmodellen svarade inte ({exc.reason})", asked=asked
            )
            return
        answer = self.verify(question, "".join(pieces), used, hits, ignore, asked)
        if stop is not None and stop.is_set():
            note = "Svaret avbröts" + (
                "; svaret nedan är utdrag ur underlagen." if answer.fallback else "."
            )
            answer = replace(answer, notice=note)
        yield answer

    def verify(
        self,
        question: str,
        raw: str,
        used: Sequence[Hit],
        hits: Sequence[Hit],
        ignore: frozenset[str],
        asked: str = "",
    ) -> Answer:
        text, removed = drop_invalid(raw, set(range(1, len(used) + 1)))
        if removed:
            log.info("removed invalid citations %s from the model's answer", removed)
        abstained = ABSTAIN_PHRASE in text.lower()
        cited = cited_numbers(text)
        if not text.strip() or (not cited and not abstained):
            return self._fallback(
                question, hits, ignore, "Språkmodellens svar saknade giltiga källor", asked=asked
            )
        notes = []
        if removed:
            notes.append(f"{len(removed)} ogiltiga källhänvisningar togs bort")
        missing = [] if abstained else uncited_sentences(text)
        for sentence in missing:
            text = text.replace(sentence, f"{sentence} [källa saknas]", 1)
        if missing:
            notes.append(f"{len(missing)} meningar saknar källhänvisning")
        sources = tuple(source(n, used[n - 1].chunk, used[n - 1].chunk.text) for n in cited)
        return Answer(
            question=question,
            text=text,
            sources=tuple(sorted(sources, key=lambda s: s.n)),
            abstained=abstained and not cited,
            notice="; ".join(notes),
            retrieved=tuple(hits),
            removed_citations=tuple(removed),
        )

    def _fallback(
        self,
        question: str,
        hits: Sequence[Hit],
        ignore: frozenset[str],
        why: str,
        removed: tuple[int, ...] = (),
        asked: str = "",
    ) -> Answer:
        return replace(
            self.fallback.answer(question, hits, ignore, asked),
            notice=f"{why}; svaret nedan är utdrag ur underlagen.",
            fallback=True,
            removed_citations=removed,
        )


def flag_uncited(text: str, sentences: Sequence[str]) -> str:
    """Mark each sentence that cites nothing with "[källa saknas]" (each occurrence once)."""
    out, position = text, 0
    for sentence in sentences:
        at = out.find(sentence, position)
        if at < 0:
            continue
        end = at + len(sentence)
        out = f"{out[:end]} [källa saknas]{out[end:]}"
        position = end + len(" [källa saknas]")
    return out
