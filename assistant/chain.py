"""The answering chain as LangChain runnables: scope → retrieve → answer.

Each step reads and extends one state dict, so a later step (an LLM answerer, a question
rewriter for follow-ups) slots in without changing the others; the chain returns an Answer.
"""

from __future__ import annotations

from typing import Any, Protocol

from langchain_core.runnables import Runnable, RunnableLambda

from assistant import gazetteer
from assistant.extractive import abstain
from assistant.records import Answer, Hit
from assistant.retrieval import HybridSearch


class Answerer(Protocol):
    def answer(self, question: str, hits: list[Hit], ignore: frozenset[str]) -> Answer: ...


def named_kommuner(question: str) -> list[str]:
    """Kommuner the question names, directly or through a län ("i Uppsala län")."""
    names = [k.name for k in gazetteer.find_kommuner(question)]
    for lan in gazetteer.find_lan(question):
        names.extend(k.name for k in gazetteer.kommuner_in_lan(lan.code) if k.name not in names)
    return names


def scope(state: dict[str, Any], available: set[str]) -> dict[str, Any]:
    """Decide which kommuner's documents may answer: named in the question, else the filter."""
    named = named_kommuner(state["question"])
    chosen = named or list(state.get("kommun_filter") or [])
    in_store = [k for k in chosen if k in available]
    missing = [k for k in chosen if k not in available]
    return {**state, "named": named, "kommuner": in_store, "missing": missing}


def build_chain(search: HybridSearch, answerer: Answerer, top_k: int) -> Runnable[Any, Answer]:
    def scope_step(state: dict[str, Any]) -> dict[str, Any]:
        return scope(state, search.kommuner())

    def retrieve_step(state: dict[str, Any]) -> dict[str, Any]:
        if state["missing"] and not state["kommuner"]:
            return {**state, "hits": []}
        return {**state, "hits": search.search(state["question"], top_k, state["kommuner"])}

    def answer_step(state: dict[str, Any]) -> Answer:
        question, kommuner = state["question"], tuple(state["kommuner"])
        if state["missing"] and not kommuner:
            return _no_documents_for(question, state["missing"], sorted(search.kommuner()))
        ignore = frozenset(w.lower() for name in state["named"] for w in name.split())
        answer = answerer.answer(question, state["hits"], ignore)
        notice = answer.notice
        if state["missing"]:
            notice = (notice + " " if notice else "") + _missing_note(state["missing"])
        return Answer(
            question=answer.question,
            text=answer.text,
            sources=answer.sources,
            abstained=answer.abstained,
            notice=notice,
            kommuner=kommuner,
            retrieved=answer.retrieved,
        )

    return (
        RunnableLambda(scope_step, name="scope")
        | RunnableLambda(retrieve_step, name="retrieve")
        | RunnableLambda(answer_step, name="answer")
    )


def _missing_note(missing: list[str]) -> str:
    return "Underlagen saknar dokument om " + _join_sv(missing) + "."


def _no_documents_for(question: str, missing: list[str], available: list[str]) -> Answer:
    have = _join_sv(available) if available else "inga kommuner alls ännu"
    reason = f"Jag har inga dokument om {_join_sv(missing)}; underlagen gäller {have}."
    answer = abstain(question, [], reason)
    return Answer(question=question, text=answer.text, abstained=True, notice=reason)


def _join_sv(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " och " + names[-1]
