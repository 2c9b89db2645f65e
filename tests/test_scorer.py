"""The fitted sentence scorer: the regression that fits it, the file it is read from."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant.answering.scorer import FEATURES, SCORER_FILE, load_scorer
from assistant.errors import ConfigError
from evals.fit_scorer import ItemRows, fit_logistic, left_out, ranking_share


def test_logistic_regression_recovers_the_weights_that_made_the_labels() -> None:
    rng = np.random.default_rng(7)
    x = rng.uniform(0, 1, size=(4000, 3))
    true = np.array([-2.0, 4.0, -3.0, 0.0])  # bias, then one weight per column
    p = 1 / (1 + np.exp(-(true[0] + x @ true[1:])))
    y = (rng.uniform(size=len(p)) < p).astype(float)
    w = fit_logistic(x, y, l2=1e-6)
    np.testing.assert_allclose(w, true, atol=0.35)
    assert fit_logistic(x, y, l2=1000.0)[1] < w[1]  # the penalty shrinks the weights


def test_ranking_share_counts_items_whose_best_candidate_holds_a_key_fact() -> None:
    w = np.array([0.0, 1.0])  # probability = sigmoid(x)
    right = ItemRows("a", True, np.array([[2.0], [-1.0]]), np.array([1.0, 0.0]))
    wrong = ItemRows("b", True, np.array([[2.0], [-1.0]]), np.array([0.0, 1.0]))
    unanswerable = ItemRows("u", False, np.array([[0.0]]), np.array([0.0]))
    assert ranking_share(w, [right, wrong, unanswerable]) == 0.5


def test_left_out_documents_are_ranked_by_weights_fitted_without_them() -> None:
    """Two documents whose positives differ in the same feature: each is ranked by the fit on
    the other, which carries over."""
    a = ItemRows("a", True, np.array([[0.9], [0.1]]), np.array([1.0, 0.0]), group="doc-a")
    b = ItemRows("b", True, np.array([[0.2], [0.8]]), np.array([0.0, 1.0]), group="doc-b")
    assert left_out([a, a, b, b], l2=0.1) == 1.0


def test_the_shipped_fitted_scorer_names_every_feature() -> None:
    fitted = json.loads(SCORER_FILE.read_text(encoding="utf-8"))
    assert set(fitted["weights"]) == set(FEATURES)
    scorer = load_scorer("fitted")
    assert scorer.name == "fitted" and len(scorer.weights) == len(FEATURES)
    assert fitted["fitted_on"] == "real_dev.yaml"  # never the held-out part


def test_a_broken_scorer_file_is_a_clear_error(tmp_path: Path) -> None:
    broken = tmp_path / "scorer.json"
    broken.write_text('{"bias": 0.1, "weights": {"coverage": 1.0}}', encoding="utf-8")
    with pytest.raises(ConfigError, match="fit-scorer --write"):
        load_scorer("fitted", broken)
