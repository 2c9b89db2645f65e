"""Regions, kommunalförbund, samordningsförbund and other joint bodies, with their members.

The data ship as ``assistant/data/regions.yaml`` (each body with the public page that lists
its members) and are read once. A region's members are the kommuner of its län, taken from
the kommun gazetteer rather than typed twice.

A body is found in text by its name or an alias ("Sjuhärads kommunalförbund", "Sjuhärad",
"Fyrbodal", "Region Västernorrland"); like kommun names, matching is case-insensitive, whole
words, genitive -s allowed, with spaces and hyphens alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml

from assistant.scope import gazetteer

BodyKind = Literal["region", "kommunalförbund", "samordningsförbund", "samarbetsorgan"]


@dataclass(frozen=True)
class Body:
    """A region or a joint body of kommuner."""

    id: str  # "fyrbodal"
    name: str  # "Fyrbodals kommunalförbund"
    kind: BodyKind
    members: tuple[str, ...]  # kommun names as the gazetteer writes them
    aliases: tuple[str, ...] = ()
    source: str = ""  # the public page that lists the members
    lan_code: str = ""  # regions only: the län whose kommuner are its members

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def _members(entry: dict[str, Any]) -> tuple[str, ...]:
    if entry.get("lan_code"):
        return tuple(k.name for k in gazetteer.kommuner_in_lan(str(entry["lan_code"])))
    names = []
    for name in entry.get("members") or []:
        kommun = gazetteer.kommun_by_name(str(name))
        if kommun is None:
            raise ValueError(f"regions.yaml: {entry['id']}: unknown kommun {name!r}")
        names.append(kommun.name)
    return tuple(names)


@cache
def bodies() -> tuple[Body, ...]:
    """Every known body, in file order (the 21 regions first)."""
    source = resources.files("assistant").joinpath("data/regions.yaml")
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    return tuple(
        Body(
            id=str(e["id"]),
            name=str(e["name"]),
            kind=e["kind"],
            members=_members(e),
            aliases=tuple(str(a) for a in e.get("aliases") or ()),
            source=str(e.get("source") or ""),
            lan_code=str(e.get("lan_code") or ""),
        )
        for e in data["bodies"]
    )


def _key(name: str) -> str:
    return " ".join(re.split(r"[\s-]+", name.strip().lower()))


@cache
def _by_key() -> dict[str, Body]:
    table: dict[str, Body] = {}
    for body in bodies():
        for name in body.names:
            table.setdefault(_key(name), body)
    return table


def body_by_id(body_id: str) -> Body | None:
    return next((b for b in bodies() if b.id == body_id), None)


def body_by_name(name: str) -> Body | None:
    """The body called ``name`` (any case, genitive -s allowed), or None."""
    key = _key(name)
    table = _by_key()
    if key in table:
        return table[key]
    return table.get(key[:-1]) if key.endswith("s") else None


@cache
def _pattern() -> re.Pattern[str]:
    names = sorted(_by_key(), key=lambda n: (-len(n), n))
    alternation = "|".join(r"[\s-]+".join(map(re.escape, n.split())) for n in names)
    return re.compile(rf"(?<!\w)(?P<name>{alternation})s?(?!\w)", re.IGNORECASE)


def body_mentions(text: str) -> list[tuple[int, int, Body]]:
    """(start, end, body) of every body name or alias in ``text``, in order."""
    table = _by_key()
    return [(m.start(), m.end(), table[_key(m.group("name"))]) for m in _pattern().finditer(text)]


def find_bodies(text: str) -> list[Body]:
    """Bodies the text names, in order of first mention, without duplicates."""
    found: list[Body] = []
    for _, _, body in body_mentions(text):
        if body not in found:
            found.append(body)
    return found


def bodies_of(kommun: str) -> tuple[Body, ...]:
    """The region and the joint bodies a kommun belongs to."""
    return tuple(b for b in bodies() if kommun in b.members)


def region_of_lan(lan_code: str) -> Body | None:
    return next((b for b in bodies() if b.lan_code == lan_code), None)
