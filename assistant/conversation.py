"""Follow-up questions: carry the kommun and topic of earlier turns into a standalone query.

Extractive mode uses a rule (a question that names no kommun inherits the previous turn's,
and one that leans on earlier turns — "dem", "där", few topic words — gets the previous
question's words added for retrieval). With a language model the question is rewritten by
the model, and the rule is the fallback.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.generation import GenerationError, Generator, complete
from assistant.prompt import rewrite_messages
from assistant.scoping import named_kommuner
from assistant.swedish import QUESTION_WORDS, content_stems, words

log = logging.getLogger(__name__)

ANAPHORA = frozenset(
    "dem de dessa det detta denna där dit samma deras dess också då sådana dessutom".split()
)


@dataclass(frozen=True)
class Turn:
    question: str
    kommuner: tuple[str, ...] = ()


@dataclass(frozen=True)
class Standalone:
    query: str  # what retrieval searches for
    question: str  # what the answerer answers
    kommuner: tuple[str, ...]  # inherited scope, when the question names none


def leans_on_context(question: str) -> bool:
    topic = content_stems(question, QUESTION_WORDS)
    return len(topic) <= 2 or bool(ANAPHORA & set(words(question)))


def contextualise(
    question: str, history: Sequence[Turn], generator: Generator | None = None
) -> Standalone:
    """The question as it should be searched and answered, given the earlier turns."""
    if not history or named_kommuner(question):
        return Standalone(question, question, ())
    previous = history[-1]
    if not leans_on_context(question):
        return Standalone(question, question, previous.kommuner)
    if generator is not None:
        try:
            rewritten = complete(
                generator, rewrite_messages([t.question for t in history], question)
            )
            rewritten = " ".join(rewritten.split())[:500]
            if rewritten:
                return Standalone(rewritten, rewritten, previous.kommuner)
        except GenerationError as exc:
            log.warning("question rewrite failed, using the rule: %s", exc)
    query = f"{question} {previous.question}"
    # An elliptic question ("Och i Uppsala?", "Men för unga?") has no topic of its own or only
    # adds to the previous one: answer the combined one. "Vilka insatser finns för dem?" has
    # its own topic and is answered as asked (searched with the previous question's words).
    first = words(question)[:1]
    elliptic = not content_stems(question, QUESTION_WORDS) or first in (["och"], ["men"], ["än"])
    return Standalone(query, query if elliptic else question, previous.kommuner)
