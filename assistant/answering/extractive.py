"""The embedded default answerer: picks the retrieved sentences that answer the question.

Each sentence gets a *relevance* in [0, 1]: half how much of the question's topic words it
contains (Swedish stems; compounds, misspellings and synonyms allowed; a word rare among the
retrieved sentences weighs more), half how close it is to the question in the embedder's
space; and a *support* that ranks them (assistant/answering/scorer.py). Sentences that
cannot answer at all (evidence.py) or hold nothing of the asked kind (answer_types.py) are
left out. When no sentence left reaches ``min_support`` in relevance the answerer abstains;
else it quotes the best supported sentence and those nearly as relevant, verbatim with [n]
markers (thresholds measured: docs/evaluation.md).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from assistant.answering import evidence
from assistant.answering.answer_types import (
    SAYS,
    AnswerType,
    absolute_time,
    asked_role,
    expected_type,
    kind_words,
    names_role,
    relative_time,
    satisfies,
    why_missing,
)
from assistant.answering.matching import canonical, found
from assistant.answering.scorer import RULE, SentenceScorer, relevance
from assistant.index.embeddings import Embedder, Matrix
from assistant.records import Answer, Chunk, Hit, Source
from assistant.swedish import (
    QUESTION_WORDS,
    STOP_WORDS,
    content_stems,
    looks_english,
    paragraph_sentences,
    quotable,
    quotable_sentences,
    stem,
    words,
)

ENGLISH_QUESTION = (
    "Frågan verkar vara på engelska, och utan språkmodell kan jag bara jämföra svenska frågor "
    "med de svenska underlagen: ställ frågan på svenska. (Please ask in Swedish.)"
)


_WORD = re.compile(r"\w+", re.UNICODE)

StoredVectors = Callable[[Sequence[str]], dict[str, Matrix]]  # chunk ids → sentence vectors
NextChunk = Callable[[Chunk], "Chunk | None"]  # the chunk after one, in its document

# A list item: a bullet, a dash or a number opens it ("• En matchningsplattform …", "2) …").
_LIST_ITEM = re.compile(r"^\s*(?:[•▪●◦·*\-–—]|\d{1,2}[.)]|[a-z]\))\s+")
MAX_LIST_ITEMS = 12


def is_list_item(sentence: str) -> bool:
    return _LIST_ITEM.match(sentence) is not None


def _flat_sentences(chunk: Chunk) -> list[str]:
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
    own_place: bool = False  # its document is about a place the question names
    place: str = ""  # … which ones ("Trollhättan, Vänersborg"): a comparison's side
    support: float = 0.0  # how well it answers the question, to rank (scorer.py)
    relevance: float = 0.0  # whether it takes up the question at all (scorer.py)


# A compound written with a hyphen ("kompetensarena-projektet", "ESF-pengarna"): its parts are
# the words a sentence writes apart or in another compound ("projektet", "kompetensarena").
_HYPHENATED = re.compile(r"(?<=[^\W\d_]{2})-(?=[^\W\d_]{2})")


def sentence_stems(text: str) -> list[str]:
    """The stems a sentence offers a question's words: each word's, and the parts of a
    hyphenated compound besides the whole ("ESF-stöd" is also "ESF" and "stöd")."""
    stems = content_stems(text, verbs=True)
    if _HYPHENATED.search(text):
        stems += content_stems(" ".join(re.findall(r"\w+(?:-\w+)+", text)).replace("-", " "))
    return stems


def topic_stems(question: str, ignore: frozenset[str] = frozenset()) -> list[str]:
    """The stems of what a question is about: no question words, no ``ignore`` (kommun
    names and the like), a hyphenated compound as its parts, and the labels of
    :func:`labelled`."""
    parts = _HYPHENATED.sub(" ", question)
    return content_stems(parts, QUESTION_WORDS | ignore, verbs=True) + labelled(question)


# A capital letter after a word in lower case names one of several like things: "målgrupp
# B", "bilaga C", "alternativ A". Alone it is no word (stems drop one-letter words).
_LABEL = re.compile(r"(?<=[a-zåäöé]{3})\s+([A-ZÅÄÖ])(?![\w-])")


def labelled(text: str) -> list[str]:
    """The labels in ``text`` as stems that only match themselves ("#b": too short to be
    read as a misspelling or part of a word), so "målgrupp B" is not "målgrupp A"."""
    return [f"#{m.group(1).lower()}" for m in _LABEL.finditer(text)]


def _named_speaker(sentence: str) -> str:
    says = SAYS.search(sentence)
    return says.group("who") if says else ""


def coverage(question_stems: Sequence[str], sentence_stems: Sequence[str]) -> float:
    """Share of question stems found in the sentence: the same word inflected, in a
    compound, misspelt or named by a synonym also counts (assistant/answering/matching.py)."""
    wanted = set(canonical(question_stems))
    if not wanted:
        return 0.0
    have = frozenset(canonical(sentence_stems, keep=True))
    return sum(1 for q in wanted if found(q, have)) / len(wanted)


# The weight of a topic word found in every retrieved sentence, against 1 for the rarest
# found one: a word every sentence shares ("Arbetsförmedlingen") tells them apart little.
RARE_WORD_FLOOR = 0.25


# The weight of a word a follow-up question takes from the earlier turn ("Och vilka ska
# anställas inom kort?" after a question about a DUA-samordnare), against 1 for its own.
EARLIER_WORD_WEIGHT = 0.35


def coverages(
    question_stems: Sequence[str],
    sentences: Sequence[Sequence[str]],
    earlier: frozenset[str] = frozenset(),
) -> list[float]:
    """Each sentence's share of the question's topic words (:func:`coverage`), every word
    weighted by how rare it is among the retrieved ``sentences`` (their stems): in "Vilka
    grupper prioriteras i överenskommelsen med Arbetsförmedlingen i Heby?" the sentence
    with "prioriterade" outweighs one with "Arbetsförmedlingen", which most sentences name.
    Words only an earlier turn asked (``earlier``, :func:`canonical` stems) weigh
    ``EARLIER_WORD_WEIGHT`` of that. Measured: docs/evaluation.md, "Rare topic words weigh
    more", "Follow-ups: the question's own words first"."""
    wanted = list(dict.fromkeys(canonical(question_stems)))
    if not wanted:
        return [0.0] * len(sentences)
    found_in = [
        [found(q, frozenset(canonical(stems, keep=True))) for q in wanted] for stems in sentences
    ]
    weights = topic_weights([sum(column) for column in zip(*found_in, strict=True)], len(sentences))
    weights = [
        w * (EARLIER_WORD_WEIGHT if q in earlier else 1.0)
        for w, q in zip(weights, wanted, strict=True)
    ]
    total = sum(weights)
    return [sum(w for w, f in zip(weights, row, strict=True) if f) / total for row in found_in]


def topic_weights(found_in: Sequence[int], n: int) -> list[float]:
    """The weight of each topic word found in ``found_in[i]`` of ``n`` sentences: its idf
    (as in BM25) scaled so that the rarest found word weighs 1 and a word in every sentence
    about ``RARE_WORD_FLOOR``. A word no sentence has weighs 1 too: whether it is a key term
    the sources lack or a rewording of one they have, its rarity cannot be read."""
    idf = [math.log(1.0 + (n - df + 0.5) / (df + 0.5)) for df in found_in]
    top = max((x for x, df in zip(idf, found_in, strict=True) if df), default=1.0)
    return [RARE_WORD_FLOOR + (1.0 - RARE_WORD_FLOOR) * min(x / top, 1.0) for x in idf]


def complete_clipped(question: str, texts: Sequence[str]) -> str:
    """The question with clipped words ("prio", "info") written out as the retrieved text
    writes them: the embedder reads "prio" as noise, word overlap does not need this.

    A word is clipped when it has 4–5 letters, is no stop word, is not itself a word of the
    retrieved text, but begins one at least 3 letters longer; it becomes the most frequent
    such word."""
    counts = Counter(w for text in texts for w in words(text))

    def written_out(match: re.Match[str]) -> str:
        word = match.group().lower()
        if not 4 <= len(word) <= 5 or word in STOP_WORDS or word in counts:
            return match.group()
        longer = [
            (n, w) for w, n in counts.items() if w.startswith(word) and len(w) >= len(word) + 3
        ]
        return max(longer)[1] if longer else match.group()

    return _WORD.sub(written_out, question)


def dense_support(cosine: float, band: tuple[float, float]) -> float:
    """The cosine placed in the embedder's band of unrelated → answering, clipped to [0, 1]."""
    floor, ceil = band
    return float(np.clip((cosine - floor) / (ceil - floor), 0.0, 1.0))


# In a comparison, a named place's best sentence answers for it from this relevance on, once
# another place's text has taken up the question (docs/evaluation.md, "Comparisons").
PLACE_RELEVANCE = 0.45

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

    @property
    def context(self) -> str:
        """What the sentence is about besides its own words: who says it ("enligt
        ordföranden"), the section heading it stands under ("Flera gemensamma
        målsättningar" makes each sentence below it one about målsättningar), and for a terse
        sentence or a quotation, its document's title ("Projektperiod: 2008-11-01 till
        2011-10-30." is the period of what the title names; a quotation is about what its
        press release is about)."""
        title = self.chunk.meta.title
        heading = self.chunk.heading if self.chunk.heading != title else ""
        about = title if len(self.sentence.split()) <= TERSE_WORDS or self.speaker else ""
        return " ".join(x for x in (self.speaker, heading, about) if x)


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
    if len({pool for pool, mine in zip(pools, own, strict=True) if mine}) < 2:
        return coverages(q_stems, stems, earlier)
    out = [0.0] * len(passages)
    for pool in set(pools):
        at = [i for i, name in enumerate(pools) if name == pool]
        shares = coverages(q_stems, [stems[i] for i in at], earlier)
        for i, share in zip(at, shares, strict=True):
            out[i] = share
    return out


_QUOTE_OPENERS = ("-", "–", "—", "”", '"', "»")


def sentences_of(hits: Sequence[Hit]) -> list[Passage]:
    """Distinct sentences of the hits with their chunk and position in it. A sentence of a
    quotation (a paragraph opening with a dash) carries the speaker its last sentence names;
    a sentence seen in two chunks is kept where its quotation is whole."""
    found: dict[str, Passage] = {}
    for hit in hits:
        position = 0
        for sentences in paragraph_sentences(hit.chunk.text):
            speaker, said_at = "", None
            if sentences and sentences[0].startswith(_QUOTE_OPENERS):
                for i, sentence in enumerate(sentences):
                    who = _named_speaker(sentence)
                    if who:
                        speaker, said_at = who, position + 1 + i
                        break
            for sentence in sentences:
                position += 1
                if not quotable(sentence):
                    continue
                quoted = said_at is not None and position < said_at
                passage = Passage(
                    sentence,
                    hit.chunk,
                    position,
                    speaker if quoted else "",
                    said_at if quoted else None,
                )
                known = found.get(sentence)
                if known is None or (passage.speaker and not known.speaker):
                    found[sentence] = passage
    return list(found.values())


class ExtractiveAnswerer:
    """Compose a short answer from retrieved sentences, or abstain."""

    def __init__(
        self,
        embedder: Embedder,
        min_support: float,
        max_sentences: int,
        stored: StoredVectors | None = None,
        scorer: SentenceScorer = RULE,
        next_chunk: NextChunk | None = None,
        types_off: frozenset[AnswerType] = frozenset(),
    ) -> None:
        """``min_support``: abstain when no sentence's relevance reaches it;
        ``stored``: the sentence vectors ingest computed, by chunk id (the store's);
        sentences without one are embedded here; ``types_off``: answer-type rules not
        applied (an ablation: such questions are answered as open ones)."""
        self._embedder = embedder
        self.scorer = scorer
        self.min_support = min_support
        self.max_sentences = max_sentences
        self._stored = stored
        self._next_chunk = next_chunk
        self.types_off = types_off
        self._cache: dict[str, np.ndarray] = {}

    def score(
        self, question: str, hits: Sequence[Hit], ignore: frozenset[str], asked: str = ""
    ) -> list[Scored]:
        """Every distinct sentence of the hits, best support first. ``asked``: the question
        as typed, when ``question`` adds an earlier turn's words (they weigh less)."""
        passages = sentences_of(hits)
        if not passages:
            return []
        texts = [p.sentence for p in passages]
        self._load_stored(hits)
        q_stems = topic_stems(question, ignore)
        earlier = _earlier_words(q_stems, topic_stems(asked, ignore)) if asked else frozenset()
        # A follow-up with a topic of its own is compared as typed: the earlier question's
        # words would pull the similarity towards what was already answered.
        compared = asked if earlier else question
        q_vec = self._embedder.embed_query(complete_clipped(compared, texts))
        cosines = self._sentence_vectors(texts) @ q_vec
        band = self._embedder.similarity_band
        rank = {h.chunk.chunk_id: i for i, h in reversed(list(enumerate(hits)))}
        places = [
            ", ".join(k for k in p.chunk.meta.kommuner if _named(k, ignore)) for p in passages
        ]
        own = [bool(place) for place in places]
        dense = [dense_support(float(cos), band) for cos in cosines]
        # A question made only of question words and the place it names ("Vilka kommuner
        # ingår i Sjuhärads samordningsförbund?") has no topic words to cover: the similarity
        # alone decides, where no coverage at all would abstain on every sentence.
        covered = pooled_coverages(q_stems, passages, own, earlier) if q_stems else dense
        scored = [
            Scored(
                p.sentence,
                p.chunk,
                share,
                similar,
                p.position,
                p.said_at,
                p.speaker or _named_speaker(p.sentence),
                rank[p.chunk.chunk_id],
                bool(place),
                place=place,
            )
            for p, similar, share, place in zip(passages, dense, covered, places, strict=True)
        ]
        # A form's or table's row whose label names what is asked answers it (evidence.py).
        asked_words = frozenset(canonical(content_stems(question, ignore), keep=True))
        rated = [replace(s, support=self.scorer.support(s), relevance=relevance(s)) for s in scored]
        rated = [
            replace(s, relevance=max(s.relevance, self.min_support))
            if evidence.row_answers(evidence.row_label(s.sentence), asked_words)
            else s
            for s in rated
        ]
        return sorted(rated, key=lambda x: -x.support)

    def _load_stored(self, hits: Sequence[Hit]) -> None:
        """Put the stored vectors of the hits' sentences not yet cached into the cache."""
        if self._stored is None:
            return
        per_chunk = {h.chunk.chunk_id: quotable_sentences(h.chunk.text) for h in hits}
        wanted = [c for c, texts in per_chunk.items() if any(s not in self._cache for s in texts)]
        for chunk_id, vectors in self._stored(wanted).items():
            sentences = per_chunk[chunk_id]
            if len(sentences) == len(vectors):  # else written by another sentence splitter
                self._cache.update(zip(sentences, vectors, strict=True))

    def _sentence_vectors(self, sentences: list[str]) -> np.ndarray:
        missing = [s for s in sentences if s not in self._cache]
        if missing:
            for s, v in zip(missing, self._embedder.embed_passages(missing), strict=True):
                self._cache[s] = v
        stacked = np.stack([self._cache[s] for s in sentences])
        if len(self._cache) > 20000:  # bounded: drop the oldest half
            for key in list(self._cache)[:10000]:
                del self._cache[key]
        return stacked

    def clear_cache(self) -> None:
        """Forget sentence vectors (benchmarks measure the uncached path)."""
        self._cache.clear()

    def select(
        self, scored: Sequence[Scored], context: Sequence[Scored] | None = None
    ) -> list[Scored]:
        """The sentences to quote, when one takes up the question (its relevance reaches
        ``min_support``): the best supported; others nearly as relevant as the most relevant;
        in a comparison, so for each named place (:meth:`_per_place`); and the sentence after
        a short lead-in ("Målsättningarna är flera.") so the content it announces comes along.
        ``context`` holds every scored sentence when ``scored`` is a filtered part of them
        (lead-ins)."""
        if not self.relevant(scored):
            return []
        context = scored if context is None else context
        places: dict[str, list[Scored]] = {}
        for s in scored:  # best supported first
            if s.place:
                places.setdefault(s.place, []).append(s)
        if len(places) > 1:
            return _with_continuations(self._per_place(list(places.values())), context)
        # When a sentence in a document about a place the question names is among them, the
        # answer comes from such documents: a national or another place's text found beside
        # them does not answer for the named place.
        near = self._near(scored, self.min_support)
        own = any(s.own_place for s in near)
        chosen = [s for s in near if s.own_place or not own][: self.max_sentences]
        return _with_continuations(chosen, context)

    def _near(self, scored: Sequence[Scored], floor: float) -> list[Scored]:
        """The best supported sentence, and those nearly as relevant as the most relevant
        one (and at least ``floor``)."""
        bar = max(floor, 0.75 * max(s.relevance for s in scored))
        return [s for s in scored if s is scored[0] or s.relevance >= bar]

    def _per_place(self, places: Sequence[Sequence[Scored]]) -> list[Scored]:
        """A comparison: each named place's own sentences are chosen among themselves, like
        an answer for that place alone, once one place's text takes up the question; a place
        whose text does not reach ``PLACE_RELEVANCE`` gets none (the answer says so). The
        national and regional texts found beside them answer for no named place."""
        share = max(2, self.max_sentences // len(places))
        chosen: list[Scored] = []
        for pool in places:
            if max(s.relevance for s in pool) >= PLACE_RELEVANCE:
                chosen += self._near(pool, PLACE_RELEVANCE)[:share]
        return chosen

    def relevant(self, scored: Sequence[Scored]) -> bool:
        """Whether a sentence takes up the question: its relevance reaches ``min_support``."""
        return any(s.relevance >= self.min_support for s in scored)

    def whole_section(
        self, question: str, chosen: list[Scored], scored: Sequence[Scored]
    ) -> list[Scored]:
        """For "Vilka målsättningar …?", when a chosen sentence stands under a heading naming
        what is asked for ("Flera gemensamma målsättningar"), the section is the list: its
        retrieved sentences in reading order (at most ``max_sentences``; no quotations)
        replace the other sentences chosen from that document. A list's items rarely repeat
        the question's words, so each alone may fall below the bar."""
        asked = listed_noun(question)
        if not asked or not chosen:
            return chosen
        for s in chosen:
            heading = s.chunk.heading
            if heading == s.chunk.meta.title or coverage([asked], content_stems(heading)) < 1:
                continue
            section = sorted(  # the section's own text: quotations in it only comment
                (
                    t
                    for t in scored
                    if (t.chunk.doc_id, t.chunk.heading) == (s.chunk.doc_id, heading)
                    and not t.speaker
                ),
                key=lambda t: (t.chunk.number, t.position),
            )
            if s not in section:  # a quotation was chosen: the section does not hold it
                continue
            # A long section: the window of max_sentences around the chosen sentence (one
            # before it, for a lead-in), so the sentence that answers is never cut.
            at = section.index(s)
            start = max(0, min(at - 1, len(section) - self.max_sentences))
            others = [t for t in chosen if t.chunk.doc_id != s.chunk.doc_id]  # comparisons
            return section[start : start + self.max_sentences] + others
        return chosen

    def whole_lists(self, chosen: list[Scored], scored: Sequence[Scored]) -> list[Scored]:
        """A chosen lead-in ("Projektet består av fyra delar:") or list item brings the whole
        list: the lead-in and every item after it, into the document's next chunk when the
        list goes on there (items alone rarely share the question's words)."""
        out: list[Scored] = []
        for s in chosen:
            listed = s.sentence.endswith(":") or is_list_item(s.sentence)
            unit = (self._list_of(s, scored) if listed else None) or [s]
            have = {t.sentence for t in out}
            out += [u for u in unit if u.sentence not in have]
        return out

    def _list_of(self, s: Scored, scored: Sequence[Scored]) -> list[Scored] | None:
        """The lead-in and items of the list ``s`` belongs to, or None when it is none."""
        known = {(t.chunk.chunk_id, t.sentence): t for t in scored}
        sentences = _flat_sentences(s.chunk)
        start = s.position - 1
        if not 0 <= start < len(sentences) or sentences[start] != s.sentence:
            return None
        while is_list_item(sentences[start]):  # back to its lead-in, within the chunk
            if start == 0:
                return None
            start -= 1
        if not sentences[start].endswith(":"):
            return None
        unit = [(s.chunk, start + 1, sentences[start])]
        chunk: Chunk | None = s.chunk
        at = start + 1
        while chunk is not None and len(unit) <= MAX_LIST_ITEMS:
            texts = _flat_sentences(chunk)
            seen = {text for _, _, text in unit}
            while at < len(texts) and (texts[at] in seen or is_list_item(texts[at])):
                if texts[at] not in seen and len(unit) <= MAX_LIST_ITEMS:
                    unit.append((chunk, at + 1, texts[at]))
                at += 1
            if at < len(texts) or self._next_chunk is None:
                break  # the list ended in this chunk
            chunk, at = self._next_chunk(chunk), 0
        if len(unit) == 1:
            return None
        return [
            known.get((c.chunk_id, text)) or Scored(text, c, 0.0, 0.0, position)
            for c, position, text in unit
        ]

    def speakers(
        self, candidates: Sequence[Scored], scored: Sequence[Scored], topical: bool
    ) -> list[Scored]:
        """Who is quoted: each speaker's best-supported quoted sentence of ``candidates``
        (brought with the sentence naming them), chosen like any answer; when the question
        names no topic ("Vem citeras i Heby?"), every speaker in the retrieved text."""
        best: dict[str, Scored] = {}
        for s in candidates:  # best support first
            if s.speaker and s.speaker not in best:
                best[s.speaker] = s
        quotes = list(best.values())
        if topical:
            return self.select(quotes, scored)
        return _with_continuations(quotes[: self.max_sentences], scored)

    def with_next_chunks(self, hits: Sequence[Hit]) -> list[Hit]:
        """The hits, then the chunk after each in its document (ranked after every hit): a
        sentence that goes on from a retrieved one, or the answer right after the sentence
        that matched, often stands across a chunk boundary (docs/evaluation.md, "The chunk
        after")."""
        if self._next_chunk is None:
            return list(hits)
        have = {h.chunk.chunk_id for h in hits}
        out = list(hits)
        for hit in hits:
            after = self._next_chunk(hit.chunk)
            if after is not None and after.chunk_id not in have:
                have.add(after.chunk_id)
                out.append(Hit(after, hit.score))
        return out

    def candidates(
        self, scored: Sequence[Scored], question: str, ignore: frozenset[str], asked: str = ""
    ) -> list[Scored]:
        """The scored sentences that may answer at all (assistant/answering/evidence.py): not
        speaking for other places only, holding the numbers the question gives, and not a
        lead-in to nothing. All of them stay context (lists, sections, continuations)."""
        place = asked or question
        places = frozenset() if evidence.asks_for_place(place) else evidence.asked_kommuner(ignore)
        given = evidence.numbers(place)
        return [
            s
            for s in scored
            if not evidence.about_elsewhere(s.sentence, places)
            and not evidence.lacks_numbers(given, s.sentence, s.chunk, s.speaker)
            and not evidence.dangling(s.sentence, self._following(s))
        ]

    def _following(self, s: Scored) -> str | None:
        """The sentence after ``s`` in its document, or None at the document's end."""
        sentences = _flat_sentences(s.chunk)
        if s.position < len(sentences):
            return sentences[s.position]
        after = self._next_chunk(s.chunk) if self._next_chunk is not None else None
        rest = _flat_sentences(after) if after is not None else []
        rest = rest[1:] if rest[:1] == [s.sentence] else rest  # chunks overlap by a sentence
        return rest[0] if rest else None

    @staticmethod
    def of_type(wanted: AnswerType, s: Scored, question: str) -> bool:
        """Whether the sentence holds what the question asks for. A "when" question is also
        answered by "i dag" or "på tisdagen" in a dated document: :func:`dated` gives the
        date."""
        if satisfies(wanted, s.sentence, question):
            return True
        return wanted is AnswerType.TIME and bool(s.chunk.meta.date) and relative_time(s.sentence)

    def expected(self, question: str, asked: str = "") -> AnswerType | None:
        """The kind of answer the question asks for, of the rules in force: a follow-up
        with a topic of its own ("Och vilka ska anställas?") asks what it asks itself, an
        elliptic one ("Och i Uppsala?") what the earlier question asked."""
        if asked and topic_stems(asked):
            return expected_type(asked, self.types_off)
        return expected_type(question, self.types_off)

    def answers(
        self, question: str, hits: Sequence[Hit], ignore: frozenset[str], asked: str = ""
    ) -> bool:
        """Whether the hits answer the question (no abstention)."""
        return not self.answer(question, hits, ignore, asked).abstained

    def answer(
        self, question: str, hits: Sequence[Hit], ignore: frozenset[str], asked: str = ""
    ) -> Answer:
        """Quote the best sentences of the kind the question asks for, or abstain.
        ``asked``: the question as typed, when ``question`` adds an earlier turn's words."""
        wanted = self.expected(question, asked)
        if wanted is not None:
            ignore = ignore | kind_words(question)
        hits = self.with_next_chunks(hits)
        scored = self.score(question, hits, ignore, asked)
        candidates = self.candidates(scored, question, ignore, asked)
        if wanted is None:
            chosen = self.whole_section(question, self.select(candidates, scored), scored)
        elif wanted is AnswerType.SPEAKER:
            topic = topic_stems(question, ignore)
            # "… i pressmeddelandet om samverkan": words that name a document (its title and
            # type) are no topic; the speakers are that document's.
            named = {h.chunk.doc_id for h in hits if coverage(topic, _naming_stems(h.chunk)) == 1}
            if topic and named:
                in_named = [s for s in candidates if s.chunk.doc_id in named]
                chosen = self.speakers(in_named, scored, topical=False)
            else:
                chosen = self.speakers(candidates, scored, topical=bool(topic))
        else:
            typed = [s for s in candidates if self.of_type(wanted, s, question)]
            role = asked_role(question) if wanted is AnswerType.PERSON else ()
            # Evidence, not similarity: a name beside the asked role answers "Vem är
            # förbundschef …?" though the sentence shares little else with the question, and
            # before a better-matching sentence naming someone else (the kommunalråd).
            held = (
                [s for s in typed if names_role(_whose(role, s, ignore), s.sentence)]
                if role
                else []
            )
            if held:
                chosen = self.select(held, scored) or _with_continuations(held[:1], scored)
            else:
                chosen = self.select(typed, scored)
        if chosen:
            answer = compose(question, self.whole_lists(chosen, scored), hits)
            return dated(answer, chosen) if wanted is AnswerType.TIME else answer
        if wanted is not None and self.relevant(scored):
            # Sentences share the question's words, but none holds what it asks for (or one
            # does, for another place, age or year than the question's).
            return abstain(question, hits, why_missing(wanted, question))
        if looks_english(question):
            # Its words cannot be matched against Swedish text, and the embedder alone does
            # not tell an answer from a sentence on the same subject (docs/evaluation.md).
            return abstain(question, hits, ENGLISH_QUESTION, lead="Jag kan inte svara på frågan.")
        return abstain(question, hits, "Underlagen innehåller inget som svarar på frågan.")


def _earlier_words(q_stems: Sequence[str], own: Sequence[str]) -> frozenset[str]:
    """The question's topic words (:func:`canonical`) that only the earlier turn asked; none
    when the question as typed has no topic of its own ("Och i Uppsala?")."""
    mine = canonical(own)
    if not mine:
        return frozenset()
    return frozenset(q for q in canonical(q_stems) if not found(q, frozenset(mine)))


def _named(kommun: str, ignore: frozenset[str]) -> bool:
    """Whether the question names the kommun: every word of its name ("Upplands Väsby") is
    among the place words it does not score."""
    return all(w in ignore for w in kommun.lower().split())


def _whose(role: tuple[str, ...], s: Scored, ignore: frozenset[str]) -> tuple[str, ...]:
    """What must stand beside a name for it to hold the asked role: the role; in a document
    of several kommuner also the asked kommun ("kommunalrådet Rolf Eriksson" in a joint
    agreement of Tibro, Hjo and Karlsborg says nothing of Karlsborg's)."""
    kommuner = s.chunk.meta.kommuner
    if len(kommuner) <= 1:
        return role
    asked = [k for k in kommuner if _named(k, ignore)]
    return (*role, *canonical(content_stems(" ".join(asked)))) if asked else role


_LISTED = re.compile(r"^\W*(?:och\s+)?vilka\s+(?P<noun>\w+)(?:\s+(?P<next>\w+))?", re.IGNORECASE)


def listed_noun(question: str) -> str:
    """The stem of what a "Vilka X …?" question asks to list ("målsättningar" →
    "målsättning"), or "" for another question."""
    match = _LISTED.match(question)
    if match is None:
        return ""
    noun = match.group("noun")
    following = match.group("next")
    if following and noun.lower().endswith("a") and not following.lower().endswith("a"):
        noun = following  # "Vilka stora förändringar …": a plural adjective ends in -a
    stems = content_stems(noun, QUESTION_WORDS)
    return stems[0] if stems else ""


def _naming_stems(chunk: Chunk) -> list[str]:
    """Stems of a chunk's document title and type: words that say which document ("i
    pressmeddelandet om samverkan"), not what about."""
    return content_stems(f"{chunk.meta.title} {chunk.meta.doc_type}", verbs=True)


# A sentence opening with one of these goes on from the sentence before it ("Insatser … är
# exempelvis OSA. Här är målet att fler kvinnor ska ta del av den insatsen."): quoted, each
# comes with the other.
BACK_REFERENCES = frozenset("här där detta dessa denna därför därmed även".split())
# … of which these cannot be read without the sentence before ("även" only adds to it).
POINTS_BACK = BACK_REFERENCES - {"även"}
# A sentence opening with one of these qualifies the one before it ("Undantaget de med …",
# "Dock …"): quoted without it, the chosen sentence claims more than the source does.
QUALIFIERS = frozenset("undantaget undantag dock däremot men utom förutom".split())


def _names_again(sentence: str, following: str) -> bool:
    """Whether ``following`` opens by naming again, in the definite form, a thing
    ``sentence`` introduced: "… att starta ett arbetsmarknadsråd …" / "I rådet kommer …",
    "… en ny modell …" / "Modellen innebär …"."""
    introduced = [stem(w) for w in words(sentence) if w not in STOP_WORDS]
    for w in words(following)[:3]:
        if w in STOP_WORDS or not w.endswith(("en", "et", "n", "t")) or len(w) < 5:
            continue
        base = stem(w)
        if len(base) >= 3 and base != w and any(t.endswith(base) for t in introduced):
            return True
    return False


def _with_continuations(chosen: list[Scored], scored: Sequence[Scored]) -> list[Scored]:
    """Add the next sentence of the same chunk after a lead-in (short, or ending in ":"), or
    when it goes on from the chosen one (opens with "Här", "Detta" …) and shares a word with
    the question, or qualifies it (opens with "Undantaget", "Dock" …): quoted alone, either
    would leave out what it refers to, or claim more than the source. A chosen sentence that
    points back ("Här är målet …") brings the one before it, and a sentence of a quotation
    the sentence that names the speaker."""
    by_place = {(s.chunk.chunk_id, s.position): s for s in scored}
    out = list(chosen)
    for s in chosen:
        if s.said_at is not None:  # a quotation is quoted with who says it
            speaker = by_place.get((s.chunk.chunk_id, s.said_at))
            if speaker is not None and speaker not in out:
                out.append(speaker)
        if (words(s.sentence) or [""])[0] in POINTS_BACK:  # "Här är målet …": what is "här"?
            before = by_place.get((s.chunk.chunk_id, s.position - 1))
            if before is not None and before not in out:
                out.append(before)
        following = by_place.get((s.chunk.chunk_id, s.position + 1))
        if following is None or following in out:
            continue
        lead_in = s.sentence.endswith(":") or len(s.sentence.split()) <= 6
        first = (words(following.sentence) or [""])[0]
        goes_on = first in BACK_REFERENCES or _names_again(s.sentence, following.sentence)
        qualifies = first in QUALIFIERS
        if lead_in or qualifies or (goes_on and following.coverage > 0):
            out.append(following)
    return out


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


def dated(answer: Answer, chosen: Sequence[Scored]) -> Answer:
    """A "when" answer that says when only as "i dag" or "på tisdagen" (no sentence gives a
    date or year) gets the date of each document that says it so, from its metadata and
    cited as that source: the press release's "i dag" is its own date."""
    if any(absolute_time(s.sentence) for s in chosen):
        return answer
    numbers = {src.doc_id: src.n for src in answer.sources}
    relative = [s for s in chosen if relative_time(s.sentence)]
    notes = [
        date_note(numbers[c.doc_id], c.meta.date)
        for c in {s.chunk.doc_id: s.chunk for s in relative}.values()
        if c.meta.date and c.doc_id in numbers
    ]
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
