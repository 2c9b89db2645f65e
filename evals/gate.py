"""The regression gate: a run's metrics against the thresholds committed in thresholds.yaml.

    set: corpus_sv                # the evaluation set the thresholds were measured on
    overall:
      key_fact_recall: {min: 0.80}
      latency_p95_ms: {max: 2000}
    by_kind:
      unanswerable:
        abstention_accuracy: {min: 1.0}

Thresholds are set from measured runs (docs/evaluation.md) and only ever raised.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from evals.evalset import KINDS
from evals.markdown import LABELS, fmt
from evals.scoring import METRIC_NAMES

DEFAULT_THRESHOLDS = Path(__file__).resolve().parent / "thresholds.yaml"


class ThresholdsError(Exception):
    """thresholds.yaml cannot be read or names an unknown metric or bound."""


def load_thresholds(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ThresholdsError(f"{path}: cannot read thresholds ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("set"), str):
        raise ThresholdsError(f"{path}: expected a mapping with 'set' and 'overall'/'by_kind'")
    for group, bounds in _groups(data):
        for metric, bound in bounds.items():
            where = f"{path}: {group}.{metric}"
            if metric not in METRIC_NAMES:
                raise ThresholdsError(f"{where}: unknown metric; known: {', '.join(METRIC_NAMES)}")
            if not isinstance(bound, dict) or not set(bound) <= {"min", "max"} or not bound:
                raise ThresholdsError(f"{where}: give {{min: x}} and/or {{max: y}}")
    unknown = set(data.get("by_kind") or {}) - set(KINDS)
    if unknown:
        raise ThresholdsError(f"{path}: unknown kind(s) {', '.join(sorted(unknown))}")
    return data


def _groups(data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    groups = [("overall", data.get("overall") or {})]
    groups += [(f"by_kind.{k}", v or {}) for k, v in (data.get("by_kind") or {}).items()]
    return groups


def check_gate(report: dict[str, Any], thresholds: dict[str, Any]) -> list[str]:
    """Every threshold the report misses, as a sentence; empty when the gate passes."""
    failures: list[str] = []
    if report["set"]["name"] != thresholds["set"]:
        failures.append(
            f"the report is of set {report['set']['name']!r}, the thresholds are for "
            f"{thresholds['set']!r}"
        )
    metrics = report["metrics"]
    for group, bounds in _groups(thresholds):
        values = metrics["overall"] if group == "overall" else metrics["by_kind"].get(group[8:])
        if values is None:
            failures.append(f"{group}: no items of this kind in the report")
            continue
        for metric, bound in bounds.items():
            failures += _check(group, metric, values.get(metric), bound)
    return failures


def _check(group: str, metric: str, value: float | None, bound: dict[str, float]) -> list[str]:
    label = f"{group} {LABELS[metric]}"
    if value is None:
        return [f"{label}: not measured in this run"]
    out = []
    if "min" in bound and value < bound["min"]:
        out.append(f"{label} = {fmt(value, metric)}, below the minimum {fmt(bound['min'], metric)}")
    if "max" in bound and value > bound["max"]:
        out.append(f"{label} = {fmt(value, metric)}, above the maximum {fmt(bound['max'], metric)}")
    return out
