"""An extractive answer as staff see it: the chosen sentences quoted verbatim, each followed by
its source's [n]; a "when" answer's source date; or "Det framgår inte av underlagen" with
the closest documents found.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from assistant.answering.answer_types import absolute_time, relative_time
from assistant.answering.passages import Scored
from assistant.records import Answer, Chunk, Hit, Source
from assistant.swedish import join_sv


def compose(question: str, chosen: Sequence[Scored], hits: Sequence[Hit]) -> Answer:
    """Quote the chosen sentences, each followed by its source's [n].

    A source is a document (and page, for paged formats); its quote joins the sentences
    quoted from it with " … ".
    """
    doc_rank: dict[str, int] = {}
    for i, hit in enumerate(hits):
        doc_rank.setdefault(hit.chunk.doc_id, i)
    best: dict[str, float] = {}
    for s in chosen:
        best[s.chunk.doc_id] = max(best.get(s.chunk.doc_id, 0.0), s.support)
    in_order = sorted(  # the best supported sentence's document first, sentences in reading order
        chosen,
        key=lambda s: (-best[s.chunk.doc_id], doc_rank[s.chunk.doc_id], s.chunk.number, s.position),
    )
    numbers: dict[tuple[str, int | None], int] = {}
    quotes: dict[tuple[str, int | None], list[str]] = {}
    first_chunk: dict[tuple[str, int | None], Chunk] = {}
    parts = []
    for s in in_order:
        key = (s.chunk.doc_id, s.chunk.page)
        n = numbers.setdefault(key, len(numbers) + 1)
        quotes.setdefault(key, []).append(s.sentence)
        first_chunk.setdefault(key, s.chunk)
        parts.append(f"{s.sentence.lstrip('–—- ').strip()} [{n}]")
    sources = tuple(
        source(n, first_chunk[key], " … ".join(quotes[key])) for key, n in numbers.items()
    )
    return Answer(question=question, text=" ".join(parts), sources=sources, retrieved=tuple(hits))


def dated(answer: Answer, chosen: Sequence[Scored], own: bool = False) -> Answer:
    """A "when" answer that says when only as "i dag" or "på tisdagen" gets the date of each
    document that says it so (none of its quoted sentences gives a date or year), from its
    metadata and cited as that source: the press release's "i dag" is its own date. Each
    document is judged alone: in a comparison one place's year does not date the other's
    "i dag". ``own``: the question asks when the text itself came out ("När kom nyheten
    …?") or which came first: every quoted document's date, whatever its sentences say, and
    which of them has none."""
    numbers = {src.doc_id: src.n for src in answer.sources}
    dated_docs = set() if own else {s.chunk.doc_id for s in chosen if absolute_time(s.sentence)}
    relative = list(chosen) if own else [s for s in chosen if relative_time(s.sentence)]
    docs = [
        c
        for c in {s.chunk.doc_id: s.chunk for s in relative}.values()
        if c.doc_id in numbers and c.doc_id not in dated_docs
    ]
    return _noted(
        answer,
        [
            date_note(numbers[c.doc_id], c.meta.date)
            if c.meta.date
            # asked when each came out ("vilken är äldst, …?"): an undated one says so
            else f"Källan [{numbers[c.doc_id]}] är inte daterad."
            for c in docs
            if c.meta.date or own
        ],
    )


def joint(answer: Answer, chosen: Sequence[Scored]) -> Answer:
    """An answer for a kommun that is one of several parties to its source (a joint
    agreement of Tibro, Hjo and Karlsborg) says which: the question about Hjo is answered
    by what the three do together."""
    numbers = {src.doc_id: src.n for src in answer.sources}
    return _noted(
        answer,
        [
            f"Källan [{numbers[c.doc_id]}] gäller {join_sv(c.meta.kommuner)}."
            for c in {s.chunk.doc_id: s.chunk for s in chosen if s.own_place}.values()
            if len(c.meta.kommuner) > 1 and c.doc_id in numbers
        ],
    )


def _noted(answer: Answer, notes: Sequence[str]) -> Answer:
    """The answer with sentences about its sources added after its text."""
    return replace(answer, text=" ".join([answer.text, *notes])) if notes else answer


def date_note(n: int, date: str) -> str:
    """The sentence an answer adds to say how new its source [n] is."""
    return f"Källan [{n}] är daterad {date}."


def source(n: int, chunk: Chunk, quote: str) -> Source:
    return Source.of(n, chunk, quote)


def abstain(
    question: str, hits: Sequence[Hit], reason: str, lead: str = "Det framgår inte av underlagen."
) -> Answer:
    """'Det framgår inte av underlagen', naming the closest documents that were found."""
    docs: dict[str, Chunk] = {}
    for hit in hits:
        docs.setdefault(hit.chunk.doc_id, hit.chunk)
    if docs:
        found = "; ".join(_describe(c) for c in list(docs.values())[:3])
        text = f"{lead} {reason} Närmast frågan kom: {found}."
    else:
        text = f"{lead} {reason}"
    return Answer(
        question=question, text=text, abstained=True, notice=reason, retrieved=tuple(hits)
    )


def _describe(chunk: Chunk) -> str:
    m = chunk.meta
    details = ", ".join(x for x in (m.scope_label, m.date or "datum saknas", m.doc_type) if x)
    return f"»{m.title}« ({details})"
