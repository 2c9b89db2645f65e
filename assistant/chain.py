"""The answering chain as LangChain runnables: contextualise → scope → retrieve → answer.

Each step reads and extends one state dict; the answer step returns an :class:`Answer`.
The first three steps are also a runnable of their own (``prepare``) so the web chat can
stream the answer step.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Protocol

from langchain_core.runnables import Runnable, RunnableLambda

from assistant.answering.answer_types import AnswerType, asks_whether, expected_type
from assistant.answering.compose import abstain, date_note
from assistant.answering.conversation import Turn, contextualise
from assistant.answering.generation import Generator
from assistant.records import Answer, DocumentMeta, Hit, Source
from assistant.retrieval import timeline
from assistant.retrieval.search import HybridSearch
from assistant.scope import gazetteer
from assistant.scope.scoping import Place, named_places, respellings, scope, scope_keys
from assistant.swedish import join_sv, split_sentences

if TYPE_CHECKING:
    from assistant.answering.extractive import ExtractiveAnswerer


class Answerer(Protocol):
    """``asked``: the question as typed, when ``question`` adds an earlier turn's words."""

    def answer(
        self, question: str, hits: list[Hit], ignore: frozenset[str], asked: str = ""
    ) -> Answer: ...


class Answers(Protocol):
    """Whether the hits answer the question (the extractive answerer does not abstain)."""

    def __call__(
        self, question: str, hits: list[Hit], ignore: frozenset[str], asked: str = ""
    ) -> bool: ...


def build_prepare(
    search: HybridSearch,
    top_k: int,
    generator: Generator | None = None,
    answers: Answers | None = None,
) -> Runnable[dict[str, Any], dict[str, Any]]:
    """{question, kommun_filter, history} → the state with query, kommuner and hits.
    ``answers``: tells, for a question about what applies now, whether a document answers
    it (None: the place's newest document is taken whatever it says)."""

    def contextualise_step(state: dict[str, Any]) -> dict[str, Any]:
        history: list[Turn] = state.get("history") or []
        standalone = contextualise(state["question"], history, generator)
        chosen = list(state.get("kommun_filter") or [])
        kommun_filter = chosen or list(standalone.kommuner)
        # A question that names no kommun, asked in a conversation, keeps the earlier turn's.
        inherited = [] if chosen or named_places(state["question"]) else kommun_filter
        return {
            **state,
            "query": standalone.query,
            "answer_question": standalone.question,
            "asked": standalone.asked,
            "earlier": list(standalone.earlier),
            "kommun_filter": kommun_filter,
            "inherited": inherited,
        }

    def scope_step(state: dict[str, Any]) -> dict[str, Any]:
        named, in_store, missing = scope(state["query"], state["kommun_filter"], search.covered())
        return {
            **state,
            "named": named,
            "places": in_store,
            "kommuner": [p.name for p in in_store],
            "missing": [p.name for p in missing],
            "respelled": respellings(state["query"]),
        }

    def retrieve_step(state: dict[str, Any]) -> dict[str, Any]:
        if state["missing"] and not state["places"]:
            return {**state, "hits": []}
        # "Vem citeras …?" asks about every quotation, wherever it stands in a document:
        # it reads twice as many chunks (quotations share few words with such a question).
        k = 2 * top_k if expected_type(state["query"]) is AnswerType.SPEAKER else top_k
        places: list[Place] = state["places"]
        if len(places) == 1 and timeline.asks_current(state["query"]):
            mine = timeline.own_documents(places[0], search.documents_about(places[0].keys))
            if mine:
                return {**state, **newest_answering(state, mine, k)}
        return {**state, "hits": search.search(state["query"], k, places)}

    def newest_answering(state: dict[str, Any], mine: list[DocumentMeta], k: int) -> dict[str, Any]:
        """The newest of the place's documents that answers the question, and its hits: a
        newer document on another matter (a report beside an agreement) does not say what
        applies now. When none answers, the newest."""
        ignore = ignored_words(state)
        first: list[Hit] = []
        for i, meta in enumerate(mine):
            hits = search.search(state["query"], k, doc_ids=[meta.doc_id])
            first = first or hits
            if answers is None or answers(state["answer_question"], hits, ignore, state["asked"]):
                return {"hits": hits, "newest": meta, "older": mine[i + 1 :], "skipped": mine[:i]}
        return {"hits": first, "newest": mine[0], "older": mine[1:], "skipped": []}

    return (
        RunnableLambda(contextualise_step, name="contextualise")
        | RunnableLambda(scope_step, name="scope")
        | RunnableLambda(retrieve_step, name="retrieve")
    )


def no_documents_answer(state: dict[str, Any], search: HybridSearch) -> Answer | None:
    """The abstention for a question about places the store has nothing on, if it is one;
    also for a yes-or-no question on a kommun the store has nothing on beside one it has
    ("Har Östhammar också tecknat en överenskommelse, som Heby?"): the other kommun's texts
    cannot say yes or no for it. A joint body's text can (its members: "Är Alingsås med i
    Sjuhärads samordningsförbund?")."""
    places: list[Place] = state["places"]
    if not state["missing"] and len(places) < 2:
        return None
    if not places:
        reason = f"Jag har inga dokument om {join_sv(state['missing'])}; {_coverage(search)}."
        return replace(abstain(state["question"], [], reason), notice=reason)
    if not asks_whether(state["answer_question"]) or any(p.is_body for p in places):
        return None
    # A member of a body whose only texts are about its other members ("Har Mariestad också
    # …, som Tibro?": Skaraborg's text on Tibro, Hjo, Karlsborg) has none of its own either.
    unspoken = [p for p in places if not _own_documents(p, search)]
    without = [*state["missing"], *(p.name for p in unspoken)]
    have = [p.name for p in places if p not in unspoken]
    if not without or not have:
        return None
    reason = (
        f"Jag har inga dokument om {join_sv(without)}; underlagen om {join_sv(have)} säger "
        "inte om det gäller där."
    )
    return replace(abstain(state["question"], state["hits"], reason), notice=reason)


def _own_documents(place: Place, search: HybridSearch) -> bool:
    """Whether a stored document is about the kommun: it names it, or it is about a body of
    the kommun's as a whole (names no kommun)."""
    return any(
        place.name in meta.kommuner or not meta.kommuner
        for meta in search.documents_about(place.keys)
    )


def _coverage(search: HybridSearch) -> str:
    """ "underlagen gäller Heby och Uppsala" (a few names, then how many more)."""
    catalog = search.catalog()
    names = sorted({k for m in catalog for k in m.kommuner})
    if not names:
        national = any(m.national for m in catalog)
        return "underlagen har bara nationella texter" if national else "underlagen är tomma"
    if len(names) <= 6:
        return f"underlagen gäller {join_sv(names)}"
    return f"underlagen gäller {len(names)} kommuner, bl.a. {', '.join(names[:4])}"


def related(search: HybridSearch, answer: Answer) -> list[DocumentMeta]:
    """What :func:`finish` needs of the catalog: the documents near the answer's sources."""
    return search.related([s.doc_id for s in answer.sources])


def finish(state: dict[str, Any], answer: Answer, catalog: list[DocumentMeta]) -> Answer:
    """Attach the scope to an answer, and note places that were asked about but missing,
    or whose documents the answer does not draw on (a comparison answered for one side),
    which document a "what applies now" answer rests on, and cited documents that a newer
    one of the same kind may have replaced."""
    notes = [answer.notice] if answer.notice else []
    if state.get("respelled"):
        read = ", ".join(f"»{written}« som {name}" for written, name in state["respelled"])
        notes.insert(0, f"Jag läste {read}.")
    if state["missing"]:
        notes.append("Underlagen saknar dokument om " + join_sv(state["missing"]) + ".")
    if state.get("inherited"):
        # Answered or not: staff see that a question naming no kommun was read as being about
        # the earlier turn's ("Finns det något lagkrav …?" after a question on Gislaved).
        notes.append(
            f"Jag sökte bara i underlagen om {join_sv(state['inherited'])}, som en tidigare "
            "fråga gällde; nämn kommunen i frågan om den gäller en annan, eller rensa samtalet "
            "om den gäller alla kommuner."
        )
    notes += _time_notes(state, answer, catalog)
    places: list[Place] = state["places"]
    cited = [set(_source_keys(s)) for s in answer.sources]
    covered = [p for p in places if any(keys & set(p.keys) for keys in cited)]
    uncovered = [p.name for p in places if p not in covered]
    if len(places) > 1 and uncovered and not answer.abstained:
        notes.append(
            f"Underlagen om {join_sv(uncovered)} svarar inte på frågan; svaret gäller bara "
            f"{join_sv([p.name for p in covered])}."
            if covered
            else f"Svaret bygger inte på underlagen om {join_sv(uncovered)}."
        )
    notice = " ".join(dict.fromkeys(notes))
    return replace(
        _dated(state, answer),
        question=state["question"],
        notice=notice,
        kommuner=tuple(state["kommuner"]),
    )


def _dated(state: dict[str, Any], answer: Answer) -> Answer:
    """An answer to what applies now says how new it is: each cited source's date, in the
    answer itself ("Källan [1] är daterad 2016-11-16."), unless the answer already gives it."""
    if state.get("newest") is None or answer.abstained:
        return answer
    said = [date_note(s.n, s.date) for s in answer.sources if s.date and s.date not in answer.text]
    return replace(answer, text=" ".join([answer.text, *said])) if said else answer


def _time_notes(state: dict[str, Any], answer: Answer, catalog: list[DocumentMeta]) -> list[str]:
    notes: list[str] = []
    newest: DocumentMeta | None = state.get("newest")
    if newest is not None:
        skipped: list[DocumentMeta] = state.get("skipped") or []
        if skipped:
            notes.append(
                "Svaret bygger på det nyaste dokumentet som tar upp frågan: "
                f"{timeline.describe(newest)}. Nyare dokument tar inte upp den: "
                + "; ".join(timeline.describe(m) for m in skipped[:3])
                + "."
            )
        else:
            notes.append(f"Svaret bygger på det nyaste dokumentet: {timeline.describe(newest)}.")
        rest: list[DocumentMeta] = state.get("older") or []
        older = [m for m in rest if timeline.effective_date(m)]
        undated = [m for m in rest if not timeline.effective_date(m)]
        if older:
            listed = "; ".join(timeline.describe(m) for m in older[:3])
            notes.append(f"Äldre dokument finns också: {listed}.")
        if undated:  # not known to be older: they may say what applies now
            listed = "; ".join(timeline.describe(m) for m in undated[:3])
            notes.append(f"Odaterade dokument, som kan vara nyare, finns också: {listed}.")
        return notes
    by_id = {m.doc_id: m for m in catalog}
    for source in answer.sources:
        meta = by_id.get(source.doc_id)
        newer = timeline.newer_of(meta, catalog) if meta else None
        if meta is not None and newer is not None:
            notes.append(timeline.newer_notice(meta, newer))
    return notes


def _source_keys(source: Any) -> list[str]:
    return scope_keys(source.kommuner, source.region, source.national)


def ignored_words(state: dict[str, Any]) -> frozenset[str]:
    """Kommun names in the question say where, not what: the answerer does not score them
    (nor a misspelling it read as one, nor a short form of the name: "hbg")."""
    written = [w for w, _ in state.get("respelled", ())]
    names = [p.name for p in state["named"]]
    short = [alias for alias, name in gazetteer.ALIASES.items() if name in names]
    return frozenset(w.lower() for name in [*names, *written, *short] for w in name.split())


def build_chain(
    search: HybridSearch,
    answerer: Answerer,
    extractive: ExtractiveAnswerer,
    top_k: int,
    generator: Generator | None = None,
) -> Runnable[Any, Answer]:
    """The whole chain: prepare, then ``answerer`` (the extractive default or the LLM's); when
    it abstains, :func:`rescue`."""

    def answer_step(state: dict[str, Any]) -> Answer:
        return answer_prepared(state, search, answerer, extractive, top_k)

    prepare = build_prepare(search, top_k, generator, extractive.answers)
    return prepare | RunnableLambda(answer_step, name="answer")


def answer_prepared(
    state: dict[str, Any],
    search: HybridSearch,
    answerer: Answerer,
    extractive: ExtractiveAnswerer,
    top_k: int,
) -> Answer:
    """The answer to a prepared question: none when no document is about its places; else
    ``answerer``'s, or when it abstains :func:`rescue`'s; with its notes (:func:`finish`)."""
    empty = no_documents_answer(state, search)
    if empty is not None:
        return empty
    answer = answerer.answer(
        state["answer_question"], state["hits"], ignored_words(state), state["asked"]
    )
    if answer.abstained:
        answer = rescue(state, search, extractive, top_k) or answer
    return finish(state, answer, related(search, answer))


# A follow-up that names no place of its own, asks for a kind of answer (a year, a number, a
# person …) and finds none is looked for again in the documents the earlier answer cited, from
# this relevance: the conversation says what "den", "det" and "verksamheten" are, which the
# question's own few words do not. An open follow-up is not ("Och vem leder verksamheten?"
# would get the document's nearest sentence): only a sentence of the asked kind is evidence
# (docs/evaluation.md, "Session 12").
FOLLOW_UP_RELEVANCE = 0.40


def rescue(
    state: dict[str, Any], search: HybridSearch, extractive: ExtractiveAnswerer, top_k: int
) -> Answer | None:
    """An answer for a question the answerer abstained on: a follow-up's of the asked kind
    from the earlier answer's documents (from ``FOLLOW_UP_RELEVANCE``), or which document a
    "which agreement" question asks for (:func:`which_document_answer`); None when neither."""
    typed = extractive.expected(state["answer_question"], state["asked"]) is not None
    if typed and state.get("earlier") and state.get("hits"):
        hits = search.search(state["query"], top_k, doc_ids=state["earlier"])
        answer = extractive.answer(
            state["answer_question"],
            hits,
            ignored_words(state),
            state["asked"],
            floor=FOLLOW_UP_RELEVANCE,
        )
        if not answer.abstained:
            return answer
    return which_document_answer(state)


_ASKS_WHICH_DOCUMENT = re.compile(
    r"\bvilk(?:en|et|a)\b.{0,40}?\b(?:överenskommelse|avtal|dokument|samverkansavtal|"
    r"samarbetsavtal)\w*",
    re.IGNORECASE,
)


def which_document_answer(state: dict[str, Any]) -> Answer | None:
    """ "Vilken överenskommelse gäller nu i Sala?" asks for a document, which no sentence may
    name: the newest of the place's own documents (retrieve_step found it) is the answer,
    cited with its opening sentence. Only when the question asks which document."""
    newest: DocumentMeta | None = state.get("newest")
    if newest is None or not _ASKS_WHICH_DOCUMENT.search(state["answer_question"]):
        return None
    own = [h for h in state["hits"] if h.chunk.doc_id == newest.doc_id]
    if not own:
        return None
    chunk = min((h.chunk for h in own), key=lambda c: c.number)
    sentences = split_sentences(chunk.text)
    if not sentences:
        return None
    facts = ", ".join(x for x in (newest.doc_type, newest.validity or newest.date) if x)
    place = state["places"][0].name
    text = f"Det nyaste dokumentet om {place} är »{newest.title}« ({facts}) [1]."
    return Answer(state["question"], text, (Source.of(1, chunk, sentences[0]),))
