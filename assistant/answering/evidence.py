"""Whether a retrieved sentence can answer the question at all, whatever its words share.

A sentence that shares the question's words may still be about something else:

- another place: in a joint agreement of Vetlanda and Sävsjö, "Inom ramen för det kommunala
  aktivitetsansvaret i Vetlanda kommun finns 272 personer" does not say how many Sävsjö has;
  a sentence naming kommuner, none of them one the question asks about, answers for those;
- other figures: "Hur många i åldern 18–24 år …?" is not answered by "Antal i åldern 16–24
  år: 312": the numbers a question gives (ages, years) must stand in the answer, its
  heading, or (a year) its document's date;
- nothing after a lead-in: "• Antal i åldern 18–24 år (2012):" where the text was cut off
  announces a value it does not give;
- the words where a text breaks off: "… ett avtal som ger oss möjlighet at" takes up what
  "Vad ger avtalet möjlighet att göra?" asks, and the answer is what the copy lacks.

And some sentences answer though they share little else with the question: a form's or a
fact table's row whose label names what is asked ("Projektperiod: 2008-11-01 till
2011-10-30." for "Under vilken period pågick projektet …?"), which e5 reads poorly (terse
rows); a sentence that names what a "Vilka X …?" question asks for and lists three or more
("Aktiviteterna kan vara allt från språkutbildning till studier, praktik och jobb."); an
age span for a question asking for ages ("ungdomar 16-25 år" for "Vilka åldrar …?"); three
or more organisations for a question asking which parties take part ("Arbetsförmedlingen,
Jämtlands gymnasieförbund och Östersunds kommun ska …" for "Vilka organisationer samverkar
…?").

Pure functions over the answerer's records; measured in docs/evaluation.md ("Evidence").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from assistant.answering.matching import canonical, found
from assistant.records import Chunk
from assistant.scope import gazetteer
from assistant.swedish import ROW, content_stems, is_month

_NUMBER = re.compile(r"(?<![\w,.])\d+(?![\d,.]\d)")


def asked_kommuner(place_words: frozenset[str]) -> frozenset[str]:
    """The kommuner a question names, from the words of the places it names (every word of
    the kommun's name among them: "Upplands Väsby")."""
    return frozenset(
        k.name
        for k in gazetteer.kommuner()
        if all(w in place_words for w in k.name.lower().split())
    )


@lru_cache(maxsize=20_000)
def kommuner_named(sentence: str) -> frozenset[str]:
    """The kommuner a sentence names (the gazetteer's, län and regions excluded)."""
    return frozenset(k.name for k in gazetteer.find_kommuner(sentence))


# A question whose answer is a place ("Var ligger huvudkontoret?", "Vilka andra kommuner
# deltar?"): a sentence naming other kommuner may be just that answer.
_ASKS_FOR_PLACE = re.compile(
    r"^\W*(?:och\s+|men\s+)?vart?\b"
    r"|\bvilk(?:a|en|et)\s+(?:\w+\s+)?(?:kommun|kommuner|kommunerna|ort|orter|stad|städer|plats"
    r"|platser)\b",
    re.IGNORECASE,
)


def asks_for_place(question: str) -> bool:
    """Whether the question asks where, or which kommuner or places."""
    return _ASKS_FOR_PLACE.search(question) is not None


# "… vill jobba tillsammans med Hjo och Karlsborg": kommuner named as partners of the one
# that speaks or acts, not as those the sentence is about.
_PARTNERS = re.compile(
    r"\b(?:tillsammans\s+med|i\s+samarbete\s+med|ihop\s+med)\s+"
    r"(?:[A-ZÅÄÖ][\w-]*(?:\s+(?:kommun|stad))?(?:\s*,\s*|\s+och\s+)?)+"
)


# A question on a document's parts: "Vilka avsnitt har bilagan?", "På vilken sida …?", "Vad
# tar rapporten upp?".
_ASKS_CONTENTS = re.compile(
    r"\b(?:avsnitt\w*|kapitel\w*|innehåll\w*|rubrik\w*|sid(?:a|an|or|orna|nummer)"
    r"|(?:tar|tas)\s+(?:[\w-]+\s+){0,3}?upp|behandla[rst]?)\b",
    re.IGNORECASE,
)


def asks_contents(question: str) -> bool:
    """Whether the question asks about a document's parts: only then does its table of
    contents answer (a contents entry names a topic, "Projekt (sida 12)", and says nothing
    about it)."""
    return _ASKS_CONTENTS.search(question) is not None


def about_elsewhere(sentence: str, asked: frozenset[str]) -> bool:
    """Whether the sentence names kommuner and none of those asked about: it speaks for
    them ("… i Vetlanda kommun finns 272 personer" answers nothing about Sävsjö). Kommuner
    named only as partners ("tillsammans med Hjo och Karlsborg") do not count."""
    if not asked:
        return False
    named = kommuner_named(_PARTNERS.sub(" ", sentence))
    return bool(named) and not (named & asked)


def numbers(text: str) -> frozenset[str]:
    """The whole numbers written in digits ("18–24 år (2012)" → 18, 24, 2012)."""
    return frozenset(m.group().lstrip("0") or "0" for m in _NUMBER.finditer(text))


# "…, enligt artikeln om de 271 kommunerna?": where the question says its answer is told, to
# the end. Its numbers pick out the source (its text holds them), not what the answer holds.
_SOURCE_NAMED = re.compile(r"\benligt\b.*$", re.IGNORECASE | re.DOTALL)


def question_numbers(question: str) -> tuple[frozenset[str], frozenset[str]]:
    """The numbers a question gives (:func:`numbers`): those its answer must hold, and those
    of the source it names ("enligt artikeln om de 271 kommunerna"), which the answer's
    passage must hold."""
    source = _SOURCE_NAMED.search(question)
    if source is None:
        return _given(question), frozenset()
    return _given(question[: source.start()]), numbers(source.group())


# A decade a question names ("sedan slutet av 90-talet", "på 2010-talet"): any year of it in
# the text is the number given ("sedan 1997").
_DECADE = re.compile(r"(?<![\w,.])(\d{2}|\d{4})-tal(?:et|s)?\b", re.IGNORECASE)
_DECADE_MARK = "-talet"


def _given(question: str) -> frozenset[str]:
    """:func:`numbers` of the question, a decade as its digits with ``_DECADE_MARK``."""
    decades = frozenset(f"{m.group(1)}{_DECADE_MARK}" for m in _DECADE.finditer(question))
    return numbers(_DECADE.sub(" ", question)) | decades


def _has(number: str, have: frozenset[str]) -> bool:
    """Whether ``have`` holds the number, or for a decade ("90-talet") a year of it."""
    if not number.endswith(_DECADE_MARK):
        return number in have
    digits = number.removesuffix(_DECADE_MARK)
    years = (h for h in have if len(h) == 4)
    if len(digits) == 2:  # "90-talet": the 1990s (or 2090s); "20-talet" the 1920s or 2020s
        return any(y[2] == digits[0] for y in years)
    return any(y[:3] == digits[:3] for y in years)


def lacks_source_numbers(asked: frozenset[str], chunk: Chunk) -> bool:
    """Whether numbers naming the source are missing from the passage and its titles."""
    return bool(asked) and not asked <= numbers(f"{chunk.meta.title} {chunk.heading} {chunk.text}")


def lacks_numbers(
    asked: frozenset[str],
    sentence: str,
    chunk: Chunk,
    context: str = "",
    ages: frozenset[str] = frozenset(),
) -> bool:
    """Whether numbers the question gives are missing from the sentence, its context (heading,
    speaker) and, for a year, its document's date; an age the question gives (``ages``) is
    there when a range of ages holds it ("om man är 27": "unga upp till 29 år")."""
    if not asked:
        return False
    text = f"{sentence} {context} {chunk.heading}"
    have = numbers(f"{text} {chunk.meta.date[:4]}")
    return not all(_has(n, have) or (n in ages and _within_range(int(n), text)) for n in asked)


# An age a question gives: "om man är 27", "fyllt 25", "27 år", "27-åringar".
_AGE_GIVEN = re.compile(
    r"\b(?:är|var|fyllt|fyller|blir)\s+(\d{1,3})\b(?!\s*(?:%|procent|kr))"
    r"|\b(\d{1,3})(?:\s+år\b|-?åring)",
    re.IGNORECASE,
)


def question_ages(question: str) -> frozenset[str]:
    """The ages a question gives (:data:`_AGE_GIVEN`)."""
    return frozenset(a or b for a, b in _AGE_GIVEN.findall(question))


# A range of ages or years: "16-29 år", "mellan 18 och 64 år", "2015–2017", "upp till 29 år".
_RANGE = re.compile(r"(?<![\d,.])(\d{1,4})\s*(?:-|–|\s(?:till|och)\s)\s*(\d{1,4})(?![\d,.]\d)")
_UP_TO = re.compile(r"\bupp\s+till\s+(\d{1,3})(?![\d,.]\d)", re.IGNORECASE)


def _within_range(number: int, text: str) -> bool:
    """Whether the text gives a range that holds the number ("om man är 27": "16-29 år")."""
    return any(int(lo) <= number <= int(hi) for lo, hi in _RANGE.findall(text)) or any(
        number <= int(hi) for hi in _UP_TO.findall(text)
    )


def dangling(sentence: str, following: str | None) -> bool:
    """Whether the sentence announces what does not follow: it ends with ":" and nothing
    comes after it in its document (``following``: the next sentence, or None)."""
    return sentence.rstrip().endswith(":") and not following


def asks(sentence: str) -> bool:
    """Whether the sentence is itself a question ("Vad kan kontaktcenter hjälpa mig med?", a
    page's heading; "Vad talar för att det här lyckas?" in an interview): it shares the
    asked question's words but answers nothing. It stays context for what follows it."""
    return sentence.rstrip().rstrip('"”»)').endswith("?")


# A stamp: a date, a time or a page number with the words that label it ("15 jun 2015 11:54",
# "Senast uppdaterad 16 oktober 2018", "Sida 2 av 5"): when a text is dated, not what it says.
_STAMP_WORDS = frozenset(
    "senast uppdaterad uppdaterat uppdaterades publicerad publicerat publicerades sida av kl "
    "klockan cet cest datum den pressmeddelande nyhet".split()
)


def is_stamp(sentence: str) -> bool:
    """Whether the sentence is only a date, time or page stamp."""
    words = re.findall(r"[^\W\d_]+", sentence.lower())
    rest = [w for w in words if w not in _STAMP_WORDS and not is_month(w)]
    return not rest and bool(re.search(r"\d", sentence))


# A sentence ends on one of these; a text's last words without one were cut off mid-sentence.
_SENTENCE_END = '.!?…:;"”»)'


def ends_sentence(sentence: str) -> bool:
    """Whether the sentence ends as a sentence does (what :func:`breaks_off` checks first,
    before anyone looks up what follows it)."""
    tail = sentence.rstrip()
    return not tail or tail[-1] in _SENTENCE_END


# A paragraph of its own this long, ending on a word in lower case, is a sentence; a shorter
# one is a heading or a line of page furniture (both end without a full stop).
CUT_SENTENCE_WORDS = 8


def breaks_off(sentence: str, chunk: Chunk, following: str | None) -> bool:
    """Whether the sentence is where the text breaks off: the document's last sentence with
    no sentence end, in a paragraph an earlier sentence opened ("… Ledningsgruppen ska följa
    upp" where a copy of a page was cut), or a long one ending on a word ("- Vår samverkan …
    genom ett nytt samverkansavtal, ett avtal som ger oss möjlighet at"). What it was about
    to say is not in the text. A short last line ("Senast uppdaterad 16 oktober 2018") or
    one ending on a name, number or address (a contact line) is no cut sentence."""
    if following is not None or ends_sentence(sentence):
        return False
    tail = sentence.rstrip()
    paragraph = chunk.text.rstrip().rsplit("\n\n", 1)[-1]
    if paragraph.endswith(tail) and len(paragraph) > len(tail) + 1:
        return True
    last = tail.split()[-1]
    return len(tail.split()) >= CUT_SENTENCE_WORDS and last.isalpha() and last.islower()


MAX_ROW_CHARS = 100


def row_label(sentence: str) -> str:
    """The label of a form's or table's row ("Kontaktperson: Håkan Printz." → Kontaktperson),
    or "" for another sentence."""
    match = ROW.match(sentence) if len(sentence) <= MAX_ROW_CHARS else None
    return match.group("label") if match else ""


# What a row's label ends on when its value is a point or span of time ("Projektperiod",
# "Datum", "Giltighetstid"): such a row answers "När …?" and "Hur länge …?".
_TIME_HEADS = ("period", "datum", "tid", "tidpunkt", "år", "dag")


# Where a row's label joins two things it gives together: "Tid och plats", "Telefon/e-post".
_LABEL_PARTS = re.compile(r"\s+(?:och|samt|&)\s+|\s*[,/]\s*", re.IGNORECASE)


def row_answers(label: str, question_stems: frozenset[str], asks_time: bool = False) -> bool:
    """Whether a row's label names what the question asks about: its last word (the head of
    the label: "Total projektbudget", "Beviljat ESF-stöd"), or of one of the label's joined
    parts ("Reception och regionupplysning"), is a word of the question, whole or as a
    compound of its words ("Projektperiod" ← "projektet" … "period"); for a question asking
    when or how long (``asks_time``), a label naming a time ("Projektperiod") too."""
    for part in _LABEL_PARTS.split(label):
        stems = canonical(content_stems(part))
        if not stems:
            continue
        head = part.split()[-1].lower()
        if found(stems[-1], question_stems) or (asks_time and head.endswith(_TIME_HEADS)):
            return True
    return False


# An address or contact block: short lines under the name of whom they reach ("Reception och
# regionupplysning" / "Visborgsallén 19" / "621 81 Visby" / "Telefon: 0498-26 90 00"). The
# lines above a phone number or address are read up to this many.
BLOCK_LINES = 3


def block_lines(above: Sequence[str]) -> list[str]:
    """The short lines right above a line in its block (``above``: the lines above it,
    nearest first), up to ``BLOCK_LINES``: rows and headings; a full sentence ends the
    block."""
    lines: list[str] = []
    for line in above[:BLOCK_LINES]:
        if len(line) > MAX_ROW_CHARS or (ends_sentence(line) and not row_label(line)):
            break
        lines.append(line)
    return lines


def block_answers(above: Sequence[str], question_stems: frozenset[str]) -> bool:
    """Whether a short line (a phone number, an address) belongs to whom the question asks
    to reach: one of the lines of its block (:func:`block_lines`) is a row or a heading
    naming a word of the question ("Kommunledningskontoret Kansli- och omvärldsenheten" over
    "Tel 0480-45 00 00 vx │ Fax 480-45 00 47")."""
    return any(
        found(st, question_stems)
        for line in block_lines(above)
        for st in canonical(content_stems(row_label(line) or line))
    )


# Three or more items: "A, B och C", "allt från A till B, C och D".
_ENUMERATION = re.compile(
    r"\w[\w-]*(?:\s+[\w-]+){0,3}\s*,\s*\w[\w-]*(?:\s+[\w-]+){0,3}\s*,?\s+(?:och|samt|eller)\s+\w"
    r"|från\s+\w[\w-]*(?:\s+[\w-]+){0,3}\s+till\s+\w[\w-]*(?:\s+[\w-]+){0,3}\s*,"
)


def enumerates(listed: str, sentence: str) -> bool:
    """Whether the sentence lists what a "Vilka X …?" question asks for: it names X (``listed``,
    a stem: "Aktiviteterna kan vara allt från språkutbildning till studier, praktik och jobb.")
    and gives three or more items. The items rarely share the question's other words."""
    return (
        bool(listed)
        and found(listed, frozenset(canonical(content_stems(sentence))))
        and bool(_ENUMERATION.search(sentence))
    )


# "Vilka åldrar …?", "vilken ålder", "åldersgränserna", "hur gamla": asks for ages.
_ASKS_AGE = re.compile(r"\b(?:åld(?:er|rar|ern|rarna|ers\w*)|hur\s+gamla)\b", re.IGNORECASE)
# An age or an age span: "16-25 år", "mellan 16 och 24 år", "upp till 29 år", "under 25 år".
_AGE = re.compile(
    r"\b\d{1,2}\s*[-–]\s*\d{1,2}\s*år\b|\bmellan\s+\d{1,2}\s+och\s+\d{1,2}\s*år\b"
    r"|\b(?:upp\s+till|under|över|från)\s+\d{1,2}\s*år\b",
    re.IGNORECASE,
)


def gives_age(question: str, sentence: str) -> bool:
    """Whether the question asks for ages and the sentence gives one ("ungdomar 16-25 år"):
    evidence of what is asked, where the sentence may share no other word with it."""
    return bool(_ASKS_AGE.search(question)) and bool(_AGE.search(sentence))


# "Vilka parter / organisationer / aktörer / myndigheter …?", "Vilka samverkar / ingår …?":
# asks which bodies take part.
_ASKS_PARTIES = re.compile(
    r"\bvilka\s+(?:andra\s+)?(?:organisation|part|aktör|myndighet|samarbetspart|partner)\w*"
    r"|\bvilka\s+(?:samverkar|samarbetar|ingår|deltar|medverkar|är\s+med)\b",
    re.IGNORECASE,
)
# A body that takes part: a public one by the word its name ends on ("Arbetsförmedlingen",
# "Jämtlands gymnasieförbund", "Östersunds kommun", "Region Gotland"), or a name.
_BODY = re.compile(
    r"\w*(?:förmedling|kassa|kommun|stad|region|landsting|förbund|verk|myndighet|nämnd"
    r"|förvaltning|enhet|socialtjänst|näringsliv|organisation|förening)\w*"
    r"|\b[A-ZÅÄÖ][\w-]+\s+[A-ZÅÄÖ][\w-]+",
    re.IGNORECASE,
)
_ITEM_SPLIT = re.compile(r"\s*,\s*|\s+(?:och|samt)\s+")
MIN_PARTIES = 3


def names_parties(question: str, sentence: str) -> bool:
    """Whether the question asks which bodies take part and the sentence lists three or more
    ("Arbetsförmedlingen, Försäkringskassan och Västra Götalandsregionen"), though it may
    share no other word with the question."""
    if not _ASKS_PARTIES.search(question):
        return False
    items = _ITEM_SPLIT.split(sentence)
    return sum(1 for item in items if _BODY.search(item)) >= MIN_PARTIES


_ASKS_WHO = re.compile(
    r"^\W*(?:och\s+|men\s+)?(?:vem|vems|vilka\s+kommuner)\b"
    r"|\bvilke[nt]\s+(?:del\s+av|organisation|myndighet|part|aktör)",
    re.IGNORECASE,
)
MAX_PARTY_WORDS = 4
# The words in lower case a party's name may hold: "Vänersborgs kommun", "Stockholms läns
# landsting".
_NAME_ENDS = frozenset("kommun kommuns stad stads län läns landsting region".split())


def lists_parties_only(sentence: str) -> bool:
    """Whether the sentence only names parties, as a heading does ("Trollhättans stad,
    Vänersborgs kommun, Grästorps kommun och Arbetsförmedlingen Fyrbodal")."""
    items = [i for i in _ITEM_SPLIT.split(sentence.strip(" .:")) if i]
    return len(items) >= 2 and all(
        len(i.split()) <= MAX_PARTY_WORDS
        and _BODY.search(i)
        and all(w[:1].isupper() or w in _NAME_ENDS for w in i.split())
        for i in items
    )


def asks_who_takes_part(question: str) -> bool:
    """Whether a list of parties may answer the question: who, which kommuner, which bodies."""
    return bool(_ASKS_WHO.search(question) or _ASKS_PARTIES.search(question))


# "Vilka slutsatser kom utvärderingen fram till?", "Vad blev resultatet av piloten?", "Vad
# svarade LO på remissen?": what came of something (not "ett resultat av": whose work it is).
# A sentence that only says the thing exists or will happen ("X gjorde en utvärdering 2015",
# "Förslaget har gått ut på remiss") does not say what came of it; one that tells an outcome
# uses the question's word for it or says what was found, what it led to, what rose or fell.
_ASKS_OUTCOME = re.compile(
    r"\b(?:slutsats\w*|resultat(?:et|en)\b|resultat\b(?!\s+av)|svara(?:de|t)\b"
    r"|kom\s+fram\s+till|(?:lett|ledde|leder)\s+till)",
    re.IGNORECASE,
)
_TELLS_OUTCOME = re.compile(
    r"\b(?:slutsats\w*|resultat\w*|svar(?:ade|at|et)?\b|kom\s+fram\s+till|visa(?:de|t|r)\b"
    r"|(?:lett|ledde|leder)\s+till|resulter\w*|konstatera(?:de|t|r)\b|bidr(?:og|agit)\b"
    r"|(?:ökade|ökat|minskade|minskat|halverats|fördubblats)\b|\d+\s*(?:%|procent))",
    re.IGNORECASE,
)


def lacks_outcome(question: str, sentence: str) -> bool:
    """Whether the question asks what came of something and the sentence tells no outcome."""
    return bool(_ASKS_OUTCOME.search(question)) and not _TELLS_OUTCOME.search(sentence)
