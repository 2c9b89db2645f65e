"""Scope: which documents may answer a question about a kommun or a region.

A document's scope becomes *scope keys* stored with each of its chunks: ``k:<SCB code>`` per
kommun, ``b:<body id>`` for its region or joint body, ``national`` for a national text. A
place asked about (a :class:`Place`) has the keys of the documents that concern it: a kommun
its own, its region's and its joint bodies'; a region or body its own and its members'.
National texts answer for every place unless a comparison asks each place apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from assistant.records import DocumentMeta
from assistant.scope import bodies, gazetteer
from assistant.scope.bodies import Body

NATIONAL = "national"


def kommun_key(name: str) -> str:
    kommun = gazetteer.kommun_by_name(name)
    return f"k:{kommun.code}" if kommun else f"k:{name.lower()}"


def body_key(name: str) -> str:
    """The key of a region or body: its gazetteer id, else its name as written (lower case)."""
    body = bodies.body_by_name(name) or bodies.body_by_id(name)
    return f"b:{body.id}" if body else "b:" + re.sub(r"\s+", "-", name.strip().lower())


def scope_keys(kommuner: Iterable[str], region: str = "", national: bool = False) -> list[str]:
    """The keys a document with this scope is stored under (never empty)."""
    keys = [kommun_key(k) for k in kommuner]
    if region:
        keys.append(body_key(region))
    if national:
        keys.append(NATIONAL)
    return keys or ["none"]


def document_keys(meta: DocumentMeta) -> list[str]:
    return scope_keys(meta.kommuner, meta.region, meta.national)


@dataclass(frozen=True)
class Place:
    """A kommun or a region/body asked about, and the scope keys of documents about it."""

    name: str
    keys: tuple[str, ...]
    is_body: bool = False

    def search_keys(self, national: bool = True) -> list[str]:
        return [*self.keys, NATIONAL] if national else list(self.keys)


def kommun_place(name: str) -> Place:
    keys = [kommun_key(name), *(f"b:{b.id}" for b in bodies.bodies_of(name))]
    return Place(name, tuple(keys))


def body_place(body: Body) -> Place:
    keys = [f"b:{body.id}", *(kommun_key(m) for m in body.members)]
    return Place(body.name, tuple(keys), is_body=True)


def place_by_name(name: str) -> Place | None:
    """The place a filter or an earlier turn names: a kommun, else a known region or body."""
    kommun = gazetteer.kommun_by_name(name)
    if kommun is not None:
        return kommun_place(kommun.name)
    body = bodies.body_by_name(name)
    return body_place(body) if body is not None else None


def named_bodies(question: str) -> list[Body]:
    """Regions and bodies the question names ("i Fyrbodal", "Region Västernorrland",
    "Uppsalas och Västmanlands län"), in order."""
    found = [b for _, _, b in bodies.body_mentions(question)]
    for lan in gazetteer.find_lan(question):
        region = bodies.region_of_lan(lan.code)
        if region is not None:
            found.append(region)
    return list(dict.fromkeys(found))


def named_kommuner(question: str) -> list[str]:
    """Kommuner the question names, directly or misspelt where a kommun is expected ("hebi
    kommun", see :func:`respellings`); not a name inside a body's ("Familjen Helsingborg")."""
    spans = [(s, e) for s, e, b in bodies.body_mentions(question) if len(b.members) > 1]
    names = [
        k.name
        for s, e, k in gazetteer.kommun_mentions(question)
        if not any(bs < e and s < be for bs, be in spans)
    ]
    names.extend(k.name for _, k in gazetteer.find_misspelt_kommuner(question))
    return list(dict.fromkeys(names))


def named_places(question: str) -> list[Place]:
    """The kommuner and regions a question names; a body that is only a named kommun
    ("Region Gotland" is Gotland) counts once."""
    kommuner = named_kommuner(question)
    places = [kommun_place(k) for k in kommuner]
    for body in named_bodies(question):
        if not set(body.members) <= set(kommuner):
            places.append(body_place(body))
    return places


def resolve(names: Sequence[str]) -> list[Place]:
    """Places for names from the UI filter or an earlier turn (unknown names are dropped)."""
    return [p for p in (place_by_name(n) for n in names) if p is not None]


def scope(
    question: str, kommun_filter: Sequence[str], covered: set[str]
) -> tuple[list[Place], list[Place], list[Place]]:
    """(named, in_store, missing): the places named in the question, else the filter's, split
    by whether the store has a document of their own scope (``covered``: stored keys)."""
    named = named_places(question)
    chosen = named or resolve(kommun_filter)
    return (
        named,
        [p for p in chosen if covered & set(p.keys)],
        [p for p in chosen if not covered & set(p.keys)],
    )


def respellings(question: str) -> list[tuple[str, str]]:
    """(word as written, kommun name) for the kommuner read from a misspelling."""
    return [(written, k.name) for written, k in gazetteer.find_misspelt_kommuner(question)]
