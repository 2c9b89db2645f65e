"""Which kommuner's documents may answer a question."""

from __future__ import annotations

from collections.abc import Sequence

from assistant import gazetteer


def named_kommuner(question: str) -> list[str]:
    """Kommuner the question names, directly or through a län ("i Uppsala län")."""
    names = [k.name for k in gazetteer.find_kommuner(question)]
    for lan in gazetteer.find_lan(question):
        names.extend(k.name for k in gazetteer.kommuner_in_lan(lan.code) if k.name not in names)
    return names


def scope(
    question: str, kommun_filter: Sequence[str], available: set[str]
) -> tuple[list[str], list[str], list[str]]:
    """(named, in_store, missing): named in the question, else the filter, split by whether
    the store has documents about them."""
    named = named_kommuner(question)
    chosen = named or list(kommun_filter)
    return (
        named,
        [k for k in chosen if k in available],
        [k for k in chosen if k not in available],
    )
