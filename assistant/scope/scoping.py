"""Which kommuner's documents may answer a question."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.scope import gazetteer


def named_kommuner(question: str) -> list[str]:
    """Kommuner the question names, directly, through a län ("i Uppsala län") or misspelt
    where a kommun is expected ("hebi kommun", see :func:`respellings`)."""
    names = [k.name for k in gazetteer.find_kommuner(question)]
    names.extend(
        k.name for _, k in gazetteer.find_misspelt_kommuner(question) if k.name not in names
    )
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


def respellings(question: str) -> list[tuple[str, str]]:
    """(word as written, kommun name) for the kommuner read from a misspelling."""
    return [(written, k.name) for written, k in gazetteer.find_misspelt_kommuner(question)]
