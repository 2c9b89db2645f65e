"""Swedish text as data: tokens, stems, stop words, sentences and dates.

Nothing here folds å/ä/ö; tokens are lower-cased only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from functools import lru_cache

import Stemmer
from bm25s.stopwords import STOPWORDS_SWEDISH

# Function words as staff type them in a chat ("nån", "mkt", "flen o väsby", "dom"): as
# empty of topic as the words they stand for.
CHAT_FUNCTION_WORDS: frozenset[str] = frozenset(
    "mkt nån nåt nåra nånting ngn ngt ngr dom o å e va iaf asså sån sånt sånna liksom".split()
)
STOP_WORDS: frozenset[str] = frozenset(STOPWORDS_SWEDISH) | CHAT_FUNCTION_WORDS

# Words that shape a question (comparisons included) but say nothing about its topic;
# ignored when the answerer measures how much of a question a sentence supports (not removed
# from BM25).
QUESTION_WORDS: frozenset[str] = frozenset(
    """vilka vilken vilket vad hur när var varför vem vems finns fanns ges gäller handlar
    står säger sägs sa sade sagt beskriv beskriver berätta berättar berättade berättat nämns
    nämn ingår ingick kommun kommunen
    kommunens kommuns kommuner överenskommelse överenskommelsen avtal avtalet ska skall kunna
    enligt många mest få får fick gör göra gjorde
    skiljer skilja skillnad skillnaden skillnader skillnaderna jämför jämföra jämfört
    jämförelse respektive likheter liknar
    citeras citerades citerad citerade citerat uttalar uttalade uttalat intervjuas intervjuades
    intervjuad intervjuade tals""".split()
)

# English function words: a question made mostly of these (and of no Swedish function word)
# is written in English, so its words cannot be matched against Swedish text.
ENGLISH_FUNCTION_WORDS: frozenset[str] = frozenset(
    """the a an of in on at to for from by with about and or which what who whom whose how
    when where why is are was were be been does do did has have had this that these those it
    its their there they on behalf into than many much""".split()
)

_WORD = re.compile(r"\w+(?:[-:]\w+)*", re.UNICODE)
_ABBREVIATIONS = ("t.ex.", "bl.a.", "m.m.", "s.k.", "d.v.s.", "dvs.", "osv.", "fr.o.m.", "t.o.m.")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”»)]?\s+(?=[\"“«(–—-]?\s*[A-ZÅÄÖ0-9])")

_MONTH_NAMES = (
    "januari februari mars april maj juni juli augusti september oktober november december"
)
MONTHS = {name: i + 1 for i, name in enumerate(_MONTH_NAMES.split())}
# Short month names as datelines write them, Swedish and English ("15 jun 2015", "Dec 18, 2015").
_MONTH_ABBREVIATIONS = {
    **{name[:3]: number for name, number in MONTHS.items()},
    "okt": 10,
    "may": 5,
    "oct": 10,
    "dec": 12,
}
_MONTH_ALT = "|".join(sorted({*MONTHS, *_MONTH_ABBREVIATIONS}, key=len, reverse=True))
_SWEDISH_DATE = re.compile(
    rf"\b(\d{{1,2}})(?::e|:a)?\s+({_MONTH_ALT})\.?\s+(\d{{4}})\b", re.IGNORECASE
)
_ENGLISH_DATE = re.compile(rf"\b({_MONTH_ALT})\.?\s+(\d{{1,2}}),\s+(\d{{4}})\b", re.IGNORECASE)
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_REDUCED_ISO = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def is_month(word: str) -> bool:
    """Whether a lower-case word is a month's name or its short form ("okt", "dec")."""
    return word in MONTHS or word in _MONTH_ABBREVIATIONS


def _month(word: str) -> int:
    word = word.lower()
    return MONTHS.get(word) or _MONTH_ABBREVIATIONS[word[:3]]


def find_dates(text: str) -> list[tuple[int, int, date]]:
    """(start, end, date) of every full date in ``text``, in order: ISO (2016-11-16),
    Swedish (16 november 2016, 15 jun 2015) and English datelines (Dec 18, 2015)."""
    found: list[tuple[int, int, date]] = []
    for m in _ISO_DATE.finditer(text):
        found += _safe_date(m.span(), int(m[1]), int(m[2]), int(m[3]))
    for m in _SWEDISH_DATE.finditer(text):
        found += _safe_date(m.span(), int(m[3]), _month(m[2]), int(m[1]))
    for m in _ENGLISH_DATE.finditer(text):
        found += _safe_date(m.span(), int(m[3]), _month(m[1]), int(m[2]))
    return sorted(found, key=lambda f: f[0])


def parse_date(text: str) -> date | None:
    """The first date in ``text`` (see :func:`find_dates`)."""
    found = find_dates(text)
    return found[0][2] if found else None


def normalise_date(value: str) -> str | None:
    """An ISO date, reduced ("2021", "2021-03") or full, from what a person typed
    ("2016-11-16", "16 november 2016", "2021"); None when it is no date."""
    text = value.strip()
    reduced = _REDUCED_ISO.match(text)
    if reduced:
        year, month, day = reduced.groups()
        if month is None:
            return year if 1900 <= int(year) <= 2100 else None
        if day is None:
            return f"{year}-{month}" if 1 <= int(month) <= 12 else None
    found = find_dates(text)
    return found[0][2].isoformat() if found else None


def _safe_date(
    span: tuple[int, int], year: int, month: int, day: int
) -> list[tuple[int, int, date]]:
    try:
        return [(span[0], span[1], date(year, month, day))]
    except ValueError:
        return []


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("swedish")


def words(text: str) -> list[str]:
    """Lower-cased word tokens, å/ä/ö kept."""
    return [w.lower() for w in _WORD.findall(text)]


def stem(word: str) -> str:
    return str(_stemmer().stemWord(word))


# Strong and irregular verbs: the Snowball stemmer leaves their vowel-changed forms apart
# ("skrev", "skrivit", "skriva" → three stems), so they are mapped to the infinitive first.
# Principal parts (infinitive, preterite, supine[/another supine]); forms that are also
# common other words (låg, satt, bar, for, sa, lät, var, åt, led) are left out.
_STRONG_VERBS = """
skriva skrev skrivit | bli blev blivit | driva drev drivit | gripa grep gripit
stiga steg stigit | bjuda bjöd bjudit | erbjuda erbjöd erbjudit
bryta bröt brutit | flyga flög flugit | njuta njöt njutit | skjuta sköt skjutit
sjunga sjöng sjungit | dricka drack druckit | finna fann funnit | binda band bundit
springa sprang sprungit | vinna vann vunnit | bära - burit | innebära innebar inneburit
skära skar skurit | stjäla stal stulit | komma kom kommit | sova sov sovit
ta tog tagit | anta antog antagit | åta åtog åtagit | dra drog dragit | bidra bidrog bidragit
slå slog slagit | ge gav givit/gett | se såg sett | stå stod stått | förstå förstod förstått
uppstå uppstod uppstått | gå gick gått | ingå ingick ingått | utgå utgick utgått
framgå framgick framgått | genomgå genomgick genomgått | få fick fått | göra gjorde gjort
säga sade sagt | ligga - legat | sitta - suttit | hålla höll hållit | falla föll fallit
gråta grät gråtit | låta - låtit | veta visste vetat | välja valde valt
sälja sålde sålt | lägga lade lagt | sätta satte - | fortsätta fortsatte fortsatt
besluta beslöt beslutit | vilja ville velat | kunna kunde kunnat
"""


def _strong_forms() -> dict[str, str]:
    forms: dict[str, str] = {}
    for entry in re.split(r"[|\n]", _STRONG_VERBS):
        if not entry.strip():
            continue
        infinitive, preterite, supines = entry.split()
        inflected = [] if preterite == "-" else [preterite, preterite + "s"]
        if stem(infinitive + "r") != stem(infinitive):  # får, tar (skriver: stemmer joins)
            inflected += [infinitive + "r", infinitive + "s"]
        for supine in supines.split("/"):
            if supine == "-":
                continue
            inflected += [supine, supine + "s"]
            if supine.endswith("it"):  # skrivit → skriven, skrivet, skrivna
                root = supine[:-2]
                inflected += [root + "en", root + "et", root + "na"]
        for form in inflected:
            forms.setdefault(form, infinitive)
    return forms


LEMMAS: dict[str, str] = _strong_forms()


def content_stems(
    text: str, extra_stop: frozenset[str] = frozenset(), *, verbs: bool = False
) -> list[str]:
    """Stems of the words that carry meaning: stop words and ``extra_stop`` removed. With
    ``verbs`` a strong verb's forms share their infinitive's stem (the answerer uses it; in
    BM25 it measured slightly worse on SweFAQ, docs/evaluation.md)."""
    lemmas = LEMMAS if verbs else {}
    return [
        stem(lemmas.get(w, w))
        for w in words(text)
        if w not in STOP_WORDS and w not in extra_stop and len(w) > 1
    ]


def char_grams(text: str, n: int = 5) -> list[str]:
    """Character n-grams of the words that carry meaning, each word framed by "#": they match
    inside compounds and across inflections that stems miss ("arbetslöshetsersättning" shares
    "#arbe", "rsätt", "ttnin" … with "ersättning" and "arbetslös")."""
    grams: list[str] = []
    for w in words(text):
        if w in STOP_WORDS:
            continue
        framed = f"#{w}#"
        grams += [framed[i : i + n] for i in range(max(1, len(framed) - n + 1))]
    return grams


def looks_english(text: str) -> bool:
    """Whether the text is English rather than Swedish, by its function words."""
    tokens = words(text)
    english = sum(1 for w in tokens if w in ENGLISH_FUNCTION_WORDS)
    swedish = sum(1 for w in tokens if w in STOP_WORDS and w not in ENGLISH_FUNCTION_WORDS)
    return english >= 2 and english > 2 * swedish


# A document's table of contents, written by cleaning as one paragraph: "Innehåll: Projekt
# (sida 12); Lokala jobbspår (sida 17); …".
CONTENTS = "Innehåll:"


def is_contents(sentence: str) -> bool:
    """Whether the sentence is a document's table of contents (cleaning's paragraph)."""
    return sentence.startswith(CONTENTS)


# A list item: a bullet, a dash or a number opens it ("• En matchningsplattform …", "2) …").
_LIST_ITEM = re.compile(r"^\s*(?:[•▪●◦·*\-–—]|\d{1,2}[.)]|[a-z]\))\s+")


def is_list_item(sentence: str) -> bool:
    return _LIST_ITEM.match(sentence) is not None


# A form's or table's row as cleaning writes it, "Kontaktperson: Håkan Printz.", "Telefon:
# 0498-26 90 00": a label of one to three words, a colon, its value.
ROW = re.compile(r"^(?P<label>[A-ZÅÄÖ][\w-]*(?: [\w-]+){0,2}):\s+\S")


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph; never splits after a common abbreviation."""
    protected = text
    for i, abbr in enumerate(_ABBREVIATIONS):
        protected = protected.replace(abbr, f"\x00{i}\x00")
    parts = _SENTENCE_END.split(protected)
    sentences = []
    for part in parts:
        for i, abbr in enumerate(_ABBREVIATIONS):
            part = part.replace(f"\x00{i}\x00", abbr)
        if part.strip():
            sentences.append(part.strip())
    return sentences


MIN_SENTENCE_CHARS = 16  # shorter pieces ("Bakgrund", "Sida 2 av 5") are not quoted


def paragraph_sentences(text: str) -> list[list[str]]:
    """A chunk's text as the answerer reads it: paragraphs, each a list of its sentences."""
    return [split_sentences(para) for para in text.split("\n\n")]


def quotable(sentence: str) -> bool:
    """Whether a sentence is long enough to be quoted as (part of) an answer."""
    return len(sentence) >= MIN_SENTENCE_CHARS


def quotable_sentences(text: str) -> list[str]:
    """The distinct sentences of a chunk the answerer may quote, in reading order."""
    found = (s for para in paragraph_sentences(text) for s in para if quotable(s))
    return list(dict.fromkeys(found))


def join_sv(names: Sequence[str]) -> str:
    """ "Tibro, Hjo och Karlsborg": names listed as Swedish prose lists them."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " och " + names[-1]
