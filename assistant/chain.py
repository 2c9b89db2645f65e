"""The answering chain as LangChain runnables: contextualise → scope → retrieve → answer.

Each step reads and extends one state dict; the answer step returns an :class:`Answer`.
The first three steps are also a runnable of their own (``prepare``) so the web chat can
stream the answer step.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Protocol

from langchain_core.runnables import Runnable, RunnableLambda

from assistant.answering.answer_types import AnswerType, expected_type
from assistant.answering.conversation import Turn, contextualise
from assistant.answering.extractive import abstain
from assistant.answering.generation import Generator
from assistant.records import Answer, Hit
from assistant.retrieval.search import HybridSearch
from assistant.scope.scoping import named_kommuner, respellings, scope


class Answerer(Protocol):
    def answer(self, question: str, hits: list[Hit], ignore: frozenset[str]) -> Answer: ...


def build_prepare(
    search: HybridSearch, top_k: int, generator: Generator | None = None
) -> Runnable[dict[str, Any], dict[str, Any]]:
    """{question, kommun_filter, history} → the state with query, kommuner and hits."""

    def contextualise_step(state: dict[str, Any]) -> dict[str, Any]:
        history: list[Turn] = state.get("history") or []
        standalone = contextualise(state["question"], history, generator)
        chosen = list(state.get("kommun_filter") or [])
        kommun_filter = chosen or list(standalone.kommuner)
        # A question that names no kommun, asked in a conversation, keeps the earlier turn's.
        inherited = [] if chosen or named_kommuner(state["question"]) else kommun_filter
        return {
            **state,
            "query": standalone.query,
            "answer_question": standalone.question,
            "kommun_filter": kommun_filter,
            "inherited": inherited,
        }

    def scope_step(state: dict[str, Any]) -> dict[str, Any]:
        named, in_store, missing = scope(state["query"], state["kommun_filter"], search.kommuner())
        return {
            **state,
            "named": named,
            "kommuner": in_store,
            "missing": missing,
            "respelled": respellings(state["query"]),
        }

    def retrieve_step(state: dict[str, Any]) -> dict[str, Any]:
        if state["missing"] and not state["kommuner"]:
            return {**state, "hits": []}
        # "Vem citeras …?" asks about every quotation, wherever it stands in a document:
        # it reads twice as many chunks (quotations share few words with such a question).
        k = 2 * top_k if expected_type(state["query"]) is AnswerType.SPEAKER else top_k
        return {**state, "hits": search.search(state["query"], k, state["kommuner"])}

    return (
        RunnableLambda(contextualise_step, name="contextualise")
        | RunnableLambda(scope_step, name="scope")
        | RunnableLambda(retrieve_step, name="retrieve")
    )


def no_documents_answer(state: dict[str, Any], available: set[str]) -> Answer | None:
    """The abstention for a question about kommuner the store has nothing on, if it is one."""
    if not state["missing"] or state["kommuner"]:
        return None
    have = _join_sv(sorted(available)) if available else "inga kommuner alls ännu"
    reason = f"Jag har inga dokument om {_join_sv(state['missing'])}; underlagen gäller {have}."
    return replace(abstain(state["question"], [], reason), notice=reason)


def finish(state: dict[str, Any], answer: Answer) -> Answer:
    """Attach the scope to an answer, and note kommuner that were asked about but missing,
    or whose documents the answer does not draw on (a comparison answered for one side)."""
    notes = [answer.notice] if answer.notice else []
    if state.get("respelled"):
        read = ", ".join(f"»{written}« som {name}" for written, name in state["respelled"])
        notes.insert(0, f"Jag läste {read}.")
    if state["missing"]:
        notes.append("Underlagen saknar dokument om " + _join_sv(state["missing"]) + ".")
    if answer.abstained and state.get("inherited"):
        notes.append(
            f"Jag sökte bara i underlagen om {_join_sv(state['inherited'])}, som en tidigare "
            "fråga gällde; nämn kommunen i frågan om den gäller en annan."
        )
    cited = {s.kommun for s in answer.sources}
    uncovered = [k for k in state["kommuner"] if k not in cited]
    if len(state["kommuner"]) > 1 and uncovered and not answer.abstained:
        covered = [k for k in state["kommuner"] if k in cited]
        notes.append(
            f"Underlagen om {_join_sv(uncovered)} svarar inte på frågan; svaret gäller bara "
            f"{_join_sv(covered)}."
            if covered
            else f"Svaret bygger inte på underlagen om {_join_sv(uncovered)}."
        )
    notice = " ".join(notes)
    return replace(
        answer, question=state["question"], notice=notice, kommuner=tuple(state["kommuner"])
    )


def ignored_words(state: dict[str, Any]) -> frozenset[str]:
    """Kommun names in the question say where, not what: the answerer does not score them
    (nor a misspelling it read as one)."""
    written = [w for w, _ in state.get("respelled", ())]
    return frozenset(w.lower() for name in [*state["named"], *written] for w in name.split())


def build_chain(
    search: HybridSearch, answerer: Answerer, top_k: int, generator: Generator | None = None
) -> Runnable[Any, Answer]:
    def answer_step(state: dict[str, Any]) -> Answer:
        empty = no_documents_answer(state, search.kommuner())
        if empty is not None:
            return empty
        answer = answerer.answer(state["answer_question"], state["hits"], ignored_words(state))
        return finish(state, answer)

    return build_prepare(search, top_k, generator) | RunnableLambda(answer_step, name="answer")


def _join_sv(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " och " + names[-1]
