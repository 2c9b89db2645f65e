"""The retrieved chunks' sentences as the answerer reads them: where each stands, what it is
about besides its own words (a quotation's speaker, the section heading, for a terse one the
document's title), and each candidate's scores (:class:`Scored`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answering.answer_types import SAYS
from assistant.answering.topics import coverages, labelled, sentence_stems
from assistant.records import Chunk, Hit
from assistant.swedish import paragraph_sentences, quotable, words

# A sentence opening with one of these goes on from the sentence before it ("Insatser … är
# exempelvis OSA. Här är målet att fler kvinnor ska ta del av den insatsen."): quoted, each
# comes with the other.
BACK_REFERENCES = frozenset("här där detta dessa denna därför därmed även".split())
# … of which these cannot be read without the sentence before ("även" only adds to it).
POINTS_BACK = BACK_REFERENCES - {"även"}


def flat_sentences(chunk: Chunk) -> list[str]:
    """A chunk's sentences in reading order; position n (1-based) is index n - 1."""
    return [s for para in paragraph_sentences(chunk.text) for s in para]


@dataclass(frozen=True)
class Scored:
    sentence: str
    chunk: Chunk
    coverage: float
    dense: float
    position: int = 0  # order of the sentence within its chunk
    said_at: int | None = None  # in a quotation: position of the sentence naming the speaker
    speaker: str = ""  # who says it: in a quotation, or named by the sentence ("…, säger X")
    rank: int = 0  # its chunk's place in the retrieval ranking
    place: str = ""  # the named places its document is about ("Trollhättan, Vänersborg")
    support: float = 0.0  # how well it answers the question, to rank (scorer.py)
    relevance: float = 0.0  # whether it takes up the question at all (scorer.py)

    @property
    def own_place(self) -> bool:
        """Whether its document is about a place the question names."""
        return bool(self.place)


# A sentence this short ("Projektperiod: 2008-11-01 till 2011-10-30.") is read with its
# document's title (docs/evaluation.md, "Terse sentences and quotations").
TERSE_WORDS = 8


@dataclass(frozen=True)
class Passage:
    """A sentence where it stands; in a quotation, with who says it (named at its end)."""

    sentence: str
    chunk: Chunk
    position: int  # order of the sentence within its chunk
    speaker: str = ""  # "Mohamad Hassan (L), ordförande i arbetsmarknadsnämnden."
    said_at: int | None = None  # position of the sentence that names the speaker
    before: str = ""  # the sentence before, when this one points back to it ("Därför …")

    @property
    def context(self) -> str:
        """What the sentence is about besides its own words: who says it ("enligt
        ordföranden"), the section heading it stands under ("Flera gemensamma
        målsättningar" makes each sentence below it one about målsättningar), and for a terse
        sentence or a quotation, its document's title ("Projektperiod: 2008-11-01 till
        2011-10-30." is the period of what the title names; a quotation is about what its
        press release is about); and for a sentence that points back ("Därför förlängs nu
        uppdraget till den 28 februari 2021."), the sentence it points to."""
        title = self.chunk.meta.title
        heading = self.chunk.heading if self.chunk.heading != title else ""
        about = title if len(self.sentence.split()) <= TERSE_WORDS or self.speaker else ""
        return " ".join(x for x in (self.speaker, heading, about, self.before) if x)


def pooled_coverages(
    q_stems: Sequence[str],
    passages: Sequence[Passage],
    own: Sequence[bool],
    earlier: frozenset[str] = frozenset(),
) -> list[float]:
    """:func:`coverages` of the passages (read with their context). When they stand in the
    documents of several places the question names (a comparison), each place's sentences
    are weighed among themselves: each place is answered apart, and a word rare in one
    place's text may fill the other's."""
    stems = [sentence_stems(f"{p.sentence} {p.context}") + labelled(p.sentence) for p in passages]
    pools = [p.chunk.meta.scope_label for p in passages]
    counted = [p.position > 0 for p in passages]  # a heading (0) is its section's context too
    if len({pool for pool, mine in zip(pools, own, strict=True) if mine}) < 2:
        return coverages(q_stems, stems, earlier, counted)
    out = [0.0] * len(passages)
    for pool in set(pools):
        at = [i for i, name in enumerate(pools) if name == pool]
        shares = coverages(q_stems, [stems[i] for i in at], earlier, [counted[i] for i in at])
        for i, share in zip(at, shares, strict=True):
            out[i] = share
    return out


# A title is only cut out of a sentence from this many of its words on (its opening words:
# a title page may break a long title off).
TITLE_WORDS = 3
_PAGE_NUMBER = re.compile(r"\s*\d{1,3}(?:\s+av\s+\d{1,3})?\s*")


def without_title(sentence: str, title: str) -> str:
    """``sentence`` with the opening of ``title`` it holds cut out (letters and digits
    compared, so "ungdoms- arbetslösheten" holds "ungdomsarbetslösheten"), when the title
    says nothing itself (no finite verb: :func:`states`); else the sentence as it is. A title
    page's number names what the document is about ("Socioekonomisk analys av två
    insatser …"), not a count of what a question asks for."""
    title_words = title.split()
    if len(title_words) < TITLE_WORDS or states(title):
        return sentence
    kept = [(i, c.lower()) for i, c in enumerate(sentence) if c.isalnum()]
    letters = "".join(c for _, c in kept)
    for n in range(len(title_words), TITLE_WORDS - 1, -1):
        wanted = "".join(c for c in " ".join(title_words[:n]).lower() if c.isalnum())
        at = letters.find(wanted) if wanted else -1
        if at >= 0:
            start, end = kept[at][0], kept[at + len(wanted) - 1][0] + 1
            # a page number before it ("1 …", "101 av 106 …") goes with it
            before = "" if _PAGE_NUMBER.fullmatch(sentence[:start]) else sentence[:start]
            return f"{before} {sentence[end:]}".strip()
    return sentence


def named_speaker(sentence: str) -> str:
    says = SAYS.search(sentence)
    return says.group("who") if says else ""


QUOTE_OPENERS = ("-", "–", "—", "”", '"', "»")


# A finite verb: a common one, a present tense in -ar ("omfattar", "varnar"; six letters or
# more, so "svar" is none, and not a plural in -ingar: "målsättningar") or a passive in -as
# ("provas").
_FINITE = re.compile(
    r"\b(?:är|var|har|hade|blir|blev|ska|skall|kan|får|finns|fanns|gäller|går|ger|kommer|tar"
    r"|sker|vill|måste|\w{4,}(?<!ing)ar|\w{3,}as)\b",
    re.IGNORECASE,
)


def states(heading: str) -> bool:
    """Whether a heading says something (has a finite verb after its first word), as
    "Samverkan omfattar flera olika insatser" does and "Frågor och svar om
    överenskommelser", "Jobbcentrum i centrum" or "TJÄNSTESKRIVELSE" do not."""
    rest = heading.split(maxsplit=1)[1:]
    return quotable(heading) and bool(rest) and _FINITE.search(rest[0]) is not None


def sentences_of(hits: Sequence[Hit]) -> list[Passage]:
    """Distinct sentences of the hits with their chunk and position in it. A sentence of a
    quotation (a paragraph opening with a dash) carries the speaker its last sentence names;
    a sentence seen in two chunks is kept where its quotation is whole."""
    found: dict[str, Passage] = {}
    for hit in hits:
        heading = hit.chunk.heading
        if heading != hit.chunk.meta.title and states(heading):
            # A heading under the title that says something ("Nytt arbetssätt provas i
            # Kortedala", "Media är välkomna att delta …") is quoted as a sentence is:
            # position 0, before its section.
            found.setdefault(heading, Passage(heading, hit.chunk, 0))
        position = 0
        for sentences in paragraph_sentences(hit.chunk.text):
            speaker, said_at = "", None
            if sentences and sentences[0].startswith(QUOTE_OPENERS):
                for i, sentence in enumerate(sentences):
                    who = named_speaker(sentence)
                    if who:
                        speaker, said_at = who, position + 1 + i
                        break
            previous = ""
            for sentence in sentences:
                position += 1
                before, previous = previous, sentence
                if not quotable(sentence):
                    continue
                quoted = said_at is not None and position < said_at
                passage = Passage(
                    sentence,
                    hit.chunk,
                    position,
                    speaker if quoted else "",
                    said_at if quoted else None,
                    before if (words(sentence) or [""])[0] in POINTS_BACK else "",
                )
                known = found.get(sentence)
                if known is None or (passage.speaker and not known.speaker):
                    found[sentence] = passage
    return list(found.values())
