"""Time: which of a place's documents is the newest, and whether a newer one exists.

A document's *effective date* is its date (published or signed), else the start of its
validity; documents without either sort as oldest, since nothing shows that they are new.
A question asking what applies now ("Vilket avtal gäller i Trollhättan nu?", "den senaste
överenskommelsen") is answered from the newest document of the place's own scope.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from assistant.records import AGREEMENT_TYPES, DocumentMeta
from assistant.scope.scoping import NATIONAL, Place, document_keys

_CURRENT = re.compile(
    r"\b(?:nu|idag|i\s+dag|just\s+nu|nuvarande"
    r"|aktuell(?:a|t)?|gällande|numera|i\s+dagsläget|för\s+närvarande"
    r"|senaste(?!\s+(?:\d+\s+|tio\s+|fem\s+)?år)|nyaste|nyast|senast\s+tecknade)\b",
    re.IGNORECASE,
)


def asks_current(question: str) -> bool:
    """Whether the question asks what applies now, or for the newest document."""
    return bool(_CURRENT.search(question))


def effective_date(meta: DocumentMeta) -> str:
    return meta.date or meta.valid_from


def own_documents(place: Place, catalog: Iterable[DocumentMeta]) -> list[DocumentMeta]:
    """The place's documents (not the national texts), newest first; undated ones last."""
    keys = set(place.keys) - {NATIONAL}
    mine = [m for m in catalog if keys & set(document_keys(m)) and not m.duplicate_of]
    return sorted(mine, key=lambda m: (effective_date(m), m.doc_id), reverse=True)


def describe(meta: DocumentMeta) -> str:
    """»Title« (date, type) for a notice."""
    return f"»{meta.title}« ({effective_date(meta) or 'odaterat'}, {meta.doc_type})"


def newer_of(meta: DocumentMeta, catalog: Sequence[DocumentMeta]) -> DocumentMeta | None:
    """The newest document of the same kind about one of the same kommuner (or the same
    region, for a document naming none) that is dated after ``meta``, if any."""
    mine = effective_date(meta)
    if not mine or meta.national:
        return None
    shared = set(meta.kommuner)
    newer = [
        other
        for other in catalog
        if other.doc_id != meta.doc_id
        and other.doc_type == meta.doc_type
        and not other.duplicate_of
        and effective_date(other) > mine
        and (shared & set(other.kommuner) if shared else other.region == meta.region != "")
    ]
    return max(newer, key=effective_date, default=None)


def newer_notice(meta: DocumentMeta, newer: DocumentMeta) -> str:
    """Swedish: a cited document has a newer one of the same kind."""
    if meta.doc_type in AGREEMENT_TYPES:
        return (
            f"»{meta.title}« kan ha ersatts: det finns en nyare {meta.doc_type} för samma "
            f"kommun, {describe(newer)}."
        )
    return f"Det finns ett nyare dokument av samma slag om samma kommun: {describe(newer)}."
