"""Fit the extractive answerer's sentence scorer on an evaluation set (the dev part).

    python -m evals fit-scorer --set evals/sets/real_dev.yaml [--write]

For every item the chain retrieves as it would to answer, and the answerer scores every
sentence of the hits that may answer it, of the asked kind (assistant/answering/scorer.py
lists the features). A sentence is a positive when it contains one of the item's key facts
and stands in one of its gold documents; every sentence of an unanswerable item is a
negative. A logistic regression (L2-penalised, fitted by Newton's method) gives the weights.
The scorer ranks the sentences that take up the question; whether to answer at all is the
relevance gate's (``ASSISTANT_MIN_SUPPORT``), not the regression's. Reported: how often the
best-ranked sentence is a positive, on the items fitted and on documents left out of the fit
(cross-validated by gold document), beside the rule scorer. ``--write`` stores the weights in
assistant/data/scorer.json, which the answerer reads. The held-out parts are never passed here.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.answering.answer_types import AnswerType, kind_words
from assistant.answering.conversation import Turn
from assistant.answering.scorer import FEATURES, SCORER_FILE, features
from assistant.chain import ignored_words
from assistant.service import Assistant
from evals import metrics as m
from evals.evalset import EvalItem, load_set
from evals.runner import earlier_turn


@dataclass(frozen=True)
class ItemRows:
    item_id: str
    answerable: bool
    x: np.ndarray  # candidates × features
    y: np.ndarray  # 1: holds a key fact in a gold document
    group: str = ""  # its first gold document (cross-validation keeps a document's items apart)


def item_rows(assistant: Assistant, item: EvalItem) -> ItemRows:
    """The candidate sentences of one item, as the answerer sees them, with their labels."""
    history: list[Turn] = []
    for text in item.history:
        history.append(earlier_turn(assistant, text, item.kommun_filter, history))
    state = assistant.prepare.invoke(
        {"question": item.text, "kommun_filter": list(item.kommun_filter), "history": history}
    )
    question, asked = state["answer_question"], state["asked"]
    ignore = ignored_words(state) | kind_words(question)
    answerer = assistant.extractive
    scored = answerer.score(question, answerer.with_next_chunks(state["hits"]), ignore, asked)
    scored = answerer.candidates(scored, question, ignore, asked)
    wanted = answerer.expected(question, asked)
    if wanted is not None and wanted is not AnswerType.SPEAKER:
        scored = [s for s in scored if answerer.of_type(wanted, s, question)]
    gold = set(item.expected_sources)
    x = np.array([features(s) for s in scored]).reshape(len(scored), len(FEATURES))
    y = np.array(
        [
            item.answerable
            and s.chunk.doc_id in gold
            and any(m.fact_found(f, s.sentence) for f in item.key_facts)
            for s in scored
        ],
        dtype=float,
    )
    group = item.expected_sources[0] if item.expected_sources else item.id
    return ItemRows(item.id, item.answerable, x, y, group)


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 50) -> np.ndarray:
    """Weights [bias, w…] of an L2-penalised logistic regression (the bias unpenalised)."""
    xb = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(xb.shape[1])
    penalty = np.full(xb.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(xb @ w)))
        grad = xb.T @ (p - y) + penalty * w
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def probabilities(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    p: np.ndarray = 1.0 / (1.0 + np.exp(-(w[0] + x @ w[1:])))
    return p


def ranking_share(w: np.ndarray, rows: Sequence[ItemRows]) -> float:
    """Of the answerable items with a positive candidate, the share whose best is one."""
    have = [r for r in rows if r.answerable and r.y.any()]
    if not have:
        return 0.0
    return sum(bool(r.y[int(np.argmax(probabilities(w, r.x)))]) for r in have) / len(have)


def rule_weights() -> np.ndarray:
    """The rule scorer (half coverage, half similarity) as weights of the same form: its
    ranking is that of the linear score inside the logistic link."""
    w = np.zeros(len(FEATURES) + 1)
    w[1 + FEATURES.index("coverage")] = w[1 + FEATURES.index("dense")] = 0.5
    return w


def left_out(rows: Sequence[ItemRows], l2: float) -> float:
    """:func:`ranking_share` on each gold document's items, fitted on the other documents'
    (a check of how the weights carry over to documents they were not fitted on)."""
    groups = sorted({r.group for r in rows})
    hits = have = 0
    for group in groups:
        train = [r for r in rows if r.group != group and len(r.x)]
        test = [r for r in rows if r.group == group]
        w = fit_logistic(np.vstack([r.x for r in train]), np.concatenate([r.y for r in train]), l2)
        n = sum(1 for r in test if r.answerable and r.y.any())
        hits += round(ranking_share(w, test) * n)
        have += n
    return hits / have if have else 0.0


def fit(assistant: Assistant, set_path: Path, l2: float = 1.0) -> dict[str, Any]:
    rows = [item_rows(assistant, item) for item in load_set(set_path).items]
    x = np.vstack([r.x for r in rows if len(r.x)])
    y = np.concatenate([r.y for r in rows if len(r.x)])
    w = fit_logistic(x, y, l2)
    return {
        "fitted_on": set_path.name,
        "sentences": len(y),
        "positives": int(y.sum()),
        "l2": l2,
        "bias": round(float(w[0]), 4),
        "weights": {name: round(float(v), 4) for name, v in zip(FEATURES, w[1:], strict=True)},
        "best_sentence_is_positive": round(ranking_share(w, rows), 3),
        "best_sentence_is_positive_documents_left_out": round(left_out(rows, l2), 3),
        "rule_scorer_best_sentence_is_positive": round(ranking_share(rule_weights(), rows), 3),
    }


def write(fitted: dict[str, Any], path: Path = SCORER_FILE) -> None:
    path.write_text(json.dumps(fitted, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
