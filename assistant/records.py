"""Our own frozen records: what crosses every seam (store, retriever, answerer, UI)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

DOC_TYPES = (
    "överenskommelse",
    "bilaga",  # an annex to an agreement
    "pressmeddelande",
    "nyhetsartikel",
    "webbsida",
    "protokoll",  # protocols, beslut, tjänsteskrivelser
    "rapport",
    "annat",
)
# An agreement's own text: it outranks press material about it, and a newer one replaces it.
AGREEMENT_TYPES = frozenset({"överenskommelse", "bilaga"})


@dataclass(frozen=True)
class DocumentMeta:
    """What we know about a document; flows into every citation.

    Its *scope* says whom it concerns: a list of kommuner (zero or more), optionally a region
    or kommunalförbund, or the whole country (``national``)."""

    doc_id: str
    title: str
    kommuner: tuple[str, ...] = ()  # gazetteer names, in the order the document gives them
    region: str = ""  # a region or joint body (the gazetteer's name when it knows it)
    national: bool = False
    date: str = (
        ""  # published or signed: ISO yyyy-mm-dd, or reduced ("2021", "2021-03"); "" unknown
    )
    valid_from: str = ""  # as the text says ("gäller från och med …"), ISO like date
    valid_to: str = ""
    until_further: bool = False  # "tills vidare": no end date
    doc_type: str = "annat"
    publisher: str = ""
    source: str = ""  # the file it was read from
    url: str = ""  # where it was published, when known
    parties: str = ""  # e.g. "Heby kommun och Arbetsförmedlingen Norra Västmanland"
    duplicate_of: str = ""  # a stored document with nearly the same text, when there is one

    @property
    def scope_label(self) -> str:
        """The whole scope for a citation: "Trollhättan, Vänersborg, Grästorp · Fyrbodal"."""
        if self.national:
            return "nationell"
        parts = [", ".join(self.kommuner)] if self.kommuner else []
        if self.region:
            parts.append(self.region)
        return " · ".join(parts) or "omfattning okänd"

    @property
    def validity(self) -> str:
        """ "gäller 2021-03-01 – tills vidare", "gäller 2022 – 2024", or ""."""
        if not (self.valid_from or self.valid_to or self.until_further):
            return ""
        end = "tills vidare" if self.until_further else self.valid_to
        if self.valid_from and end:
            return f"gäller {self.valid_from} – {end}"
        return f"gäller från {self.valid_from}" if self.valid_from else f"gäller till {end}"


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
    scope: str  # DocumentMeta.scope_label: the kommuner, region, or "nationell"
    date: str
    doc_type: str
    quote: str
    chunk_id: str = ""
    page: int | None = None
    validity: str = ""  # DocumentMeta.validity
    kommuner: tuple[str, ...] = ()
    region: str = ""
    national: bool = False

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["kommuner"] = list(self.kommuner)
        return data

    @classmethod
    def of(cls, n: int, chunk: Chunk, quote: str) -> Source:
        m = chunk.meta
        return cls(
            n=n,
            doc_id=chunk.doc_id,
            title=m.title,
            scope=m.scope_label,
            date=m.date,
            doc_type=m.doc_type,
            quote=quote,
            chunk_id=chunk.chunk_id,
            page=chunk.page,
            validity=m.validity,
            kommuner=m.kommuner,
            region=m.region,
            national=m.national,
        )


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
