"""Metadata derived from a document's text: scope, type, date, validity and parties.

Each function reads tell-tale wording, never one document's phrasing; what it gets right on
the 31 real texts is measured by ``bench/metadata.py`` (README, "Metadata from the text").
A sidecar, the CLI's flags or the admin form override any of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from assistant.records import DOC_TYPES
from assistant.scope import bodies, gazetteer
from assistant.scope.bodies import Body
from assistant.swedish import find_dates, split_sentences

HEAD_CHARS = 5000  # what the derivations read: the opening of a document says who and what


@dataclass(frozen=True)
class DerivedScope:
    kommuner: tuple[str, ...] = ()
    region: str = ""
    national: bool = False


# ---------------------------------------------------------------------------- scope

_PARTY = r"[A-ZÅÄÖ][\w-]+(?: [A-ZÅÄÖ][\w-]+)*"
_PARTIES = (
    # "… mellan Sala kommun och Arbetsförmedlingen, …" / "Parter: X och Y."
    re.compile(
        rf"(?:mellan|[Pp]arter(?:na)?(?: är|:))\s+({_PARTY}(?: kommun)?)\s+och\s+"
        rf"({_PARTY})(?=[,.;:\n]|\s+(?:om|som|har|avseende|gällande)\b)"
    ),
    # "Uppsala kommun och Arbetsförmedlingen har undertecknat …"
    re.compile(
        rf"({_PARTY} kommun),? och (Arbetsförmedlingen(?: {_PARTY})?)"
        r",?\s+(?:har\s+)?(?:nu\s+)?(?:undertecknat|undertecknade|skrivit under|tecknat)"
    ),
)
# Several kommuner named in a row ("Vårgårda, Herrljunga, Borås och Tranemo", "Filipstad,
# Kristinehamn och Storfors", "tillsammans med Hjo och Karlsborg"): the parties of joint work.
_LINK = re.compile(
    r"^(?:s?\s+(?:kommun|stad))?(?:\s*,\s*|\s+(?:och|samt)\s+|\s*,\s*(?:och|samt)\s+)$"
)  # "Tibro, Hjo och Karlsborg", "Tibro kommun, Hjo kommun och Karlsborgs kommun"
# "samtliga sju kommuner i Västernorrlands län", "kommunerna i Sjuhärad": every member.
# "Kommunerna i …" only where it opens a title or a sentence: "de andra kommunerna i
# samarbetsorganet …" speaks of others.
_ALL_MEMBERS = re.compile(
    r"\b(?:samtliga|alla)\s+(?:\w+\s+)?kommuner(?:na)?\s+i\b|(?:^|[.!?]\s+)Kommunerna\s+i\b",
    re.IGNORECASE | re.MULTILINE,
)
# A text about the whole country rather than a place.
_NATIONAL_CUES = re.compile(
    r"\b(?:regeringen|departement\w*|landets kommuner|Sveriges kommuner|alla kommuner"
    r"|\d{2,3} (?:av landets )?kommuner|delegationen|Dua|SKR|SKL|nationell\w*"
    r"|myndighetens|Arbetsförmedlingens uppdrag"
    # kommuner in general beside the agency: "samverkan mellan kommunerna och Arbetsförmedlingen"
    r"|kommunerna\s+och\s+Arbetsförmedlingen|Arbetsförmedlingen\s+och\s+kommuner(?:na)?)\b",
    re.IGNORECASE,
)


# "Arbetsförmedlingen i Nacka/Värmdö", "Arbetsförmedlingen Norra Västmanland": the agency's
# office, not a kommun that is a party.
_AGENCY_OFFICE = re.compile(
    r"\b(?:Arbetsförmedlingen|Af)s?\s+(?:i\s+)?(?:[A-ZÅÄÖ][\w-]*(?:\s+|/))*[A-ZÅÄÖ][\w-]*"
)


# Where the publisher sits, not what the text is about: a postal address ("871 45 Härnösand")
# and a dateline ("Härnösand 30 september 2016").
_POSTAL_CODE = re.compile(r"\b\d{3} ?\d{2}\s+$")
_DATELINE = re.compile(
    r"^s?,?\s+(?:den\s+)?\d{1,2}\s+[a-zåäö]+\s+\d{4}\b|^s?,?\s+\d{4}-\d{2}-\d{2}"
)


def _mentions(text: str) -> list[tuple[int, int, gazetteer.Kommun]]:
    """Kommun names used as places: not inside the name of an Arbetsförmedlingen office, not
    a surname ("Anna Jakobsson Lund": a capitalised word before it, mid-sentence), and not
    the publisher's address or dateline."""
    offices = [m.span() for m in _AGENCY_OFFICE.finditer(text)]
    kept = []
    for start, end, kommun in gazetteer.kommun_mentions(text):
        if any(s <= start < e for s, e in offices):
            continue
        before = text[max(0, start - 30) : start]
        person = re.search(r"(?<![.!?:\n])\s[A-ZÅÄÖ][a-zåäöé]+\s$", before)
        if person and gazetteer.kommun_by_name(person.group().strip()) is None:
            continue
        if _POSTAL_CODE.search(before) or _DATELINE.match(text[end : end + 40]):
            continue
        kept.append((start, end, kommun))
    return kept


def find_parties(text: str) -> str:
    """ "Uppsala kommun och Arbetsförmedlingen" when the text says who agreed with whom."""
    for pattern in _PARTIES:
        match = pattern.search(text[:HEAD_CHARS])
        if match:
            return f"{match.group(1).strip()} och {match.group(2).strip()}"
    return ""


def _kommun_runs(text: str) -> list[list[str]]:
    """Runs of two or more kommun names joined by commas, "och" or "samt"."""
    runs: list[list[str]] = []
    current: list[str] = []
    last_end = -1
    for start, end, kommun in _mentions(text):
        if current and _LINK.match(text[last_end:start]):
            if kommun.name not in current:
                current.append(kommun.name)
        else:
            if len(current) >= 2:
                runs.append(current)
            current = [kommun.name]
        last_end = end
    if len(current) >= 2:
        runs.append(current)
    return runs


def _all_members_of(text: str) -> Body | None:
    """The region or body whose kommuner the text says it speaks for, all of them."""
    for match in _ALL_MEMBERS.finditer(text):
        after = text[match.end() : match.end() + 60]
        for lan in gazetteer.find_lan(after[:40]):
            return bodies.region_of_lan(lan.code)
        found = bodies.find_bodies(after[:40])
        if found:
            return found[0]
    return None


def _most_named(text: str) -> list[str]:
    """The kommun named most often, when it is named at least twice or as "X kommun", or is
    the only one named in a text that does not speak of the country."""
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for start, _, kommun in _mentions(text):
        counts[kommun.name] = counts.get(kommun.name, 0) + 1
        first.setdefault(kommun.name, start)
        if re.match(r"s?\s+(?:kommun|stad)\b", text[_end_of(text, start) :], re.IGNORECASE):
            counts[kommun.name] += 1
    if not counts:
        return []
    best = max(counts, key=lambda n: (counts[n], -first[n]))
    alone = len(counts) == 1 and not _NATIONAL_CUES.search(text)
    return [best] if counts[best] >= 2 or alone else []


def _end_of(text: str, start: int) -> int:
    match = re.match(r"[\w-]+(?:\s+[A-ZÅÄÖ][\w-]+)*", text[start:])
    return start + (match.end() if match else 0)


def _region(title: str, head: str, kommuner: list[str]) -> Body | None:
    """The region or body a document belongs to: named in its title, else named at least
    twice in its opening (a party, not a passing mention); never an Arbetsförmedlingen
    office's name ("Arbetsförmedlingen Norra Västmanland"), and, when the document names
    kommuner, one they belong to."""
    offices = [m.span() for m in _AGENCY_OFFICE.finditer(head)]

    def fits(body: Body) -> bool:
        return len(body.members) > 1 and (not kommuner or bool(set(kommuner) & set(body.members)))

    in_title = [b for b in bodies.find_bodies(title) if fits(b)]
    if in_title:
        return in_title[0]
    counts: dict[str, int] = {}
    by_id: dict[str, Body] = {}
    for start, _, body in bodies.body_mentions(head):
        if fits(body) and not any(s <= start < e for s, e in offices):
            counts[body.id] = counts.get(body.id, 0) + 1
            by_id[body.id] = body
    named = [by_id[i] for i, n in counts.items() if n >= 2]
    return named[0] if named else None


def derive_scope(title: str, text: str) -> DerivedScope:
    """Whom the document concerns: the kommuner it names as parties (title, signing parties,
    a run of kommun names, "samtliga kommuner i …"), else the kommun it is mostly about; a
    region or body named in its title or as a party; national when it names no place and
    speaks of the country."""
    head = text[:HEAD_CHARS]
    everyone = _all_members_of(head)
    kommuner = [k.name for _, _, k in _mentions(title)]
    parties = [k.name for _, _, k in _mentions(find_parties(head))]
    kommuner += parties
    for run in _kommun_runs(f"{title}\n{head}"):
        # with named parties, a run counts only when it lists them ("Trollhättan, Vänersborg
        # och Grästorp"): "liknande avtal finns i Uppsala och Västerås" is a passing mention
        if not parties or set(run) & set(parties):
            kommuner += run
    if everyone is not None:
        kommuner += everyone.members
    if not kommuner:
        kommuner = _most_named(f"{title}\n{head}")
    region = everyone or _region(title, head, kommuner)
    unique = tuple(dict.fromkeys(kommuner))
    if unique or region is not None:
        return DerivedScope(unique, region.name if region else "")
    return DerivedScope(national=bool(_NATIONAL_CUES.search(f"{title}\n{head}")))


# ---------------------------------------------------------------------------- type


def _cues(*patterns: tuple[str, int]) -> tuple[tuple[re.Pattern[str], int], ...]:
    return tuple((re.compile(p, re.IGNORECASE | re.MULTILINE), w) for p, w in patterns)


# Tell-tale wording per type and how much it says; a title opening with the type's own word
# ("Bilaga 1", "Lokal överenskommelse …", "Rapport …") says most.
TYPE_CUES: dict[str, tuple[tuple[re.Pattern[str], int], ...]] = {
    "bilaga": _cues((r"^\W*bilaga\b", 4)),
    "överenskommelse": _cues(
        (r"^\W*(?:lokal[at]?\s+)?(?:överenskommelse|samarbetsavtal|samverkansavtal|avtal)\b", 3),
        (r"\b(?:avtalstid|avtalsperiod|giltighetstid|denna överenskommelse|parterna ska)\b", 2),
        (r"^\s*§\s*\d", 1),
    ),
    "protokoll": _cues(
        (r"\b(?:tjänsteskrivelse|protokoll|sammanträdesprotokoll|ärendebeteckning)\b", 3),
        (r"\b(?:förslag till beslut|justerare|justeras)\b", 2),
        (r"\b(?:diarienummer|dnr)\b", 1),
        (r"\bbeslutar\b", 1),
    ),
    "rapport": _cues(
        (r"^\W*rapport\b", 3),
        (r"\brapport\b", 1),
        (r"\b(?:innehållsförteckning|inledning)\b", 2),
        (r"\b(?:sammanfattning|förord|ISSN)\b", 1),
        (r"\b(?:rapport|analys|utvärdering|följeforskning)\b", 1),
    ),
    "pressmeddelande": _cues(
        (r"\b(?:pressmeddelande\w*|pressinformation|presskontakt\w*|pressansvarig|pressrum)\b", 3),
        (r"\b(?:för mer information|media är välkomna|för kommentarer)\b", 2),
        (r"^\s*publicerad\b", 1),
        (r"\b(?:nyhet|aktuellt|nyhetsarkiv)\b", 1),
    ),
    "nyhetsartikel": _cues(
        (r"\bfoto:|så jobbar vi med nyheter", 3),
        (r"\w+\.jpg\b", 2),
        (r"^\d{1,2} \w{3} \d{4} \d{1,2}:\d{2}$", 2),  # "15 jun 2015 11:53"
        (r",\s+säger\s+[A-ZÅÄÖ]", 1),
        (r"\?\s*$", 1),  # a reporter's question as a heading
    ),
    "webbsida": _cues(
        (r"\b(?:länk till annan webbplats|logotyp|logga|senast uppdaterad|in english)\b", 2),
        (r"\b(?:kontaktperson|telefonnummer|frågor och svar|den här sidan|e-post)\b", 1),
        (r"\b(?:projektägare|projektperiod|programområde)\b", 1),
    ),
}


_TITLE_START = re.compile(r"^\W*(?:\d+\s+av\s+\d+\s+)?")  # "101 av 106 Lokalt …": a page marker


def guess_doc_type(title: str, text: str) -> str:
    """The type whose tell-tale wording scores highest (ties in DOC_TYPES order). Title cues
    (anchored ``^``) are read in the title only. With no cue at all, a text of several short
    heading lines is a web page; anything else is "annat"."""
    head = text[:HEAD_CHARS]
    opening = title[_TITLE_START.match(title).end() :]  # type: ignore[union-attr]
    scores: dict[str, int] = {}
    for doc_type, cues in TYPE_CUES.items():
        score = 0
        for pattern, weight in cues:
            where = opening if pattern.pattern.startswith("^\\W*") else f"{title}\n{head}"
            score += weight * min(2, len(pattern.findall(where)))
        scores[doc_type] = score
    best = max(DOC_TYPES, key=lambda t: (scores.get(t, 0), -DOC_TYPES.index(t)))
    if scores.get(best, 0) > 0:
        return best
    headings = [p for p in head.split("\n\n") if 0 < len(p.split()) <= 6 and p[-1:] not in ".!?"]
    return "webbsida" if len(headings) >= 3 else "annat"


# ---------------------------------------------------------------------------- dates

_PUBLISHED = re.compile(r"\b(?:publicerad|datum|pressmeddelande\s*•|daterad)\W{0,5}$", re.I)
_UPDATED = re.compile(r"uppdaterad\W{0,5}$", re.IGNORECASE)  # may be later than published
# A date in a validity or deadline phrase is not the document's own.
_NOT_ITS_DATE = re.compile(
    r"(?:till|från|senast|fram till|t\.o\.m\.|fr\.o\.m\.|förlängs|under|gäller|efter|före"
    r"|och med|period)\W*(?:den\s+)?$",
    re.IGNORECASE,
)


def _date_score(text: str, start: int, end: int) -> int:
    before = text[max(0, start - 40) : start]
    after = text[end : end + 8]
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    score = 0
    if _PUBLISHED.search(before):
        score += 3
    elif _UPDATED.search(before):
        score -= 1
    if re.match(r"\s+\d{1,2}[:.]\d{2}\b", after):  # a dateline with a time: "13:08"
        score += 2
    if start < 400:
        score += 2
    if len(line.split()) <= 4:  # a line of its own: "Härnösand 30 september 2016"
        score += 1
    if _NOT_ITS_DATE.search(before):
        score -= 4
    return score


_URL_DATE = re.compile(r"/((?:19|20)\d{2})(?:[/-](\d{2}))?(?:[/-](\d{2}))?(?=[/-]|$)")


def date_from_url(url: str) -> str:
    """A date in a publication address ("/2015/06/29/", "/2018-10-15-…", "/2021/")."""
    for match in _URL_DATE.finditer(url):
        year, month, day = match.groups()
        try:
            if day:
                return date(int(year), int(month), int(day)).isoformat()
        except ValueError:
            continue
        if month and 1 <= int(month) <= 12:
            return f"{year}-{month}"
        return year
    return ""


def derive_date(text: str, url: str = "") -> str:
    """When the document was published or signed: the best-placed date of its opening (a
    "Publicerad …" or "Datum" label, a dateline with a time, a line of its own), not a date
    it gives for something else ("förlängs till den 28 februari 2021"); else one in ``url``."""
    head = text[:HEAD_CHARS]
    scored = [(_date_score(head, s, e), -s, d) for s, e, d in find_dates(head)]
    good = [x for x in scored if x[0] > 0]
    in_url = date_from_url(url) if url else ""
    if good and (max(good)[0] >= 3 or len(in_url) < 10):
        return max(good)[2].isoformat()
    return in_url


# ---------------------------------------------------------------------------- validity

_YEAR = r"(?:19|20)\d{2}"
_POINT = rf"(?:\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}\s+\w+\s+{_YEAR}|{_YEAR})"
_VALIDITY_CUE = (
    r"gäller|giltig\w*|avtalsperiod\w*|avtalstid\w*|projektperiod\w*|period(?:en)?"
    r"|löptid\w*|under åren|åren"
)
_RANGE = re.compile(
    rf"(?:{_VALIDITY_CUE})\W{{0,3}}(?:\w+\s+){{0,4}}?(?:från\s+(?:och\s+med\s+)?)?(?:den\s+)?"
    rf"(?P<from>{_POINT})\s*(?:-|–|till(?:\s+och\s+med)?|t\.\s?o\.\s?m\.)\s*(?:den\s+)?"
    rf"(?P<to>{_POINT})",
    re.IGNORECASE,
)
_FROM = re.compile(
    rf"(?:{_VALIDITY_CUE})\s+(?:från\s+och\s+med|fr\.\s?o\.\s?m\.|från)\s+(?:den\s+)?"
    rf"(?P<from>{_POINT})(?P<rest>[^.]{{0,60}})",
    re.IGNORECASE,
)


def _point(value: str) -> str:
    from assistant.swedish import normalise_date

    return normalise_date(value) or ""


@dataclass(frozen=True)
class Validity:
    valid_from: str = ""
    valid_to: str = ""
    until_further: bool = False


def derive_validity(text: str) -> Validity:
    """Validity as the text states it: "gäller från och med den 1 mars 2021 och tills
    vidare", "avtalsperioden är 2022–2024", "Projektperiod 2008-11-01 till 2011-10-30"."""
    for sentence in split_sentences(" ".join(text[: 4 * HEAD_CHARS].split())):
        match = _RANGE.search(sentence)
        if match:
            return Validity(_point(match["from"]), _point(match["to"]))
        match = _FROM.search(sentence)
        if match:
            open_ended = bool(re.search(r"tills\s+vidare", match["rest"], re.IGNORECASE))
            return Validity(_point(match["from"]), "", open_ended)
    return Validity()
