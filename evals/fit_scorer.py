"""Fit the extractive answerer's sentence scorer on an evaluation set (the dev part).

    python -m evals fit-scorer --set evals/sets/real_dev.yaml [--write]

For every item the chain retrieves as it would to answer, and the answerer scores every
sentence of the hits (assistant/answering/scorer.py lists the features). A sentence is a
positive when it contains one of the item's key facts and stands in one of its gold
documents; every sentence of an unanswerable item is a negative. A logistic regression
(L2-penalised, fitted by Newton's method) gives the weights; the abstention threshold is then
chosen on the same items: the value that gets most items right when an item counts as right
if its best candidate is a positive above the threshold (answerable) or no candidate reaches
it (unanswerable). ``--write`` stores weights and threshold in assistant/data/scorer.json,
which the answerer reads. The held-out part is never passed here.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.answering.answer_types import AnswerType, kind_words, satisfies
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
    scored = assistant.extractive.score(question, state["hits"], ignore, asked)
    wanted = assistant.extractive.expected(question, asked)
    if wanted is not None and wanted is not AnswerType.SPEAKER:
        scored = [s for s in scored if satisfies(wanted, s.sentence, question)]
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
    return ItemRows(item.id, item.answerable, x, y)


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


def choose_threshold(w: np.ndarray, rows: Sequence[ItemRows]) -> tuple[float, float]:
    """The threshold that gets most items right (see the module docstring), and that share."""
    best = (0.0, -1.0)
    for t in np.round(np.arange(0.02, 0.95, 0.01), 2):
        share = _right_share(w, rows, float(t))
        if share > best[1]:
            best = (float(t), share)
    return best


def ranking_share(w: np.ndarray, rows: Sequence[ItemRows]) -> float:
    """Of the answerable items with a positive candidate, the share whose best is one."""
    have = [r for r in rows if r.answerable and r.y.any()]
    if not have:
        return 0.0
    return sum(bool(r.y[int(np.argmax(probabilities(w, r.x)))]) for r in have) / len(have)


def rule_figures(rows: Sequence[ItemRows]) -> dict[str, float]:
    """The same two figures for the rule scorer (half coverage, half similarity; 0.5)."""
    w = np.zeros(len(FEATURES) + 1)
    w[1 + FEATURES.index("coverage")] = w[1 + FEATURES.index("dense")] = 0.5
    # The rule's support is linear: compare it through a logistic link of slope 50 around 0.5.
    w *= 50.0
    w[0] = -25.0
    return {
        "items_right_at_threshold": round(_right_share(w, rows, 0.5), 3),
        "best_sentence_is_positive": round(ranking_share(w, rows), 3),
    }


def _right_share(w: np.ndarray, rows: Sequence[ItemRows], t: float) -> float:
    right = 0
    for r in rows:
        p = probabilities(w, r.x) if len(r.x) else np.zeros(0)
        top = int(np.argmax(p)) if len(p) else -1
        above = top >= 0 and p[top] >= t
        right += (above and bool(r.y[top])) if r.answerable else not above
    return right / len(rows)


def cross_validated(rows: Sequence[ItemRows], l2: float, folds: int = 5) -> dict[str, float]:
    """The two figures on items left out of the fit, k folds by item (a check of overfitting
    within the dev part)."""
    right = ranked = 0.0
    for k in range(folds):
        train = [r for i, r in enumerate(rows) if i % folds != k and len(r.x)]
        test = [r for i, r in enumerate(rows) if i % folds == k]
        w = fit_logistic(np.vstack([r.x for r in train]), np.concatenate([r.y for r in train]), l2)
        t, _ = choose_threshold(w, train)
        right += _right_share(w, test, t) * len(test)
        have = [r for r in test if r.answerable and r.y.any()]
        ranked += ranking_share(w, test) * len(have)
    answerable = sum(1 for r in rows if r.answerable and r.y.any())
    return {
        "items_right_at_threshold": round(right / len(rows), 3),
        "best_sentence_is_positive": round(ranked / answerable, 3),
    }


def fit(assistant: Assistant, set_path: Path, l2: float = 1.0) -> dict[str, Any]:
    rows = [item_rows(assistant, item) for item in load_set(set_path).items]
    x = np.vstack([r.x for r in rows if len(r.x)])
    y = np.concatenate([r.y for r in rows if len(r.x)])
    w = fit_logistic(x, y, l2)
    threshold, right = choose_threshold(w, rows)
    return {
        "fitted_on": set_path.name,
        "sentences": len(y),
        "positives": int(y.sum()),
        "l2": l2,
        "bias": round(float(w[0]), 4),
        "weights": {name: round(float(v), 4) for name, v in zip(FEATURES, w[1:], strict=True)},
        "min_support": threshold,
        "items_right_at_threshold": round(right, 3),
        "best_sentence_is_positive": round(ranking_share(w, rows), 3),
        "cross_validated": cross_validated(rows, l2),
        "rule_scorer": rule_figures(rows),
    }


def write(fitted: dict[str, Any], path: Path = SCORER_FILE) -> None:
    path.write_text(json.dumps(fitted, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
