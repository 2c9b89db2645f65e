"""Our own frozen records: what crosses every seam (store, retriever, answerer, UI)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

DOC_TYPES = ("överenskommelse", "pressmeddelande", "nyhetsartikel", "annat")


@dataclass(frozen=True)
class DocumentMeta:
    """What we know about a document; flows into every citation."""

    doc_id: str
    title: str
    kommun: str = ""
    lan: str = ""
    date: str = ""  # ISO yyyy-mm-dd, or "" when the document does not say
    doc_type: str = "annat"
    publisher: str = ""
    source: str = ""
    parties: str = ""  # e.g. "Heby kommun och Arbetsförmedlingen Norra Västmanland"


@dataclass(frozen=True)
class Chunk:
    """A piece of a document as stored."""

    doc_id: str
    number: int
    text: str
    meta: DocumentMeta
    heading: str = ""
    content_hash: str = ""
    page: int | None = None  # 1-based, for paged formats (PDF)

    @property
    def chunk_id(self) -> str:
        """Deterministic: document id, content version and chunk number."""
        version = self.content_hash[:12] or "0"
        return f"{self.doc_id}:{version}:{self.number:04d}"

    @property
    def indexed_text(self) -> str:
        """What dense and lexical search see: title and heading give the chunk its context."""
        head = [self.meta.title] if self.meta.title else []
        if self.heading and self.heading != self.meta.title:
            head.append(self.heading)
        return "\n".join([*head, self.text])


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its fused score and the ranks that produced it."""

    chunk: Chunk
    score: float
    dense_rank: int | None = None
    lexical_rank: int | None = None  # BM25 over word stems
    chars_rank: int | None = None  # BM25 over character 5-grams


@dataclass(frozen=True)
class Source:
    """A numbered source under an answer; ``quote`` is the exact passage relied on."""

    n: int
    doc_id: str
    title: str
    kommun: str
    date: str
    doc_type: str
    quote: str
    chunk_id: str = ""
    page: int | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Answer:
    """An answer with [n] markers in ``text`` that point into ``sources``."""

    question: str
    text: str
    sources: tuple[Source, ...] = ()
    abstained: bool = False
    notice: str = ""  # a short note for staff, e.g. why the answer abstained
    kommuner: tuple[str, ...] = ()  # the kommuner the question was scoped to
    retrieved: tuple[Hit, ...] = field(default=(), repr=False, compare=False)
    fallback: bool = False  # an LLM was configured but the extractive answer was given
    removed_citations: tuple[int, ...] = ()  # markers the verifier removed (LLM answers)

    @property
    def unsaid_notice(self) -> str:
        """The notice's sentences that the text does not already say (an abstention's text
        holds its reason; a note added to it, such as where the search looked, it does not)."""
        from assistant.swedish import split_sentences

        return " ".join(s for s in split_sentences(self.notice) if s not in self.text)

    @property
    def citations(self) -> list[int]:
        """Citation numbers in order of first use in the text."""
        from assistant.answering.citations import cited_numbers

        return cited_numbers(self.text)

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.text,
            "abstained": self.abstained,
            "notice": self.notice,
            "kommuner": list(self.kommuner),
            "citations": self.citations,
            "fallback": self.fallback,
            "removed_citations": list(self.removed_citations),
            "sources": [s.to_json() for s in self.sources],
        }
