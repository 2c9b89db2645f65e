"""Follow-up questions: carry the kommun and topic of earlier turns into a standalone query.

Extractive mode uses a rule: a question that names no kommun inherits the previous turn's,
unless it asks about kommuner in general ("… kommunerna …", "… i Sverige …");
one that leans on earlier turns — "dem", "där", "hon", few topic words — gets the previous
question's words added for retrieval; an elliptic one ("Och i Uppsala?") is the previous
question asked again, about the kommun it names now. With a language model the question is
rewritten by the model, and the rule is the fallback.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answering.answer_types import people_named
from assistant.answering.generation import GenerationError, Generator, complete
from assistant.answering.prompt import rewrite_messages
from assistant.records import Answer
from assistant.scope.scoping import named_kommuner, named_places
from assistant.swedish import QUESTION_WORDS, content_stems, words

log = logging.getLogger(__name__)

ANAPHORA = frozenset(
    "dem de dessa det detta denna där dit samma deras dess också då sådana dessutom".split()
)
# Words that ask about the earlier turn's topic in another place ("Finns det något liknande i
# Tierp?", "Har Tibro samma sak?"): the question names its place but not its topic.
LIKE_BEFORE = frozenset("liknande samma motsvarande sådan sådant sådana likadan likadant".split())
# A person named in an earlier turn: the question cannot be answered without that turn's words.
PERSONAL_PRONOUNS = frozenset("han hon honom henne hans hennes".split())


@dataclass(frozen=True)
class Turn:
    question: str
    kommuner: tuple[str, ...] = ()
    people: tuple[str, ...] = ()  # whom its answer named: "han", "hon" in the next turn
    documents: tuple[str, ...] = ()  # the documents its answer cited: what "den", "det" are in

    @classmethod
    def of(cls, question: str, answer: Answer) -> Turn:
        """The turn as a later question may lean on it: its scope, the people named and the
        documents cited."""
        if answer.abstained:
            return cls(question, answer.kommuner)
        documents = tuple(dict.fromkeys(s.doc_id for s in answer.sources))
        return cls(question, answer.kommuner, people_named(answer.text), documents)


@dataclass(frozen=True)
class Standalone:
    query: str  # what retrieval searches for
    question: str  # what the answerer answers
    kommuner: tuple[str, ...]  # inherited scope, when the question names none
    asked: str = ""  # the question as typed, when ``question`` adds an earlier turn's words
    earlier: tuple[str, ...] = ()  # the documents the earlier answer cited, when it leans on it


# "de 271 kommunerna", "det första året": an article before a number or ordinal points at
# nothing earlier.
_ARTICLE = re.compile(
    r"\b(?:de|den|det|dessa|denna)\s+(?=\d|(?:första|andra|tredje|två|tre|fyra|fem)\b)",
    re.IGNORECASE,
)


def pointing_words(question: str) -> set[str]:
    """The question's words, without articles that only introduce a number ("de 271
    kommunerna"): what is left of "de", "det", "dessa" … points back."""
    return set(words(_ARTICLE.sub(" ", question)))


def leans_on_context(question: str) -> bool:
    topic = content_stems(question, QUESTION_WORDS)
    return len(topic) <= 2 or bool((ANAPHORA | PERSONAL_PRONOUNS) & pointing_words(question))


def is_elliptic(question: str, kommuner: Sequence[str] = ()) -> bool:
    """No topic of its own besides the kommuner it names ("Och i Uppsala?"), or it only adds
    to the previous question ("Men för unga?")."""
    names = frozenset(w.lower() for name in kommuner for w in name.split())
    first = words(question)[:1]
    return not content_stems(question, QUESTION_WORDS | names) or first in (
        ["och"],
        ["men"],
        ["än"],
    )


def without_places(question: str) -> str:
    """The question with the kommuner, regions and bodies it names taken out."""
    for name in [*named_kommuner(question), *(p.name for p in named_places(question))]:
        question = re.sub(rf"\b{re.escape(name)}s?\b", " ", question, flags=re.IGNORECASE)
    return " ".join(question.split())


def rewrite_keeps_scope(rewritten: str, own: Sequence[str], history: Sequence[Turn]) -> bool:
    """Whether a model's standalone question is about the kommuner asked about: exactly those
    the question names ("Och i Sala?" after Heby is about Sala, not Heby and Sala), or, when
    it names none, only kommuner of the conversation."""
    named = set(named_kommuner(rewritten))
    if own:
        return named == set(own)
    earlier = {k for turn in history for k in (*turn.kommuner, *named_kommuner(turn.question))}
    return named <= earlier


def contextualise(
    question: str, history: Sequence[Turn], generator: Generator | None = None
) -> Standalone:
    """The question as it should be searched and answered, given the earlier turns."""
    if not history:
        return Standalone(question, question, ())
    previous = history[-1]
    own = named_kommuner(question)
    # A place of its own (a kommun, region or förbund): the question is about it, not the
    # earlier turn's places; unless it only adds to the earlier question ("Och i Sjuhärad då?")
    # or asks for the same thing there ("Finns det något liknande i Tierp?").
    places = [p.name for p in named_places(question)]
    refers_back = is_elliptic(question, places) or bool(LIKE_BEFORE & set(words(question)))
    if places and not refers_back:
        return Standalone(question, question, ())
    if not places and asks_generally(question, previous.kommuner):
        return Standalone(question, question, ())
    # A question with no place of its own goes on in the earlier answer's documents
    # ("Och vilket år kom verksamheten igång?"): the chain looks there when the others do not
    # answer.
    earlier = () if places else previous.documents
    if not places and not leans_on_context(question):
        return Standalone(question, question, previous.kommuner, earlier=earlier)
    inherited = () if places else previous.kommuner
    if generator is not None:
        try:
            rewritten = complete(
                generator, rewrite_messages([t.question for t in history], question)
            )
            rewritten = " ".join(rewritten.split())[:500]
            if rewritten:
                if rewrite_keeps_scope(rewritten, own, history):
                    return Standalone(rewritten, rewritten, inherited, earlier=earlier)
                log.warning(
                    "question rewrite %r changes the kommuner asked about; using the rule",
                    rewritten,
                )
        except GenerationError as exc:
            log.warning("question rewrite failed, using the rule: %s", exc)
    # "Och i Uppsala?" after a question about Heby: the earlier question without Heby.
    query = f"{question} {_earlier_words(question, previous, bool(places))}"
    # An elliptic question has no topic of its own, "Finns det något liknande i Tierp?"
    # only points at the earlier one's, and "Vilket parti representerar hon?" has none that
    # reaches the sentence about her: answer the combined question. "Vilka insatser finns för
    # dem?" has its own topic and is answered as asked (searched with the previous
    # question's words).
    pointing = bool((PERSONAL_PRONOUNS | LIKE_BEFORE) & set(words(question)))
    if not (refers_back or pointing):
        return Standalone(query, question, inherited, earlier=earlier)
    # "Och vilka ska de anställa framöver?" adds to the earlier question but asks a question of
    # its own: the answerer weighs its own words first (``asked``). A fragment ("Och för
    # regionen då?") or a pointer ("… hon?", "… något liknande …") is the earlier question.
    asked = question if asks_itself(question) else ""
    return Standalone(query, query, inherited, asked, earlier)


def _earlier_words(question: str, previous: Turn, own_place: bool) -> str:
    """What the earlier turn adds to a question leaning on it: its question ("Och i Uppsala?"
    after Heby: without Heby), and for "han" or "hon" whom its answer named first (its best
    sentence comes first)."""
    earlier = without_places(previous.question) if own_place else previous.question
    if PERSONAL_PRONOUNS & set(words(question)) and previous.people:
        return f"{earlier} {previous.people[0]}"
    return earlier


# Words that ask about the country, not a kommun: "Finns det något lagkrav i Sverige …?".
NATIONWIDE = frozenset("sverige sveriges landet landets riket rikets nationellt".split())
KOMMUNER = frozenset({"kommuner", "kommunerna", "kommunernas"})
# … and words that point back at the earlier turn ("Och vilken nationell överenskommelse
# utgår den från?"); the "det" of "Finns det …?" points at nothing.
POINTING = (ANAPHORA - {"det"}) | PERSONAL_PRONOUNS | {"och", "men"}


def asks_generally(question: str, earlier: Sequence[str]) -> bool:
    """Whether a question naming no place asks about kommuner in general, not the earlier
    turn's: it names the country ("i Sverige", "nationellt", "landets"), or "kommuner" /
    "kommunerna" after a turn about at most one kommun (after two, "kommunerna" may be
    them); and nothing in it points back."""
    said = words(question)
    if pointing_words(question) & POINTING:
        return False
    if set(said) & NATIONWIDE or {"alla", "kommuner"} <= set(said):
        return True
    return bool(set(said) & KOMMUNER) and len(earlier) <= 1


_ASKING = frozenset("vilka vilken vilket vad hur när var varför vem vems".split())


def asks_itself(question: str) -> bool:
    """Whether a follow-up is a question of its own: a question word and a topic word, and no
    pronoun or "liknande" pointing back at the earlier one."""
    said = set(words(question))
    return (
        bool(_ASKING & said)
        and bool(content_stems(question, QUESTION_WORDS))
        and not (PERSONAL_PRONOUNS | LIKE_BEFORE) & said
    )
