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

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from assistant.answering import evidence
from assistant.answering.answer_types import (
    AnswerType,
    asked_role,
    asks_order,
    asks_own_date,
    asks_time_of_day,
    asks_whether,
    attributes,
    counted_noun,
    counts,
    expected_type,
    given_numbers,
    kind_words,
    names_role,
    people_named,
    relative_time,
    satisfies,
    tells_asked_event,
    two_questions,
    why_missing,
)
from assistant.answering.compose import abstain, compose, dated, joint
from assistant.answering.matching import canonical, found
from assistant.answering.passages import (
    Scored,
    flat_sentences,
    named_speaker,
    pooled_coverages,
    sentences_of,
    without_title,
)
from assistant.answering.scorer import RULE, SentenceScorer, relevance
from assistant.answering.topics import (
    complete_clipped,
    coverage,
    dense_support,
    earlier_words,
    topic_stems,
)
from assistant.answering.units import (
    NextChunk,
    announced_paragraph,
    distinct,
    listed_noun,
    whole_lists,
    whole_quotations,
    whole_section,
    with_continuations,
    with_neighbours,
)
from assistant.index.embeddings import Embedder, Matrix
from assistant.records import Answer, Chunk, DocumentMeta, Hit
from assistant.scope.bodies import Body, body_by_name
from assistant.scope.scoping import named_bodies
from assistant.swedish import (
    content_stems,
    is_contents,
    join_sv,
    looks_english,
    quotable_sentences,
)

ENGLISH_QUESTION = (
    "Frågan verkar vara på engelska, och utan språkmodell kan jag bara jämföra svenska frågor "
    "med de svenska underlagen: ställ frågan på svenska. (Please ask in Swedish.)"
)

StoredVectors = Callable[[Sequence[str]], dict[str, Matrix]]  # chunk ids → sentence vectors


# In a comparison, a named place's text answers for it from this relevance on, once another
# place's text has taken up the question (docs/evaluation.md, "Comparisons"; 0.40 answered
# for Heby with a sentence that does not say, session 11).
PLACE_RELEVANCE = 0.45
# … and a sentence of the kind the question asks for (a period, an amount, a person) from this
# one, once another place got its answer: the kind is the evidence, the words shared are few
# ("Pengarna ska användas under åren 2023-2026" for "Hur länge håller … på?"). Chosen on the
# read parts (0.35: +2, 0.25 and 0.15: +3, no loss; docs/evaluation.md, "Session 17").
KIND_PLACE_RELEVANCE = 0.25

# A sentence of another document than the best supported one's comes along only when its
# support is at least this share of the best's: texts on the same subject share the question's
# words (relevance), but a second source must be nearly as likely to answer (docs/evaluation.md,
# "One document unless another answers as well").
OTHER_DOCUMENT_SUPPORT = 0.5


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
        # A table of contents is read only for a question on a document's parts: its entries
        # name topics and say nothing about them (nor count in how rare a word is).
        parts = evidence.asks_contents(asked or question)
        passages = [p for p in sentences_of(hits) if parts or not is_contents(p.sentence)]
        if not passages:
            return []
        texts = [p.sentence for p in passages]
        self._load_stored(hits)
        q_stems = topic_stems(question, ignore)
        earlier = earlier_words(q_stems, topic_stems(asked, ignore)) if asked else frozenset()
        # A follow-up with a topic of its own is compared as typed: the earlier question's
        # words would pull the similarity towards what was already answered.
        compared = asked if earlier else question
        q_vec = self._embedder.embed_query(complete_clipped(compared, texts))
        cosines = self._sentence_vectors(texts) @ q_vec
        band = self._embedder.similarity_band
        rank = {h.chunk.chunk_id: i for i, h in reversed(list(enumerate(hits)))}
        named = named_bodies(question)
        places = [place_label(p.chunk, ignore, named) for p in passages]
        dense = [dense_support(float(cos), band) for cos in cosines]
        # A question made only of question words and the place it names ("Vilka kommuner
        # ingår i Sjuhärads samordningsförbund?") has no topic words to cover: the similarity
        # alone decides, where no coverage at all would abstain on every sentence.
        own = [bool(place) for place in places]
        covered = pooled_coverages(q_stems, passages, own, earlier) if q_stems else dense
        scored = [
            Scored(
                p.sentence,
                p.chunk,
                share,
                similar,
                p.position,
                p.said_at,
                p.speaker or named_speaker(p.sentence),
                rank[p.chunk.chunk_id],
                place,
            )
            for p, similar, share, place in zip(passages, dense, covered, places, strict=True)
        ]
        return sorted(self._rate(scored, question, ignore, asked), key=lambda x: -x.support)

    def _rate(
        self, scored: Sequence[Scored], question: str, ignore: frozenset[str], asked: str
    ) -> list[Scored]:
        """Each sentence's support (the scorer's) and relevance; a form's or table's row whose
        label names what is asked, or a phone number or address in the block of whom it asks
        to reach, is relevant whatever else it shares (evidence.py); a table
        of contents, scored only for a question on a document's parts, answers it first."""
        asked_words = _asked_words(question, ignore)
        wanted = self.expected(question, asked)
        asks_time = wanted in (AnswerType.TIME, AnswerType.DURATION)
        listed = listed_noun(asked or question)
        rated = []
        for s in scored:
            rel = relevance(s)
            if (
                evidence.row_answers(evidence.row_label(s.sentence), asked_words, asks_time)
                or self._in_asked_block(s, wanted, question, asked_words)
                or evidence.enumerates(listed, s.sentence)
                or evidence.gives_age(question, s.sentence)
                or evidence.names_parties(question, s.sentence)
            ):
                rel = max(rel, self.min_support)
            if is_contents(s.sentence):
                # Scored only for a question on a document's parts, which it answers first.
                rated.append(replace(s, support=1.0, relevance=1.0))
            else:
                rated.append(replace(s, support=self.scorer.support(s), relevance=rel))
        return rated

    def _in_asked_block(
        self, s: Scored, wanted: AnswerType | None, question: str, asked_words: frozenset[str]
    ) -> bool:
        """Whether ``s`` is a short line of the asked kind (a phone number, an address) in
        the address block of whom the question asks to reach (:func:`evidence.block_answers`)."""
        if (
            wanted not in (AnswerType.CONTACT, AnswerType.PLACE)
            or len(s.sentence) > evidence.MAX_ROW_CHARS
            or not self.of_type(wanted, s, question)
        ):
            return False
        return evidence.block_answers(_above(s), asked_words)

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
        self,
        scored: Sequence[Scored],
        context: Sequence[Scored] | None = None,
        floor: float | None = None,
    ) -> list[Scored]:
        """The sentences to quote, when one takes up the question (its relevance reaches
        ``floor``, by default ``min_support``): the best supported; others nearly as
        relevant as the most relevant; and the sentence after a short lead-in
        ("Målsättningarna är flera.") so the content it announces comes along. ``context``
        holds every scored sentence when ``scored`` is a filtered part of them (lead-ins). A
        comparison reaches it one place at a time (:meth:`_choose`)."""
        floor = self.min_support if floor is None else floor
        if not self.relevant(scored, floor):
            return []
        context = scored if context is None else context
        # When a sentence in a document about a place the question names is among them, the
        # answer comes from such documents: a national or another place's text found beside
        # them does not answer for the named place.
        near = self._near(scored, floor)
        own = any(s.own_place for s in near)
        if all(s.chunk.meta.national for s in near) and any(s.own_place for s in context):
            # The named kommun's own documents were found and none answers: a national text's
            # general sentence does not say what the kommun has done.
            return []
        chosen = distinct([s for s in near if s.own_place or not own])[: self.max_sentences]
        return with_continuations(chosen, context)

    def _near(self, scored: Sequence[Scored], floor: float) -> list[Scored]:
        """The best supported sentence, and those nearly as relevant as the most relevant
        one (and at least ``floor``); from another document than the best one's, only those
        the scorer also finds nearly as likely to answer (``OTHER_DOCUMENT_SUPPORT``)."""
        bar = max(floor, 0.75 * max(s.relevance for s in scored))
        best = scored[0]
        return [
            s
            for s in scored
            if s is best
            or (
                s.relevance >= bar
                and (
                    s.chunk.doc_id == best.chunk.doc_id
                    or s.support >= OTHER_DOCUMENT_SUPPORT * best.support
                )
            )
        ]

    def relevant(self, scored: Sequence[Scored], floor: float | None = None) -> bool:
        """Whether a sentence takes up the question: its relevance reaches ``floor``
        (``min_support`` unless a comparison lowers it for a place: :meth:`_choose`)."""
        floor = self.min_support if floor is None else floor
        return any(s.relevance >= floor for s in scored)

    def speakers(
        self,
        candidates: Sequence[Scored],
        scored: Sequence[Scored],
        topical: bool,
        floor: float | None = None,
    ) -> list[Scored]:
        """Who is quoted: each speaker's best-supported quoted sentence of ``candidates``
        (brought with the sentence naming them), chosen like any answer; when the question
        names no topic ("Vem citeras i Heby?"), every speaker in the retrieved text."""
        best: dict[str, Scored] = {}
        for s in candidates:  # best support first
            if s.speaker and s.speaker not in best:
                best[s.speaker] = s
        quotes = list(best.values())
        if not topical:
            return with_continuations(quotes[: self.max_sentences], scored)
        floor = self.min_support if floor is None else floor
        chosen = self.select(quotes, scored, floor=floor)
        taken_up = [s.chunk.doc_id for s in scored if s.relevance >= floor]
        if chosen or not taken_up:
            return chosen
        # No quotation repeats the question's words, but a document takes up its subject. A
        # sentence of it that says whose view it tells answers ("… så skriver myndigheten
        # själv att …", "En rapport från Arbetsförmedlingen visar att …"); else the press
        # release quotes someone on what it is about, in words of their own.
        attributed = [
            s
            for s in scored
            if s.chunk.doc_id == taken_up[0] and s.relevance >= floor and attributes(s.sentence)
        ]
        if attributed:
            return attributed[:1]
        theirs = [q for q in quotes if q.chunk.doc_id == taken_up[0]]
        return with_continuations(theirs[: self.max_sentences], scored)

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
        speaking for other places only, holding the numbers the question gives, not a lead-in
        to nothing nor a question itself, nor, for an open question, where the text breaks off
        (a question asking for a kind of answer, a number or a date, may find it before the
        break). All of them stay context (lists, sections, continuations)."""
        place = asked or question
        places = frozenset() if evidence.asks_for_place(place) else evidence.asked_kommuner(ignore)
        given, source = evidence.question_numbers(place)
        ages = evidence.question_ages(place)
        open_question = self.expected(question, asked) is None
        people = asked_people(place, [s.chunk for s in scored])
        return [
            s
            for s in scored
            if not (evidence.about_elsewhere(s.sentence, places) and not _for_body(s))
            # a question naming a person: only what names them, whatever numbers it gives
            and (
                _mentions(s, people)
                if people
                else not evidence.lacks_numbers(given, s.sentence, s.chunk, s.speaker, ages)
            )
            and not evidence.lacks_source_numbers(source, s.chunk)
            and not evidence.dangling(s.sentence, self._following(s))
            and not evidence.asks(s.sentence)
            and not evidence.lacks_outcome(place, s.sentence)
            and not (open_question and self._breaks_off(s))
        ]

    def _breaks_off(self, s: Scored) -> bool:
        # What follows is looked up (maybe in the store) only for a sentence without an end.
        return not evidence.ends_sentence(s.sentence) and evidence.breaks_off(
            s.sentence, s.chunk, self._following(s)
        )

    def _broken_off_best(self, scored: Sequence[Scored], chosen: Sequence[Scored]) -> Scored | None:
        """The sentence where a text breaks off, when it takes up the question and the scorer
        finds it likelier to answer than any sentence chosen (candidates leave it out), and it
        takes up the question as well as they do: a near tie with a whole sentence that
        answers is no reason to decline."""
        best = max((s.support for s in chosen), default=0.0)
        bar = max([self.min_support, *(s.relevance for s in chosen)])
        for s in scored:  # best supported first
            if s.support < best:
                return None
            if s.relevance >= bar and self._breaks_off(s):
                return s
        return None

    def _following(self, s: Scored) -> str | None:
        """The sentence after ``s`` in its document, or None at the document's end."""
        sentences = flat_sentences(s.chunk)
        if s.position < len(sentences):
            return sentences[s.position]
        after = self._next_chunk(s.chunk) if self._next_chunk is not None else None
        rest = flat_sentences(after) if after is not None else []
        rest = rest[1:] if rest[:1] == [s.sentence] else rest  # chunks overlap by a sentence
        return rest[0] if rest else None

    @staticmethod
    def of_type(wanted: AnswerType, s: Scored, question: str) -> bool:
        """Whether the sentence holds what the question asks for (a quotation's sentence
        holds its speaker, a person, too). A "when" question is also
        answered by "i dag" or "på tisdagen" in a dated document, when it tells of the asked
        event: :func:`dated` gives the date."""
        if wanted is AnswerType.COUNT:
            # A number in the document's title counts only what stands beside it there.
            noun = counted_noun(question)
            sentence = without_title(s.sentence, s.chunk.meta.title)
            return satisfies(wanted, sentence, question) or (
                bool(noun) and counts([noun], s.sentence, noun, given_numbers(question))
            )
        if satisfies(wanted, s.sentence, question):
            return True
        if wanted is AnswerType.PERSON and s.speaker:
            # A quotation's sentence: who says it is named with the quotation.
            return True
        return (
            wanted is AnswerType.TIME
            and bool(s.chunk.meta.date)
            and not asks_time_of_day(question)
            and (relative_time(s.sentence) or asks_own_date(question) or asks_order(question))
            and tells_asked_event(s.sentence, question)
        )

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
        self,
        question: str,
        hits: Sequence[Hit],
        ignore: frozenset[str],
        asked: str = "",
        floor: float | None = None,
    ) -> Answer:
        """Quote the best sentences of the kind the question asks for, or abstain.
        ``asked``: the question as typed, when ``question`` adds an earlier turn's words;
        ``floor``: the relevance a sentence needs (``min_support`` by default).
        A question of two ("Vad är det senaste samarbetet i X, och hur länge pågår det?") is
        answered part by part, the second read with the first's words as a follow-up is."""
        hits = self.with_next_chunks(hits)
        parts = two_questions(question) if not asked else ()
        if parts:
            first, second = parts
            chosen, wanted, scored = self._choose(first, hits, ignore, "", floor=floor)
            more, wanted_more, _ = self._choose(
                f"{second} {first}", hits, ignore, second, floor=floor
            )
            timed = (wanted is AnswerType.TIME and bool(chosen)) or (
                wanted_more is AnswerType.TIME and bool(more)
            )
            have = {s.sentence for s in chosen}
            chosen += [s for s in more if s.sentence not in have]
        else:
            chosen, wanted, scored = self._choose(question, hits, ignore, asked, floor=floor)
            timed = wanted is AnswerType.TIME
        if wanted is None:
            cut = self._broken_off_best(scored, chosen)
            if cut is not None:
                # The sentence that would answer an open question best is where the copy
                # breaks off ("… ett avtal som ger oss möjlighet at"): what it was about to
                # say is the answer, and it is not in the text (docs/evaluation.md, "Texts
                # cut off").
                return abstain(question, hits, broken_off(cut))
        # … and it does not come along as a continuation, unless it holds what is asked for.
        chosen = [
            s
            for s in chosen
            if not self._breaks_off(s) or (wanted is not None and self.of_type(wanted, s, question))
        ]
        if chosen:
            answer = joint(compose(question, chosen, hits), chosen)
            # Which came first: each quoted document's date, as for when a text came out.
            typed = asked or question
            own = asks_own_date(typed) or asks_order(typed)
            return dated(answer, chosen, own) if timed else answer
        named = sorted(evidence.asked_kommuner(ignore))
        if (
            named
            and asks_whether(asked or question)
            and not any(_speaks_for_named(s) for s in scored)
        ):
            # "Har Skövde …?" where no text is about Skövde: the others cannot say yes or no.
            return abstain(
                question,
                hits,
                f"Inget av underlagen handlar om {join_sv(named)}, och de andra säger inte "
                "om det gäller där.",
            )
        if (
            wanted is not None
            and self.relevant(scored)
            and not any(self.of_type(wanted, s, question) for s in scored if s.own_place)
        ):
            # Sentences share the question's words, but none holds what it asks for (or one
            # does, for another place, age or year than the question's). When the named
            # place's text holds something of the kind that did not take up the question
            # ("Vi ansöker om 200 000 kronor …"), "no amount" would be untrue: the plain
            # abstention below says the sources do not answer.
            return abstain(question, hits, why_missing(wanted, question))
        if looks_english(question):
            # Its words cannot be matched against Swedish text, and the embedder alone does
            # not tell an answer from a sentence on the same subject (docs/evaluation.md).
            return abstain(question, hits, ENGLISH_QUESTION, lead="Jag kan inte svara på frågan.")
        return abstain(question, hits, "Underlagen innehåller inget som svarar på frågan.")

    def _each_place(
        self,
        question: str,
        by_place: dict[str, list[Hit]],
        scored: Sequence[Scored],
        ignore: frozenset[str],
        asked: str,
        wanted: AnswerType | None,
    ) -> list[Scored]:
        """A comparison: each named place answered from its own documents (``by_place``) as
        if asked of it alone (the other places' names, and the alternatives that are theirs,
        left out of the question: :func:`without_names`); once one place's text takes up the
        question or its own part of it, or when the question asks for a kind of answer (each
        place's sentence must hold one), each answers from ``PLACE_RELEVANCE``; once one
        place has its answer, a sentence of the kind asked for (``wanted``) answers for
        another from ``KIND_PLACE_RELEVANCE``. Every other word of the question counts for
        each place: one that only the other place's text has may be the very topic ("…
        offentligt skyddad anställning … i Heby och Uppsala?": Heby's text has none, and Heby
        gets no answer)."""

        def part(label: str, floor: float | None) -> list[Scored]:
            mine = label.split(", ")
            others = [n for other in by_place for n in other.split(", ") if n not in mine]
            chosen, _, _ = self._choose(
                without_names(question, others),
                by_place[label],
                ignore,
                asked,
                each_place=False,
                floor=floor,
            )
            return chosen

        taken_up = any(s.relevance >= self.min_support for s in scored if s.place)
        typed = taken_up or wanted is not None
        parts = {label: part(label, PLACE_RELEVANCE if typed else None) for label in by_place}
        if not taken_up and any(parts.values()):
            # One place's own question is taken up by its text: the others answer from
            # PLACE_RELEVANCE too.
            for label, chosen in parts.items():
                parts[label] = chosen or part(label, PLACE_RELEVANCE)
        if wanted is not None and any(parts.values()):
            # A place still without an answer gets one of the asked kind from its own text.
            for label, chosen in parts.items():
                parts[label] = chosen or part(label, KIND_PLACE_RELEVANCE)
        return [s for chosen in parts.values() for s in chosen]

    def _choose(
        self,
        question: str,
        hits: Sequence[Hit],
        ignore: frozenset[str],
        asked: str,
        *,
        each_place: bool = True,
        floor: float | None = None,
    ) -> tuple[list[Scored], AnswerType | None, list[Scored]]:
        """The sentences that answer the question, whole lists and all (none: abstain); the
        kind of answer it asks for; every sentence scored. A comparison (``each_place``) is
        answered place by place (:meth:`_each_place`), each from ``floor`` on."""
        wanted = self.expected(question, asked)
        if wanted is not None:
            ignore = ignore | kind_words(question)
        scored = self.score(question, hits, ignore, asked)
        # A date, time or page stamp says when a text is dated, and a heading naming the
        # parties who is in it, not what it says: neither is an answer to another question,
        # nor the context of one.
        stamps = wanted is not AnswerType.TIME
        parties = not evidence.asks_who_takes_part(asked or question)
        scored = [
            s
            for s in scored
            if not (stamps and evidence.is_stamp(s.sentence))
            and not (parties and evidence.lists_parties_only(s.sentence))
        ]
        by_place = hits_by_place(hits, ignore, question) if each_place else {}
        if len(by_place) > 1:
            return (
                self._each_place(question, by_place, scored, ignore, asked, wanted),
                wanted,
                scored,
            )
        candidates = self.candidates(scored, question, ignore, asked)
        if wanted is None:
            chosen = whole_section(
                question, self.select(candidates, scored, floor=floor), scored, self.max_sentences
            )
            if chosen:
                own = any(s.own_place for s in chosen)
                bar = self.min_support if floor is None else floor
                relevant = [
                    s for s in candidates if s.relevance >= bar and (s.own_place or not own)
                ]
                # An announced paragraph is the answer whole; else the chosen sentences with
                # their quotation and the running text around the best one.
                chosen = announced_paragraph(
                    question, relevant, scored, self.max_sentences
                ) or with_neighbours(whole_quotations(chosen, scored, bar), scored)
        elif wanted is AnswerType.SPEAKER:
            topic = topic_stems(question, ignore)
            # "… i pressmeddelandet om samverkan": words that name a document (its title and
            # type) are no topic; the speakers are that document's.
            named = {h.chunk.doc_id for h in hits if coverage(topic, _naming_stems(h.chunk)) == 1}
            if topic and named:
                in_named = [s for s in candidates if s.chunk.doc_id in named]
                chosen = self.speakers(in_named, scored, topical=False)
            else:
                chosen = self.speakers(candidates, scored, topical=bool(topic), floor=floor)
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
                chosen = self.select(held, scored, floor=floor) or with_continuations(
                    held[:1], scored
                )
            elif len(role) > 1:
                # "Vem blir vice ordförande …?": a sentence naming an "ordförande" and no
                # "vice" names who holds another role.
                other = [s for s in typed if _names_head_only(role, _with_speaker(s))]
                chosen = self.select([s for s in typed if s not in other], scored, floor=floor)
            else:
                # A phone number or an address in the block of whom the question asks to
                # reach, before one of another block (each office's "Fax: …" row).
                asked_words = _asked_words(question, ignore)
                blocked = [
                    s for s in typed if self._in_asked_block(s, wanted, question, asked_words)
                ]
                chosen = self.select(blocked or typed, scored, floor=floor)
        if (
            asks_whether(asked or question)
            and evidence.asked_kommuner(ignore)
            and not any(_speaks_for_named(s) for s in chosen)
        ):
            # "Har Lidköping tecknat en överenskommelse?": only a text about the kommun (or
            # its whole region) can say yes; a national text's "… med 261 kommuner" or
            # another kommun's does not say which.
            chosen = []
        units = distinct(whole_lists(chosen, scored, self._next_chunk)) if chosen else []
        return units, wanted, scored


def _asked_words(question: str, ignore: frozenset[str]) -> frozenset[str]:
    """The question's topic words as rows and blocks are matched against them."""
    return frozenset(canonical(content_stems(question, ignore), keep=True))


def asked_people(question: str, chunks: Sequence[Chunk]) -> tuple[str, ...]:
    """The people the question names (as the texts write them, whatever case it is typed
    in: "vad jobbar roy melchert med?" names Roy Melchert)."""
    typed = " ".join(question.lower().split())
    texts = {c.chunk_id: c.text for c in chunks}
    named = {name for text in texts.values() for name in people_named(text)}
    return tuple(sorted(name for name in named if name.lower() in typed))


def _names_head_only(role: Sequence[str], sentence: str) -> bool:
    """Whether the sentence names the head of a role of several words ("ordförande" of
    "vice ordförande", of "kommunstyrelsens ordförande") without the rest of it."""
    have = frozenset(canonical(content_stems(sentence), keep=True))
    return found(role[-1], have) and not all(found(r, have) for r in role[:-1])


def _with_speaker(s: Scored) -> str:
    """The sentence, and for a quotation the sentence naming its speaker (whose role it
    gives)."""
    if s.said_at is None or s.said_at == s.position:
        return s.sentence
    sentences = flat_sentences(s.chunk)
    naming = sentences[s.said_at - 1] if 0 < s.said_at <= len(sentences) else ""
    return f"{s.sentence} {naming}"


def _above(s: Scored) -> list[str]:
    """The sentences above ``s`` in its chunk, nearest first, then the chunk's heading (a
    letterhead's office name heads the address lines under it)."""
    above = flat_sentences(s.chunk)[: max(s.position - 1, 0)][::-1]
    return [*above, s.chunk.heading] if s.chunk.heading else above


def _mentions(s: Scored, people: Sequence[str]) -> bool:
    """Whether the sentence names one of ``people`` (by surname), is their quotation, or is a
    row of the block naming them ("Telefonnummer: 063-14 31 17." under "Kontaktperson: Håkan
    Printz."): a question naming a person ("vilket telefonnummer har Lena Landar?") is not
    answered by what another says or how another is reached."""
    surnames = [name.split()[-1] for name in people]
    block = (
        " ".join(evidence.block_lines(_above(s)))
        if len(s.sentence) <= evidence.MAX_ROW_CHARS
        else ""
    )
    return any(n in s.sentence or (s.speaker and n in s.speaker) or n in block for n in surnames)


def broken_off(s: Scored) -> str:
    """Why a sentence where the text breaks off does not answer, in the staff's words."""
    tail = " ".join(s.sentence.split()[-12:])
    return (
        f"Texten »{s.chunk.meta.title}« bryts av mitt i den mening som tar upp frågan: "
        f"”…{tail}”. Det som står efter finns inte i underlagen."
    )


def hits_by_place(
    hits: Sequence[Hit], ignore: frozenset[str], question: str
) -> dict[str, list[Hit]]:
    """The hits of each named place's documents (a joint document's places as one), in the
    order the question names them; national and other places' hits belong to none."""
    places: dict[str, list[Hit]] = {}
    named = named_bodies(question)
    for hit in hits:
        label = place_label(hit.chunk, ignore, named)
        if label:
            places.setdefault(label, []).append(hit)
    lowered = question.lower()

    def named_at(label: str) -> int:
        at = [lowered.find(k.lower()) for k in label.split(", ")]
        return min((i for i in at if i >= 0), default=len(lowered))

    return {label: places[label] for label in sorted(places, key=named_at)}


# What parts a comparison's alternatives: "…, Gotlands kompetensarena eller Helsingborgs
# aktivitetskrav?", "– Tibro på sin ungdomssamverkan eller Helsingborg …".
_ALTERNATIVES = re.compile(
    r"\s*(?:[,–—]|\s-\s|\b(?:eller|och|respektive|resp|jämfört\s+med|än)\b)\s*", re.IGNORECASE
)
_ASKING = re.compile(r"\b(?:hur|vad|vem|vems|vilk\w*|när|var|vart|varför)\b", re.IGNORECASE)


def without_names(question: str, names: Sequence[str]) -> str:
    """The question with the words naming ``names`` left out ("Helsingborgs", "Uppsala"):
    a comparison asked of one place alone. An alternative that is another place's own goes
    with its name: what a genitive owns ("…, Gotlands arena eller Helsingborgs
    aktivitetskrav?"), or all between the words that part the alternatives ("– Tibro på sin
    ungdomssamverkan eller …"); not the question's words ("vilka unga pekar Nacka respektive
    Uppsala ut …": "ut …" is both's)."""
    named = [re.search(rf"\b{re.escape(n)}(?P<s>s?)\w*", question, re.IGNORECASE) for n in names]
    # The last named first: the text before each is then still as asked.
    for match in sorted((m for m in named if m), key=lambda m: -m.start()):
        start, end = match.span()
        before = list(_ALTERNATIVES.finditer(question, 0, start))
        after = _ALTERNATIVES.search(question, end)
        stop = after.start() if after else len(question)
        span = question[before[-1].end() if before else 0 : stop]
        # "Gotlands och Orsas mål": a genitive right before the parting word shares the
        # noun of the last one, which owns nothing of its own.
        shared = bool(before) and re.search(r"s\s*$", question[: before[-1].start()]) is not None
        owns = after is not None or (match.group("s") != "" and not shared)
        if before and owns and not _ASKING.search(span):
            question = f"{question[: before[-1].end()]} {question[stop:]}"
        else:
            question = question[: len(question[:start].rstrip())] + question[end:]
    return question


def place_label(chunk: Chunk, ignore: frozenset[str], named: Sequence[Body] = ()) -> str:
    """The places the question names that the chunk's document is about ("Trollhättan,
    Vänersborg"); else a region or joint body the question names (``named``) that the
    document speaks for ("Sjuhärads samordningsförbund"); "" for a national text or another
    place's."""
    kommuner = ", ".join(k for k in chunk.meta.kommuner if _named(k, ignore))
    if kommuner or chunk.meta.national:
        return kommuner
    return next((body.name for body in named if _speaks_for(body, chunk.meta)), "")


def _for_body(s: Scored) -> bool:
    """Whether the sentence stands in the text of a joint body the question names: the
    member kommuner it names are that body's own, not other places."""
    return bool(s.place) and not set(s.place.split(", ")) <= set(s.chunk.meta.kommuner)


def _speaks_for(body: Body, meta: DocumentMeta) -> bool:
    """Whether the document is the body's: its region is the body, or its kommuner are the
    body's members, all of them (a joint body's own text names every member)."""
    region = body_by_name(meta.region) if meta.region else None
    if region is not None and region.id == body.id:
        return True
    return len(meta.kommuner) > 1 and set(meta.kommuner) == set(body.members)


def _speaks_for_named(s: Scored) -> bool:
    """Whether the sentence's document is about a named kommun, or speaks for its whole
    region (a kommunalförbund's or region's text naming no kommun of its own: scope retrieves
    it only for member kommuner)."""
    meta = s.chunk.meta
    return s.own_place or (bool(meta.region) and not meta.kommuner and not meta.national)


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


def _naming_stems(chunk: Chunk) -> list[str]:
    """Stems of a chunk's document title and type: words that say which document ("i
    pressmeddelandet om samverkan"), not what about."""
    return content_stems(f"{chunk.meta.title} {chunk.meta.doc_type}", verbs=True)
