"""What kind of answer a question asks for, and whether a sentence can be one.

A question asking *how many*, *how much it costs*, *how long* or *when* is answered only by
a sentence holding a number, an amount, a period or a point in time; one asking *who* only
by a sentence naming someone, *which party* only by one naming a party, *who is quoted* only
by one naming the speaker of a quotation ("…, säger Maria Haglund, enhetschef …"), *which
schools / companies / associations* only by one naming such a place by its name
("Vittingeskolan", "företagen Ikea och Scania", "Mälarbygg AB"). The extractive
answerer quotes only sentences of the asked kind: a sentence that shares the question's words
but holds no number cannot answer "Hur många …?", and quoting it would be a confident wrong
answer. (Classic question answering calls this the expected answer type.) Pure functions;
patterns, not lists of known answers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from assistant.answering.evidence import kommuner_named
from assistant.answering.matching import canonical, found
from assistant.scope.gazetteer import kommun_by_name
from assistant.scope.scoping import named_places
from assistant.swedish import MONTHS, QUESTION_WORDS, STOP_WORDS, content_stems, stem


class AnswerType(Enum):
    AMOUNT = "amount"  # budget, cost: needs a number
    COUNT = "count"  # how many
    DURATION = "duration"  # how long, until when
    TIME = "time"  # when, which day
    PARTY = "party"  # which (political) party
    SPEAKER = "speaker"  # who is quoted
    NAMED = "named"  # which schools, companies, associations: needs their names
    PERSON = "person"  # who is, which persons: needs a person's name
    KOMMUNER = "kommuner"  # which kommuner: needs one the question does not name
    PLACE = "place"  # where: an address, premises or a place the question does not name
    CONTACT = "contact"  # how to reach someone: a phone number or an e-mail address

    @property
    def missing(self) -> str:
        """Why the sources cannot answer, in Swedish, for the abstention."""
        return {
            AnswerType.AMOUNT: "Underlagen nämner inget belopp eller någon kostnad.",
            AnswerType.COUNT: "Underlagen anger inget antal.",
            AnswerType.DURATION: "Underlagen anger ingen giltighetstid eller period.",
            AnswerType.TIME: "Underlagen anger ingen tidpunkt.",
            AnswerType.PARTY: "Underlagen nämner inget parti.",
            AnswerType.SPEAKER: "Underlagen citerar ingen person om detta.",
            AnswerType.NAMED: "Underlagen nämner inga sådana platser vid namn.",
            AnswerType.PERSON: "Underlagen namnger ingen person som svarar på frågan.",
            AnswerType.KOMMUNER: "Underlagen nämner inga kommuner vid namn som svarar på frågan.",
            AnswerType.PLACE: "Underlagen anger ingen plats eller adress.",
            AnswerType.CONTACT: "Underlagen anger inget telefonnummer eller någon e-postadress.",
        }[self]


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@dataclass(frozen=True)
class Category:
    """Places that have names of their own: how a question asks for them, how a text writes
    the common noun, and how a name of one ends ("Vittingeskolan", "Uppsala Vatten AB")."""

    plural: str  # for the abstention: "Underlagen nämner inga skolor vid namn."
    asked: str  # the noun in a question, Swedish or English
    noun: str  # the noun in running Swedish text
    name_ends: str  # the end of a one-word name ("…skolan"), or of a name ("… AB")


CATEGORIES: tuple[Category, ...] = (
    Category(
        "skolor",
        r"\w*skol(?:a|an|or|orna)|gymnasi(?:um|et|er|erna)|gymnasieskol\w*|schools?",
        r"skol(?:a|an|or|orna)|gymnasie(?:skol\w*|t|r|rna)?|gymnasium",
        r"\w*(?:skola|skolan|gymnasiet|gymnasium)",
    ),
    Category(
        "företag",
        r"\w*företag(?:en|et)?|\w*bolag(?:en|et)?|compan(?:y|ies)|firms?|business(?:es)?",
        r"företag(?:en|et)?|bolag(?:en|et)?",
        r"[\w&-]*\s+(?:AB|HB|KB)|\w*(?:bolaget|företaget)",
    ),
    Category(
        "föreningar",
        r"\w*förening(?:en|ar|arna)?|associations?|clubs?",
        r"förening(?:en|ar|arna)?",
        r"\w*förening(?:en)?",
    ),
)
_WHICH = r"(?:\b(?:vilk(?:a|en|et)|which)\s+(?:\w+\s+)?|\bwhat\s+|\bvad\s+heter\s+)"
# "Vilka föreningar kan söka bidrag?" asks who may, which a description answers ("Föreningar
# med minst tio medlemmar …"): no name needed.
_MAY = r"(?!\s+(?:kan|får|ska|skall|måste|bör|omfattas|berörs|can|may|must|should)\b)"
# How a question asks for each category by name: "Vilka skolor …", "vad heter företaget …".
_ASKED: tuple[tuple[Category, re.Pattern[str]], ...] = tuple(
    (c, re.compile(rf"{_WHICH}(?:{c.asked})\b{_MAY}", re.IGNORECASE)) for c in CATEGORIES
)
# "Vilken dag / vilket datum / vilka år …" name the unit of time asked for.
_UNIT_ASKED = (
    r"\b(?:vilke[nt]\s+(?P<w>dag|datum|år|månad|veckodag|tidpunkt|klockslag)"
    r"(?:\s+i\s+(?P<wv>veckan))?"  # "vilken dag i veckan": a weekday
    r"|vilka\s+(?P<ws>datum|år|dagar|månader|veckodagar|tider)"
    # a time of day: "vilken tid på dagen …?", "… datum och klockslag?"
    r"|vilken\s+tid\s+på\s+(?P<wd>dagen|dan)|och\s+(?P<wk>klockslag))\b"
)


# Nouns naming a person by office or job (a compound's last part: "arbetsmarknadsminister",
# "kommunalråd", "förbundschef", "pressansvarig"); "råd" alone is advice.
_PERSON_ROLE = (
    r"[\w-]*(?:minister|chef|direktör|ordförande|handläggare|samordnare|ledare|sekreterare"
    r"|politiker|tjänsteman|tjänsteperson|talesperson|kontaktperson|ansvarig|strateg)"
    r"|[\w-]+råd"
)


# Checked in this order: "Vem citeras om budgeten?" asks for a speaker, not an amount; "hur
# många år" asks for a period, not a count.
_QUESTION_TYPES: tuple[tuple[AnswerType, re.Pattern[str]], ...] = (
    (
        AnswerType.SPEAKER,
        _any(
            r"\bciter(?:as|ades|ad|ade|at)\b",
            r"\buttala(?:r|de|t)?\s+sig\b",
            r"\bkom(?:mer|mit)?\s+till\s+tals\b",
            # passive: "Vilka intervjuade forskarna?" asks whom they interviewed
            r"\bintervju(?:as|ades|ad)\b|\b(?:blev|blir|blivit)\s+intervjuad\w*",
            # "Vem på kommunen kommenterar …?", "Vem berättar om …?": who is quoted saying it
            r"^\W*(?:och\s+|men\s+)?vem\s+(?:[\w-]+\s+){0,4}?"
            r"(?:säger|sa|sade|berättar|kommenterar|förklarar|menar|pratar|talar)\b",
            r"\b(?:is|are|was|were)\s+quoted\b",
        ),
    ),
    (
        AnswerType.DURATION,
        _any(
            r"\bhur\s+länge\b",
            r"\bhur\s+lång\s+(?:tid|period)\b",
            r"\bhur\s+många\s+(?:år|månader|veckor|dagar)\b",
            r"\btill\s+när\b(?!\s+det\s+gäller)",  # not "ligger X till när det gäller …"
            r"\bgiltighetstid",
            r"\blöptid",
            r"\b(?:vilken|under\s+vilken)\s+(?:tids)?period\b",
            # "Gäller avtalet fortfarande?", "Pågår projektet än?": is it still in force
            r"^\W*(?:gäller|pågår|löper|finns|fortsätter)\b.*\b(?:fortfarande|ännu|kvar|än)\b",
            r"\bhow\s+long\b",
            r"\buntil\s+when\b",
        ),
    ),
    (
        AnswerType.AMOUNT,
        _any(
            r"\bbudget",
            r"\bkosta[rdt]?\b",
            r"\bkostnad",
            r"\bbelopp",
            r"\bhur\s+mycket\b(?!\s+(?:tid|längre|mer|mindre|bättre|folk|människor)\b)",
            r"\bhur\s+stor\s+(?:andel|del)\b",  # a share: "80 procent"
            r"\bvilken\s+andel\b",
            r"\bhur\s+många\s+procent\b",
            r"\bbetala(?:r|s|t|de)?\b",
            r"\b(?:mest|minst|mer|mindre)\s+pengar\b",  # "Vem lägger mest pengar, X eller Y?"
            r"\bcosts?\b",
            r"\bhow\s+much\s+money\b",
        ),
    ),
    (
        AnswerType.COUNT,
        _any(
            r"\bhur\s+många\b",
            r"\bhur\s+mycket\s+(?:folk|människor)\b",  # how many people, as said in speech
            # a level: "Hur hög är arbetslösheten i X?" wants a figure
            r"\bhur\s+(?:hög|högt|låg|lågt)\s+(?:är|var|ligger|låg)\b",
            r"\bantal(?:et)?\b",
            r"\bhow\s+many\b",
        ),
    ),
    (
        AnswerType.TIME,
        _any(
            r"^\W*(?:och\s+|men\s+)?när\b",
            r"\b(?:från|sedan|fr\.\s?o\.\s?m\.)\s+när\b",  # "Från när gäller …?"
            r"\bvilk(?:a|en)\s+tid(?:er|punkt)?\b",  # "Vilka tider har de öppet?"
            _UNIT_ASKED,
            r"^\W*when\b",
            r"\b(?:what|which)\s+(?:day|date|year|month)\b",
        ),
    ),
    # "Vilket nummer ringer man för att nå henne?", "Vilken e-postadress har enheten?", "Hur
    # når man samordnaren?": a phone number or an e-mail address (before PLACE: "e-postadress"
    # is no address on a map).
    (
        AnswerType.CONTACT,
        _any(
            r"\btelefon\w*",
            r"\bfax\w*",
            r"\b(?:e-?post|mejl|mail)\w*",
            r"\bvilket\s+nummer\b(?=.*\b(?:når|nå|ringa|ringer)\b)",  # not a document's number
            r"\bhur\s+når\s+(?:jag|man|vi|ni)\b",
            r"\bkontaktuppgift\w*",
            r"\b(?:phone|e-?mail)\b",
        ),
    ),
    # "Var ligger kontoret?", "Vart flyttar de?", "Var i Göteborg …?", "Vilken adress …?": a
    # place. Not "Var ser AF brister …?" (where in the work, not on a map).
    (
        AnswerType.PLACE,
        _any(
            # not "var har de fått pengarna ifrån?" (whence: a source, not a place)
            r"^\W*(?:och\s+|men\s+)?(?:var|vart)\s+(?![^?]*\b(?:i|)från\b)"
            r"(?:i|nånstans|någonstans|ligger|låg|håller|höll|hölls"
            r"|hålls|sitter|satt|finns|fanns|flyttar|flyttade|ska|skulle|skickar|skickas|träffas"
            r"|möts|sker|skedde|har|hade|är)\b",
            r"\badress",
            r"\b(?:i|på)\s+vilk(?:en|et)\s+(?:ort|stadsdel|lokal|byggnad|hus|plats|område)\b",
            r"^\W*where\b",
        ),
    ),
    (
        AnswerType.PARTY,
        _any(r"\bvilke[nt]\s+parti", r"\bpartitillhörighet", r"\bwhich\s+party\b"),
    ),
    # "Vilka kommuner ingår i Familjen Helsingborg?", "Vilka är de andra nio kommunerna …?":
    # the kommuner by name, and not those the question names itself.
    (
        AnswerType.KOMMUNER,
        _any(
            # also a compound: "grannkommuner", "medlemskommunerna"
            r"\bvilka\s+(?:[\w-]+\s+){0,4}?\w*(?:kommuner|kommunerna|orter|orterna|städer"
            r"|städerna)\b"
        ),
    ),
    (
        AnswerType.NAMED,
        # "Vad heter projektledaren?": whatever is named, its name is asked for.
        _any(*(pattern.pattern for _, pattern in _ASKED), r"\bvad\s+heter\b"),
    ),
    # "Vem är / heter …" asks for a name; "vem ansvarar för …", "vem låg bakom …" ask who
    # acts, which an organisation answers as well as a person ("kommunen"): an open question
    # (docs/evaluation.md, "Ablation").
    (
        AnswerType.PERSON,
        _any(
            r"^\W*(?:och\s+)?vem\s+(?:är|var|heter|hette|blir|blev)\b",
            # who signed for a party the question names ("för kommunen", "mellan Nacka och
            # AF"): not the party, the person who signed for it ("vem skrev på avtalet i
            # Heby" is open: the parties answer it too)
            r"^\W*(?:och\s+)?vem\s+(?:har\s+)?(?:skrev|skrivit|undertecknade|undertecknat"
            r"|signerade)\b[^?]*?\b(?:för\s+(?!att\b)|mellan\s+)",
            r"\bvilka\s+personer\b",
            r"\bvilken\s+person\b",
            # "Vilken arbetsmarknadsminister …?", "vilket kommunalråd …?": a person by role
            rf"^\W*(?:och\s+)?vilke[nt]\s+(?:[\w-]+\s+)?{_PERSON_ROLE}\b",
            r"^\W*who\s+(?:is|was|are|were)\b",
        ),
    ),
)


# "…, säger Mohamad Hassan (L), ordförande i arbetsmarknadsnämnden." ends a quotation: the
# sentence that names its speaker.
# "…, säger Anna Berg (S), …", "…, säger kommunalrådet Rolf Eriksson (S)." (a title in the
# definite form before the name) and "…, berättar områdeschef Annika Andersson." (a title
# before a first and last name).
SAYS = re.compile(
    r",\s+(?:säger|sa|sade|berättar|menar)\s+"
    r"(?P<who>(?:(?:[a-zåäö-]{3,}(?:et|en|n)\s+){0,2}"
    r"|[a-zåäö-]{5,}\s+(?=[A-ZÅÄÖ][\w-]+\s+[A-ZÅÄÖ]))[A-ZÅÄÖ].*)$"
)


# A text that quotes no one may still say whose view or finding it tells: "… så skriver
# myndigheten själv att …", "En rapport från Arbetsförmedlingen visar att …".
_ATTRIBUTES = re.compile(
    r"\b(?:skriver|skrev|menar|anser|ansåg|konstaterar|konstaterade|bedömer|bedömde|varnar"
    r"|varnade|framhåller|understryker|påpekar|påpekade|hävdar|hävdade|visar|visade)\b"
    r"[^.]*?\batt\b",
    re.IGNORECASE,
)


def attributes(sentence: str) -> bool:
    """Whether the sentence says whose view or finding it tells ("X skriver att …")."""
    return _ATTRIBUTES.search(sentence) is not None


# A question opening with "vem" asks who: "Vem betalar för projektledaren?" wants an actor,
# not an amount, though "betalar" names one. Only these kinds answer a "vem" question.
_WHO_ASKED = re.compile(r"^\W*(?:och\s+|men\s+)?(?:vem|vems|who|whose)\b", re.IGNORECASE)
_WHO_TYPES = frozenset({AnswerType.SPEAKER, AnswerType.PARTY, AnswerType.PERSON})
# A choice between alternatives by a measure: "… mest pengar – Tibro … eller Helsingborg …?"
_CHOICE = re.compile(
    r"\b(?:mest|minst|flest|störst|högst|lägst)\b.*\beller\b", re.IGNORECASE | re.DOTALL
)


# "…, och hur länge pågår det?": a second question joined to the first.
_SECOND_QUESTION = re.compile(
    r"(?:,\s*|\s+)och\s+(?=(?:hur|vad|vem|vilka|vilken|vilket|när|var|varför)\b)"
    # "…, får man behålla bidraget?": a yes/no question after a comma
    r"|(?P<yes_no>,\s*(?=(?:får|kan|ska|måste|finns|gäller|har|är|blir)\s+"
    r"(?:man|jag|vi|de|det|den|hon|han)\b))",
    re.IGNORECASE,
)


# A yes/no question opens with its finite verb: "Har Lidköping tecknat …?", "Finns det …?",
# "Är Karlsborg med …?" (a question word opens the others).
_WHETHER = re.compile(
    r"^\W*(?:och\s+|men\s+)?(?!(?:vad|vem|vems|vilka|vilken|vilket|hur|när|var|varför|vart)\b)"
    r"(?:\w+r|kan|ska|skall|får|finns|fanns|måste|bör|vill)\b",
    re.IGNORECASE,
)


def asks_whether(question: str) -> bool:
    """Whether the question asks yes or no: "Har Lidköping tecknat en överenskommelse?"."""
    return _WHETHER.match(question) is not None


_CONDITION = re.compile(r"^\W*(?:om|ifall|när|eftersom|då|trots)\b", re.IGNORECASE)


def two_questions(question: str) -> tuple[str, str] | tuple[()]:
    """A question of two parts ("Hur mycket satsar Orsa, och hur många ska omfattas?") as its
    parts, each a question of at least three words; () for one question. How long passed
    between two events is asked as when each happened."""
    elapsed = _ELAPSED_SPLIT.search(question)
    if elapsed is not None:
        first = "När " + question[elapsed.end("how") : elapsed.start("at")].strip(" ,") + "?"
        second = "När " + question[elapsed.end("at") :].strip(" ,?") + "?"
        if len(first.split()) >= 3 and len(second.split()) >= 3:
            return first, second
    match = _SECOND_QUESTION.search(question)
    if match is None:
        return ()
    if match.group("yes_no") and _CONDITION.match(question):
        return ()  # "Om man har försörjningsstöd, kan man …?" is one question
    first = question[: match.start()].strip(" ,") + "?"
    second = question[match.end() :].strip()
    second = second[:1].upper() + second[1:]
    if len(first.split()) < 3 or len(second.split()) < 3:
        return ()
    return first, second


# "Vilken tjänst betalar förbundet för …?" and "Vad har förbundet betalat för?" ask for the
# thing paid for, not an amount: a "vilken X" question, or one saying what someone pays
# *for*, asks for an amount only when it names money otherwise ("Hur mycket …", "belopp").
_WHICH_ASKED = re.compile(r"^\W*(?:och\s+|men\s+)?(?:vilken|vilket|vilka)\s+\w+", re.IGNORECASE)
_PAYS = re.compile(r"\bbetala(?:r|s|t|de)?\b", re.IGNORECASE)
_PAYS_FOR = re.compile(r"\bbetala(?:r|s|t|de)?\s+för\b", re.IGNORECASE)


# "Vilken kommun skrev först under, Heby eller Upplands Väsby?", "Vilket navigatorcentrum kom
# igång först …?", "vilket är nyast, …": which of two came first (or last) is answered by
# when each did. Not "vems insatser går först" (whose comes first in an order of work).
_ORDER_WORDS = ("först", "tidigast", "nyast", "äldst")
# How long passed between two events: the second is a clause of its own ("efter att …",
# "innan …", "från … tills …", "hade X funnits när …"; not "Hur länge ska de ses när …?").
_ELAPSED = re.compile(
    r"\bhur\s+(?:lång\s+tid|länge)\b[^?]*?"
    r"(?:\b(?:efter\s+att|innan|tills|till\s+dess)\b|\b(?:hade|har)\b[^?]*?\bnär\b)",
    re.IGNORECASE,
)
# … split there into when each happened: "Hur länge hade X funnits när Y …?" is "När X?" and
# "När Y?" (two_questions).
_ELAPSED_SPLIT = re.compile(
    r"(?P<how>\bhur\s+(?:lång\s+tid|länge)\s+(?:hade|har)\b)[^?]*?"
    r"(?P<at>\b(?:när|tills|till\s+dess)\b)",
    re.IGNORECASE,
)
_ORDER_ASKED = re.compile(
    rf"^\W*(?:och\s+|men\s+)?(?:vilke[nt]|vilka|vem|vad|va)\b(?!s)[^?]*\b(?:{'|'.join(_ORDER_WORDS)})\b",
    re.IGNORECASE,
)


def asks_order(question: str) -> bool:
    """Whether the question asks which of several came first, or how long passed between
    two events ("Hur länge hade X funnits när Y …?", "Hur lång tid efter X kom Y?"): when
    each happened answers it."""
    return _ORDER_ASKED.search(question) is not None or _ELAPSED.search(question) is not None


def expected_type(question: str, off: frozenset[AnswerType] = frozenset()) -> AnswerType | None:
    """The kind of answer the question asks for, or None for an open question (also when its
    kind's rule is ``off``, for an ablation). The question word comes first: a "vem"
    question is answered by a person, a speaker or a party, or is open; a "vilken X"
    question, or one on what someone pays for, does not ask for an amount by saying that
    someone pays; "which came first" asks when each did."""
    if asks_order(question):
        return None if AnswerType.TIME in off else AnswerType.TIME
    # "Vem lägger mest pengar, X eller Y?" asks which of the two, not for a person.
    who = _WHO_ASKED.search(question) is not None and _CHOICE.search(question) is None
    which = _WHICH_ASKED.search(question) is not None or _PAYS_FOR.search(question) is not None
    for answer_type, pattern in _QUESTION_TYPES:
        if who and answer_type not in _WHO_TYPES:
            continue
        if (
            which
            and answer_type is AnswerType.AMOUNT
            and not pattern.search(_PAYS.sub(" ", question))
        ):
            continue
        if pattern.search(question):
            return None if answer_type in off else answer_type
    return None


_NUMBER_WORDS = (
    r"två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|tjugo|trettio|fyrtio|femtio|hundra"
    r"|tusen|miljon(?:er)?|miljard(?:er)?|dussin|hälften|halva|tredjedel(?:en)?|procent"
)
_YEAR = r"(?:19|20)\d{2}"
# A year standing alone: not the first half of a statute's number ("lagen (2003:1210)").
_A_YEAR = rf"\b{_YEAR}\b(?!:\d)"
# A cardinal that is not just a year ("under 2024" holds no count), nor a bound of a range
# ("16-24", "16–24 år": ages, written with a hyphen or a dash).
_CARDINAL = re.compile(
    rf"(?<![\d.,:–-])(?!{_YEAR}(?!\d|[.,]\d))\d[\d  ]*(?:[.,]\d+)?(?![\d–-])"
    # a round count: "ett 100-tal", "100-talet åhörare" (not a decade: "1990-talet")
    rf"|(?<![\d.,:–-])(?!{_YEAR})\d+-tal(?:et)?\b"
    rf"|\b(?:{_NUMBER_WORDS})\b",
    re.IGNORECASE,
)
_TIME_UNIT = r"(?:år|månad(?:er)?|vecka|veckor|dag(?:ar)?|timm(?:e|ar)|kvartal|mandatperiod\w*)"
# A number that measures time or money is no count: "unga i åldern 16–24 år", "29 år",
# "300 000 kronor" do not answer "Hur många unga …?".
# "två gånger om året" how often. Unless what is counted is that unit ("Hur många gånger …").
_MEASURE_AFTER = re.compile(
    rf"^\s*(?P<unit>{_TIME_UNIT}|års\w*|åring\w*|gång(?:er)?|kr\b|kronor|mkr|tkr|sek\b|%"
    r"|procent)",
    re.IGNORECASE,
)
# An amount of money or a share: "4,5 miljoner kronor", "30 mkr", "20 procent". A number alone
# ("3 år", "tio kommuner") answers no "Hur mycket …?" / "Vad kostar …?".
_MONEY = _any(
    r"\d[\d  ]*(?:[.,]\d+)?\s*(?:kr\b|kr\.|kronor|mkr|tkr|msek|sek\b|euro|%|procent"
    r"|miljon|miljard)",
    rf"\b(?:{_NUMBER_WORDS}|en|ett)\s+(?:miljon(?:er)?|miljard(?:er)?)\b",
    r"\b(?:miljon|miljard)er\s+kronor\b",
)
_MONTH_WORDS = "|".join(MONTHS)
# A start alone ("från och med den 1 november") says from when, not for how long.
_PERIOD = _any(
    rf"(?:\d+|{_NUMBER_WORDS}|ett|en)\s+{_TIME_UNIT}\b",
    r"\btills\s+vidare\b",
    r"\btill\s+och\s+med\b",
    r"\bt\.\s?o\.\s?m\.",
    r"\bfram\s+till\b",
    rf"\b{_YEAR}\s*[-–]\s*(?:{_YEAR}|\d{{2}})\b",
    # from one date to another: "2008-11-01 till 2011-10-30", "1 mars – 31 december 2021"
    rf"(?:{_YEAR}-\d{{2}}-\d{{2}}|\d{{1,2}}\s+(?:{_MONTH_WORDS}))\s*(?:till|[-–])\s*"
    rf"(?:{_YEAR}|\d{{1,2}}\s+(?:{_MONTH_WORDS}))",
    rf"\btill\s+(?:den\s+)?\d{{1,2}}\s+(?:{_MONTH_WORDS})",  # an end date: "till den 28 februari"
    r"\bgiltighetstid",
    r"\blöptid",
    r"\bgäller\s+(?:till|under|i)\b",
    r"\bårsskifte",
)
_WEEKDAYS = r"måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag"
_CLOCK = r"\b(?:kl\.?\s*|klockan\s+)?\d{1,2}[:.]\d{2}\b"  # a time of day: "8:00", "kl. 10.00"
_POINT_IN_TIME = _any(
    rf"\b(?:{_WEEKDAYS})(?:en|ar|s)?\b",
    _CLOCK,
    rf"\b(?:{_MONTH_WORDS})\b",
    _A_YEAR,
    r"\b\d{1,2}/\d{1,2}\b",
    r"\bi\s*dag\b|\bi\s+går\b|\bi\s+morgon\b",
    r"\b(?:tillfälle|tidpunkt|datum|kvartal|termin)\w*",
    # a season, not "våra", "vård" or "vårt": "våren", "höstterminen", "i somras"
    r"\b(?:vår(?:en|ens|termin\w*)|höst\w*|sommar\w*|somras|vinter\w*)\b",
    r"\b(?:vecka|månad|år)(?:en|et|ligen|sskiftet?)?\b",
    r"\b(?:årligen|löpande|kontinuerligt|regelbundet|därefter|senare|snart|nu)\b",
)
# "Vilket datum …" asks for a date, "vilken dag" for a day (a date, a weekday, "i dag"),
# "vilket år" for a year, "vilken månad" for a month; "när" for any point in time.
_DATE = _any(
    rf"\b\d{{1,2}}(?::e|:a)?\s+(?:{_MONTH_WORDS})\b",
    r"(?<!\d)(?:19|20)\d{2}-\d{2}-\d{2}(?!\d)",
    r"\b\d{1,2}/\d{1,2}\b",
)
# Time said relative to when the text was written: "i dag", "på tisdagen", "i går"; a month
# without its year ("I november inleder …") is the text's year.
_RELATIVE_TIME = _any(
    r"\bi\s*dag\b|\bi\s+går\b|\bi\s+morgon\b|\bnyligen\b|\bi\s+veckan\b",
    rf"\b(?:på|i)\s+(?:{_WEEKDAYS})(?:en|s)?\b",
    rf"\b(?:{_MONTH_WORDS})\b(?![\s,]*{_YEAR})",
)


def absolute_time(sentence: str) -> bool:
    """Whether the sentence gives a date or a year of its own."""
    return bool(_DATE.search(sentence) or re.search(_A_YEAR, sentence))


def relative_time(sentence: str) -> bool:
    """Whether the sentence says when relative to its writing: "i dag", "på tisdagen" …"""
    return _RELATIVE_TIME.search(sentence) is not None


# "När kom nyheten om …?", "Vilket datum publicerades pressmeddelandet …?": a "when" question
# about the text itself, which its date answers (not an event it tells of).
_OWN_TEXT = re.compile(
    r"^(?:nyhet|pressmeddelande|artikel|artikeln|rapport|tjänsteskrivelse|skrivelse|"
    r"protokoll|inlägg)\w*$"
)
# Every form of "publicera" and "släppa" (active or passive: "När publicerade regionen
# nyheten?"), "gavs ut", and the forms of the other verbs that say a text came out.
_PUBLISHED = re.compile(r"^(?:publicer\w*|släpp\w*|daterad|daterat|kom|gavs|skrevs|skrivits)$")


def _own_date_words(question: str) -> set[str]:
    """The words of a question on when a text came out that name the text and its coming out
    ("nyheten", "publicerades"); none when it does not name both."""
    said = re.findall(r"\w+", question.lower())
    came_out = {w for w in said if _PUBLISHED.match(w)}
    text = {w for w in said if _OWN_TEXT.match(w)}
    return came_out | text if came_out and text else set()


def asks_own_date(question: str) -> bool:
    """Whether a "when" question asks when a text came out: it names a kind of text and says
    it came out ("kom", "publicerades", "är daterad" …)."""
    return bool(_own_date_words(question))


_TIME_ASKED: dict[str, re.Pattern[str]] = {
    "datum": _DATE,
    "dag": _any(
        _DATE.pattern,
        rf"\b(?:{_WEEKDAYS})(?:en|ar|s)?\b",
        r"\bi\s*dag\b|\bi\s+går\b|\bi\s+morgon\b",
    ),
    "år": _any(_A_YEAR, _DATE.pattern),
    "månad": _any(rf"\b(?:{_MONTH_WORDS})\b", _DATE.pattern),
}
_TIME_ASKED["veckodag"] = _any(rf"\b(?:{_WEEKDAYS})(?:en|ar|s)?\b")
_TIME_ASKED["klockslag"] = _any(_CLOCK, r"\bklockan\s+\d{1,2}\b")
# "Vilka tider har de öppet?": times of day or weekdays, not a season or "nu".
_TIME_ASKED["tider"] = _any(_TIME_ASKED["klockslag"].pattern, _TIME_ASKED["veckodag"].pattern)


# What happened, for a "when" question on an event: a time given for another event of the
# same matter ("ett uppdrag sedan 2017" for "Vilket år undertecknade de överenskommelsen?")
# does not answer it. Each kind of event, by the verbs and nouns that tell of it.
_EVENTS: dict[str, re.Pattern[str]] = {
    "signed": _any(
        r"\b(?:under)?teckn\w*",
        r"\bsigner\w*",
        r"\bskr(?:ev|iva|iver|ivit|evs)\b(?:\s+\w+){0,3}?\s+(?:på|under)\b",
        r"\bing(?:ick|å|år|ått|ingits)\b",
        r"\bsl(?:öt|uta|utit|öts)\s+(?:en\s+|ett\s+)?(?:avtal|överenskommelse)",
    ),
    "started": _any(
        r"\bstart\w*",
        r"\bbörja\w*",
        r"\binled\w*",
        r"\binlett\w*",
        r"\bigång\w*",
        r"\blansera\w*",
        r"\bbygg(?:de|des|ts|t)\s+upp\b",
        r"\bsjösatt\w*",
        # coming into force: "börjar gälla" is told as "träder i kraft", "gäller från"
        r"\btr(?:äder|ädde|ätt|äda)\s+i\s+kraft\b",
        r"\bgäll(?:er|a)\s+från\b",
        r"\bfrån\s+och\s+med\b",
        r"\bfr\.\s?o\.\s?m\.",
    ),
    "opened": _any(r"\böppna\w*", r"\binvig\w*"),
    "formed": _any(r"\bbilda\w*", r"\binrätta\w*", r"\bgrunda\w*"),
    "decided": _any(r"\bbeslut\w*", r"\bantog\w*", r"\bantag\w*", r"\bgodkän\w*", r"\bklubba\w*"),
    "ended": _any(
        r"\bupphör\w*",
        r"\bavslut\w*",
        r"\blöp(?:er|te)?\s+ut\b",
        r"\blades\s+(?:ned|ner)\b",
        r"\bstäng\w*",
    ),
}


def events(text: str) -> frozenset[str]:
    """The kinds of event a text tells of (signing, starting, opening …)."""
    return frozenset(kind for kind, pattern in _EVENTS.items() if pattern.search(text))


_UNIT_OF = {
    "dagar": "dag",
    "månader": "månad",
    "veckodagar": "veckodag",
    "dagen": "klockslag",
    "dan": "klockslag",
}


def _time_unit(question: str) -> str:
    """The unit a "vilken dag / vilket datum / vilka år …" question asks for ("" for "när")."""
    match = _KIND_WORDS[AnswerType.TIME].search(question)
    if match is None:
        return ""
    unit = next(u for u in match.groups() if u).lower()
    return _UNIT_OF.get(unit, unit)


def asks_time_of_day(question: str) -> bool:
    """Whether the question asks for a time of day ("vilken tid på dagen …?"): a document's
    date does not give it."""
    return _time_unit(question) == "klockslag"


_PARTY_TAGS = r"S|M|SD|C|V|KD|L|MP"
_PARTY_WORD = _any(
    r"\b(?:socialdemokrat|moderat|sverigedemokrat|centerpartie|vänsterpartie|kristdemokrat"
    r"|liberalern|miljöpartie)\w*",
)
_PARTY = _any(rf"\((?:{_PARTY_TAGS})\)", _PARTY_WORD.pattern)
# Two capitalised words in a row (Marie Wilén, Katarina Yng), or a name with a party tag:
# "Wilén (C)". Sentence-initial words are not names by themselves.
_NAME = re.compile(
    r"\b[A-ZÅÄÖÉ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöéü]+)?\s+[A-ZÅÄÖÉ][a-zåäöéü]+"
    rf"|\b[A-ZÅÄÖÉ][a-zåäöéü]+\s+\((?:{_PARTY_TAGS})\)"
)


# Words that name the kind of answer asked for, not its topic: in "Vilken dag skrevs den
# under?" the type check looks for the day, and "dag" is no word the answering sentence must
# share ("På tisdagen skrevs det under på det."); likewise "personer" in "Vilka personer
# citeras …?" and "parti" in "Vilket parti …?". Nouns that are also the topic stay
# ("budgeten", "giltighetstiden", "skolor").
_KIND_WORDS: dict[AnswerType, re.Pattern[str]] = {
    AnswerType.TIME: re.compile(_UNIT_ASKED, re.I),
    AnswerType.PARTY: re.compile(r"\bvilke[nt]\s+(?P<w>parti)\b", re.I),
    AnswerType.SPEAKER: re.compile(r"\b(?P<w>personer|person)\b", re.I),
    AnswerType.PERSON: re.compile(r"\b(?P<w>personer|person)\b", re.I),
    AnswerType.PLACE: re.compile(r"\b(?P<w>adress(?:en)?|nånstans|någonstans)\b", re.I),
    # "Vem lägger mest pengar …?": the amount is the money ("30 miljoner").
    AnswerType.AMOUNT: re.compile(r"\b(?P<w>pengar(?:na)?|kronor|belopp(?:et)?|summan?)\b", re.I),
}


def kind_words(question: str) -> frozenset[str]:
    """The question's words that only say what kind of answer it wants (lower case); in a
    question on when a text came out, also those naming the text and its coming out
    ("publicerades", "nyheten"): its content does not say them."""
    wanted = expected_type(question)
    pattern = _KIND_WORDS.get(wanted) if wanted is not None else None
    if pattern is None:
        return frozenset()
    groups = (m.groupdict() for m in pattern.finditer(question))
    kind = frozenset(w.lower() for g in groups for w in g.values() if w)
    order = (
        {w for w in re.findall(r"\w+", question.lower()) if w in _ORDER_WORDS}
        if asks_order(question)
        else set()
    )
    return kind | _own_date_words(question) | order


def why_missing(answer_type: AnswerType, question: str) -> str:
    """Why the sources cannot answer, in Swedish: "Underlagen nämner inga skolor vid namn."."""
    category = asked_category(question) if answer_type is AnswerType.NAMED else None
    if category is not None:
        return f"Underlagen nämner inga {category.plural} vid namn."
    if answer_type is AnswerType.NAMED:
        return "Underlagen anger inget namn."
    named = _asked_names(question) if answer_type is AnswerType.PARTY else []
    if named:
        return f"Underlagen nämner inget parti för {' eller '.join(named)}."
    unit = _time_unit(question) if answer_type is AnswerType.TIME else ""
    # A time the texts give of another event than the asked one is none of the asked event's.
    of_event = " för just det" if answer_type is AnswerType.TIME and events(question) else ""
    if unit:
        if unit == "tider":
            return "Underlagen anger inga tider (klockslag eller veckodagar)."
        article = "inget" if unit in ("datum", "år", "klockslag") else "ingen"
        return f"Underlagen anger {article} {unit}{of_event}."
    if of_event:
        return f"{answer_type.missing.removesuffix('.')}{of_event}."
    return answer_type.missing


def asked_category(question: str) -> Category | None:
    """Which kind of named place the question asks for ("Vilka skolor …" → skolor)."""
    return next((category for category, asked in _ASKED if asked.search(question)), None)


_NAME_WORD = r"[A-ZÅÄÖÉ][\w&-]+"
# "företagen Ikea och Scania", "skolor som Vittinge skola", "bolaget Uppsala Vatten".
_INTRODUCED = r"\s+(?:(?i:som|såsom|bland\s+annat|till\s+exempel|t\.\s?ex\.|exempelvis)\s+)?"


def _names(category: Category, sentence: str) -> bool:
    """Whether the sentence names a place of the category: a capitalised one-word name ending
    like one ("… och Vittingeskolan"), a capitalised word right after the noun ("företaget
    Ikea") or before it ("på Tärnsjö skola"). A capital opening the sentence says nothing
    ("Gymnasieskolan är …"), and a kommun's name is a place, not the name of a school or
    company ("Uppsala företag")."""
    noun = rf"(?i:{category.noun})"
    for match in re.finditer(rf"\b[A-ZÅÄÖÉ](?:{category.name_ends})\b", sentence):
        if not _opens(sentence, match.start()):  # "Gymnasieskolan är …" is no name
            return True
    for match in re.finditer(rf"\b{noun}{_INTRODUCED}(?P<name>{_NAME_WORD})", sentence):
        if kommun_by_name(match.group("name")) is None:
            return True
    for match in re.finditer(rf"\b(?P<name>{_NAME_WORD})\s+{noun}\b", sentence):
        if not _opens(sentence, match.start()) and kommun_by_name(match.group("name")) is None:
            return True
    return False


def _new_name(sentence: str, question: str) -> bool:
    """Whether the sentence names something the question does not: a capitalised word that
    does not open the sentence ("… verksamheten Vägval Ungdom …"), is no word of the question
    and no kommun's name."""
    asked = {w.lower() for w in re.findall(r"\w+", question)}
    for match in re.finditer(r"\b[A-ZÅÄÖÉ][\w&-]+", sentence):
        word = match.group()
        if _opens(sentence, match.start()) or word.lower() in asked:
            continue
        if kommun_by_name(word) is None and not _ORGANISATION_WORD.match(word):
            return True
    return False


def _opens(sentence: str, at: int) -> bool:
    """Whether ``at`` is where the sentence (or a quotation in it) begins: a capital there
    says nothing about a name."""
    before = sentence[:at].rstrip(" \t\"'“”«»([–—-")
    return not before or before[-1] in ".!?:"


# An organisation's name opens like "Samordningsförbundet Sundbybergs stad", "Region
# Västernorrland", "Arbetsförmedlingen Norra Västmanland", "Försäkringskassan Gävle".
_ORGANISATION_WORD = re.compile(
    r"^(?:Region|Landsting\w*|Kommun\w*|Stad\w*|\w*(?:förmedling|kassa|verk|förbund|nämnd"
    r"|styrelse|departement|myndighet|förvaltning|delegation)\w*)$"
)


def _is_person(name: re.Match[str], sentence: str) -> bool:
    """Whether two capitalised words in a row name a person: not an organisation
    ("Region Västernorrland", "Samordningsförbundet Sundbybergs"), a place's company
    ("Uppsala Vatten"), a sentence's first word before a place ("Inom Vetlanda kommun") nor
    a heading run into the sentence after it ("Bakgrund Inom …": no name is a function word)."""
    words = name.group().split()
    if any(w.lower() in STOP_WORDS for w in words):
        return False
    # a kommun's name of one or two words ("Uppsala Vatten", "Upplands Väsby kommun")
    kommun = kommun_by_name(words[0]) or kommun_by_name(" ".join(words[:2]))
    if _ORGANISATION_WORD.match(words[0]) or kommun is not None:
        return False
    return not (_opens(sentence, name.start()) and kommun_by_name(words[-1]) is not None)


def _asked_names(question: str) -> list[str]:
    """The people a question names ("Vilket parti representerar Katarina Yng?"); "Region
    Uppsala" is no person."""
    return [
        m.group()
        for m in _NAME.finditer(question)
        if "(" not in m.group() and _is_person(m, question)
    ]


@lru_cache(maxsize=1024)
def people_named(text: str) -> tuple[str, ...]:
    """The people a text names, first named first ("…, säger kommunalrådet Rolf Eriksson
    (S)." → Rolf Eriksson): whom a later "Vilket parti tillhör han?" may mean."""
    return tuple(dict.fromkeys(_asked_names(text)))


def _party_of(surnames: list[str], sentence: str) -> bool:
    """Whether the sentence names a party; when the question asks about named people, a party
    of theirs: right before the name ("moderaten Katarina Yng"), or after it up to the next
    name, "och"/"samt" or sentence end, within the name's own apposition ("Wilén (C)",
    "Katarina Yng, kommunalråd (M), …") — not another person's in the same sentence ("Marie
    Wilén (C) … och Katarina Yng, chef …" names no party of Yng's)."""
    if not surnames:
        return bool(_PARTY.search(sentence))
    for surname in surnames:
        for match in re.finditer(rf"\b{re.escape(surname)}\b", sentence):
            before = sentence[: match.start()].split()[-3:]  # "moderaten Katarina Yng"
            if _PARTY_WORD.search(" ".join(before)):  # a tag there is the previous name's
                return True
            after = sentence[match.end() :]
            other = _NAME.search(after)
            after = after[: other.start()] if other else after
            after = re.split(r"[;.]|\boch\b|\bsamt\b", after, maxsplit=1)[0]
            if _PARTY.search(",".join(after.split(",")[:2])):
                return True
    return False


_NEAR = 4  # words between a number and what it counts (a name and its role), at most
_ROLE = re.compile(
    r"^\W*(?:och\s+)?vem\s+(?:är|var|blir|blev)\s+(?P<role>.+?)"
    r"(?=\s+(?:för|i|på|vid|inom|som|hos|till|med|och)\b|\s*[?.!]|$)",
    re.IGNORECASE,
)


def asked_role(question: str) -> tuple[str, ...]:
    """The stems of the role a "Vem är <role> …?" question asks who holds ("förbundschef",
    "kommunstyrelsens ordförande"), or () for another question."""
    match = _ROLE.search(question)
    return tuple(canonical(content_stems(match.group("role")))) if match else ()


def names_role(role: Sequence[str], sentence: str) -> bool:
    """Whether a person's name stands within a few words of every stem of ``role``
    ("… säger den nytillträdde förbundschefen Catarina Örtengren"; "Andreas Sjölander (S),
    kommunstyrelsens ordförande i Härnösand"): evidence of who holds it."""
    if not role:
        return False
    for name in _NAME.finditer(sentence):
        if _is_person(name, sentence):
            have = _stems_near(sentence, name.start(), after=_NEAR + 2)  # the name's 2 words
            if all(found(r, have) for r in role):
                return True
    return False


def _stems_near(sentence: str, at: int, after: int = _NEAR + 1) -> frozenset[str]:
    """The :func:`canonical` stems of the words from ``_NEAR`` before the word at character
    ``at`` to ``after`` words from it."""
    tokens = list(re.finditer(r"[\w-]+", sentence))
    i = next((n for n, t in enumerate(tokens) if t.end() > at), len(tokens))
    window = " ".join(t.group() for t in tokens[max(0, i - _NEAR) : i + after])
    return frozenset(canonical(content_stems(window), keep=True))


_COUNTED = re.compile(r"\bhur\s+många\s+(?P<noun>[^\W\d_][\w-]*)", re.IGNORECASE)


@lru_cache(maxsize=256)
def counted_noun(question: str) -> str:
    """The stem of what a "Hur många X …?" question counts ("anställda" → "anställd"), or ""
    (no noun, or one with digits in it: "16–19-åringar")."""
    match = _COUNTED.search(question)
    if match is None or any(ch.isdigit() for ch in match.group("noun")):
        return ""
    stems = content_stems(match.group("noun"))
    return stems[0] if stems else ""


@lru_cache(maxsize=256)
def counted_words(question: str) -> tuple[str, ...]:
    """What a number in the answer must stand near: the counted noun and the question's other
    topic words, names aside (a number beside "Grästorp" says nothing of what it counts),
    also places typed in lower case ("… i västernorrland?": "sju kommuner i Västernorrlands
    län" counts no offices). Cached: every candidate sentence of a question is checked
    against the same words."""
    places = frozenset(stem(w) for p in named_places(question) for w in p.name.lower().split())
    common = " ".join(
        w
        for w in re.findall(r"[\w-]+", question)
        if not w[:1].isupper() and stem(w.lower()) not in places
    )
    return tuple(canonical([counted_noun(question), *content_stems(common, QUESTION_WORDS)]))


def counts(
    wanted: Sequence[str], sentence: str, counted: str = "", given: frozenset[str] = frozenset()
) -> bool:
    """Whether the sentence has a number next to what is counted: one of ``wanted``
    (:func:`canonical` stems; inflected,
    in a compound, misspelt or a synonym: matching.py) within a few words of it ("sju kommuner
    i länet" does not answer "Hur många anställda …?"; "87 individer inom målgrupp A" answers
    "Hur många personer ingår i målgrupp A?")."""
    stems = [w for w in wanted if w]
    for number in _counts_in(sentence, counted, given):
        have = _stems_near(sentence, number.start())
        if any(found(q, have) for q in stems):
            return True
    return False


def given_numbers(question: str) -> frozenset[str]:
    """The numbers a question gives itself ("Hur många av de 300 …?" → 300)."""
    return frozenset(_value(m.group()) for m in _CARDINAL.finditer(question))


def _value(number: str) -> str:
    return re.sub(r"\s", "", number).lower().lstrip("0")


def _counts_in(
    sentence: str, counted: str = "", given: frozenset[str] = frozenset()
) -> list[re.Match[str]]:
    """The cardinals of a sentence that count something: not a year, an age, a period, a
    frequency or an amount of money, unless that unit is what is ``counted`` (a stem); and
    none the question gives itself (``given``: "Hur många av de 300 har fått jobb?" is not
    answered by "300 av dem")."""
    out = []
    for m in _CARDINAL.finditer(sentence):
        if _value(m.group()) in given:
            continue
        unit = _MEASURE_AFTER.match(sentence[m.end() :])
        if unit is None or (counted and counted in content_stems(unit.group("unit"))):
            out.append(m)
    return out


# An address ("Gärdhemsvägen 9", "Box 611", "391 26 Kalmar") or premises ("i kommunhuset",
# "på kontoret", "lokalerna"), the latter only when the question does not name them itself.
_ADDRESS = re.compile(
    r"\b\w*(?:gatan|gatran|vägen|gränd|torget|allén|backen|stigen)\s+\d+\b"
    r"|\bBox\s+\d+|\b\d{3}\s?\d{2}\s+[A-ZÅÄÖ][a-zåäö]+"
)
_PREMISES = re.compile(
    r"\b(?:\w*hus(?:et)?|\w*kontor(?:et|en)?|lokal(?:en|er|erna)?|byggnad(?:en)?|reception(?:en)?"
    r"|kansli(?:et)?|\w*arena(?:n)?|\w*centr(?:um|et))\b",
    re.IGNORECASE,
)
# "i Kortedala", "på Hisingen", "vid Stortorget": a place named after its preposition.
_AT_NAME = re.compile(r"\b(?:i|på|vid)\s+(?P<name>[A-ZÅÄÖ][\w-]+)")


@lru_cache(maxsize=256)
def _question_words(question: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """The question's content stems and its words (lower case), read once for all the
    sentences a question's kind is checked in."""
    words = frozenset(w.lower() for w in re.findall(r"\w+", question))
    return tuple(content_stems(question)), words


def _names_place(sentence: str, question: str) -> bool:
    """Whether the sentence says where: an address, premises the question does not name, or a
    place named after "i", "på" or "vid" (no organisation's name, no word of the question). A
    kommun named as a party ("Vänersborgs kommun och Arbetsförmedlingen …") says no where."""
    if _ADDRESS.search(sentence):
        return True
    asked, asked_words = _question_words(question)
    for match in _PREMISES.finditer(sentence):
        # "arena" is named by "arenan", "kommunhuset" by "kommunhus"
        premises = match.group().lower()
        if not any(stem(premises) in q or (len(q) >= 4 and q in premises) for q in asked):
            return True
    return any(
        m.group("name").lower() not in asked_words and not _ORGANISATION_WORD.match(m.group("name"))
        for m in _AT_NAME.finditer(sentence)
    )


# A phone number ("063-14 31 17", "0480-45 00 00", "08-123 456 78") or an e-mail address.
_PHONE = re.compile(r"(?<![\d-])0\d{1,3}\s?[-–/]\s?\d{2,3}(?:\s?\d{2,3}){1,3}(?![\d-])")
_MAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_CONTACT = _any(_PHONE.pattern, _MAIL.pattern)
# The kinds one pattern in the sentence answers: an amount of money, a period, a quotation's
# speaker, a way to reach someone.
_FOUND_BY = {
    AnswerType.AMOUNT: _MONEY,
    AnswerType.DURATION: _PERIOD,
    AnswerType.SPEAKER: SAYS,
    AnswerType.CONTACT: _CONTACT,
}


_ASKS_MAIL = re.compile(r"\b(?:e-?post|mejl|mail)", re.IGNORECASE)
_ASKS_PHONE = re.compile(r"\b(?:telefon|fax|ring)|nummer\b", re.IGNORECASE)


def _found_by(answer_type: AnswerType, question: str) -> re.Pattern[str]:
    """The pattern that answers the kind; for a way to reach someone, the medium asked: an
    e-mail address for "Vilken e-postadress …?", a phone number for "Vilket nummer …?",
    either for "Hur når man …?"."""
    if answer_type is AnswerType.CONTACT:
        mail, phone = bool(_ASKS_MAIL.search(question)), bool(_ASKS_PHONE.search(question))
        if mail != phone:
            return _MAIL if mail else _PHONE
    return _FOUND_BY[answer_type]


def _tells_time(sentence: str, question: str) -> bool:
    """A time of the asked unit, of the asked event (:func:`tells_asked_event`)."""
    if not _TIME_ASKED.get(_time_unit(question), _POINT_IN_TIME).search(sentence):
        return False
    return tells_asked_event(sentence, question)


def tells_asked_event(sentence: str, question: str) -> bool:
    """Whether the sentence tells of the event the question asks the time of, when it names
    one ("Vilket datum beslutade fullmäktige …?" is not answered by "Fredagen 12 oktober
    invigdes …"); not when it asks which came first: each place's own time answers, however
    it is told."""
    asked = frozenset() if asks_order(question) else events(question)
    return not asked or bool(asked & events(sentence))


def satisfies(answer_type: AnswerType, sentence: str, question: str = "") -> bool:
    """Whether the sentence holds something of the asked kind (a necessary condition only).
    ``question`` says which kind of named place a NAMED question asks for, which kommuner a
    KOMMUNER question names itself, which unit of time a TIME question ("vilket datum"), and
    whose party a PARTY question."""
    if answer_type is AnswerType.NAMED:
        category = asked_category(question)
        if category is None:
            return _new_name(sentence, question)
        return _names(category, sentence)
    if answer_type is AnswerType.COUNT:
        given = given_numbers(question)
        if counted_noun(question):
            return counts(counted_words(question), sentence, counted_noun(question), given)
        return bool(_counts_in(sentence, given=given))
    if answer_type is AnswerType.TIME:
        return _tells_time(sentence, question)
    if answer_type is AnswerType.KOMMUNER:
        return bool(kommuner_named(sentence) - kommuner_named(question))
    if answer_type is AnswerType.PLACE:
        return _names_place(sentence, question)
    if answer_type is AnswerType.PARTY:
        return _party_of([name.split()[-1] for name in _asked_names(question)], sentence)
    if answer_type in _FOUND_BY:
        return bool(_found_by(answer_type, question).search(sentence))
    return any(_is_person(m, sentence) for m in _NAME.finditer(sentence))
