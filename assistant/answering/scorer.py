"""How well a retrieved sentence answers the question, two ways.

- *relevance*, in [0, 1]: half how much of the question's topic words the sentence holds,
  half its e5 similarity to the question. The answerer abstains when no sentence that may
  answer reaches ``ASSISTANT_MIN_SUPPORT`` (0.5): whether the sources take up the question.
- *support*: which of the relevant sentences answers best, from the scorer
  ``ASSISTANT_SENTENCE_SCORER`` names:
  - ``fitted`` (default): a logistic regression over the features below, fitted on the dev
    part of the real evaluation set by ``python -m evals fit-scorer --write`` and kept in
    ``assistant/data/scorer.json``; it ranks, it does not decide whether to answer;
  - ``rule``: the relevance itself.

docs/evaluation.md ("The sentence scorer") has the weights and the figures they gave.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import ConfigError
from assistant.settings import ScorerName

if TYPE_CHECKING:
    from assistant.answering.passages import Scored

SCORER_FILE = Path(__file__).resolve().parent.parent / "data" / "scorer.json"

PRESS_TYPES = frozenset({"pressmeddelande", "nyhetsartikel", "webbsida"})
AGREEMENT_TYPES = frozenset({"överenskommelse", "bilaga"})

# Each feature is in [0, 1]; docs/evaluation.md ("The sentence scorer") says why each is here.
FEATURES = (
    "coverage",  # share of the question's topic stems in the sentence (and its context)
    "dense",  # e5 query–sentence cosine, placed in the embedder's band
    "coverage_x_dense",  # both at once
    "chunk_rank",  # 1 / (1 + rank of its chunk in the retrieval)
    "first_in_chunk",  # the chunk's first sentence (often a title or a lead)
    "lead_in",  # ends with ":" (announces a list)
    "length",  # words / 40, at most 1
    "own_place",  # its document is about a place the question names
    "national",  # a national text
    "press",  # a press release, news article or web page
    "agreement",  # an agreement or its annex
)


def features(s: Scored) -> list[float]:
    meta = s.chunk.meta
    n_words = len(s.sentence.split())
    return [
        s.coverage,
        s.dense,
        s.coverage * s.dense,
        1.0 / (1.0 + s.rank),
        float(s.position == 1),
        float(s.sentence.rstrip().endswith(":")),
        min(n_words / 40.0, 1.0),
        float(s.own_place),
        float(meta.national),
        float(meta.doc_type in PRESS_TYPES),
        float(meta.doc_type in AGREEMENT_TYPES),
    ]


def relevance(s: Scored) -> float:
    """Whether the sentence takes up the question: half topic coverage, half similarity."""
    return 0.5 * s.coverage + 0.5 * s.dense


@dataclass(frozen=True)
class SentenceScorer:
    name: ScorerName
    bias: float
    weights: tuple[float, ...]

    def support(self, s: Scored) -> float:
        """How well the sentence answers, to rank the relevant ones."""
        if self.name == "rule":
            return relevance(s)
        z = self.bias + sum(w * x for w, x in zip(self.weights, features(s), strict=True))
        return 1.0 / (1.0 + math.exp(-z))


RULE = SentenceScorer("rule", 0.0, ())


def load_scorer(name: ScorerName, path: Path = SCORER_FILE) -> SentenceScorer:
    """The scorer the settings name; ``fitted`` reads its weights from ``path``."""
    if name == "rule":
        return RULE
    try:
        fitted = json.loads(path.read_text(encoding="utf-8"))
        weights = tuple(float(fitted["weights"][f]) for f in FEATURES)
        return SentenceScorer("fitted", float(fitted["bias"]), weights)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError(
            f"Cannot read the fitted sentence scorer {path}: {exc}. Fit it again with "
            "`python -m evals fit-scorer --write`, or set ASSISTANT_SENTENCE_SCORER=rule"
        ) from exc
