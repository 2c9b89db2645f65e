"""Comparing two runs: metric deltas and the questions that got worse (or better)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Any

from evals.markdown import LABELS, fmt
from evals.scoring import LLM_METRIC_NAMES, LOWER_IS_BETTER, METRIC_NAMES

RED, GREEN, BOLD, RESET = "\033[31m", "\033[32m", "\033[1m", "\033[0m"
_EPS = 1e-9


@dataclass(frozen=True)
class Delta:
    group: str  # "overall" or a question kind
    metric: str
    old: float | None
    new: float | None

    @property
    def change(self) -> float | None:
        return None if self.old is None or self.new is None else self.new - self.old

    @property
    def worse(self) -> bool:
        change = self.change
        if change is None or abs(change) < _EPS:
            return False
        return change > 0 if self.metric in LOWER_IS_BETTER else change < 0


@dataclass(frozen=True)
class ItemChange:
    id: str
    question: str
    why: list[str]
    reasons_now: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Comparison:
    deltas: list[Delta]
    worse: list[ItemChange]
    better: list[ItemChange]
    only_old: list[str]
    only_new: list[str]


def compare(old: dict[str, Any], new: dict[str, Any]) -> Comparison:
    deltas = [
        Delta("overall", k, old["metrics"]["overall"].get(k), v)
        for k, v in new["metrics"]["overall"].items()
        if k in METRIC_NAMES or k in LLM_METRIC_NAMES
    ]
    for kind, values in new["metrics"]["by_kind"].items():
        before = old["metrics"]["by_kind"].get(kind, {})
        deltas += [Delta(kind, k, before.get(k), values.get(k)) for k in METRIC_NAMES]
    olds = {i["id"]: i for i in old["items"]}
    news = {i["id"]: i for i in new["items"]}
    worse, better = [], []
    for item_id in (i for i in news if i in olds):
        a, b = olds[item_id], news[item_id]
        down, up = _item_changes(a, b)
        if down:
            worse.append(ItemChange(item_id, b["question"], down + up, b["reasons"]))
        elif up:
            better.append(ItemChange(item_id, b["question"], up))
    return Comparison(
        deltas=deltas,
        worse=worse,
        better=better,
        only_old=[i for i in olds if i not in news],
        only_new=[i for i in news if i not in olds],
    )


def _item_changes(a: dict[str, Any], b: dict[str, Any]) -> tuple[list[str], list[str]]:
    """What got worse and what got better for one question between two runs."""
    down: list[str] = []
    up: list[str] = []
    if a["passed"] != b["passed"]:
        (up if b["passed"] else down).append("pass → fail" if a["passed"] else "fail → pass")
    for key, label in (("score", "score"), ("ndcg_at_10", "nDCG@10")):
        x, y = a.get(key), b.get(key)
        if x is not None and y is not None and abs(y - x) > _EPS:
            (down if y < x else up).append(f"{label} {x:.2f} → {y:.2f}")
    lost = [f for f in b["facts_missing"] if f in a["facts_found"]]
    if lost:
        down.append("lost key facts: " + "; ".join(lost))
    gained = [f for f in b["facts_found"] if f in a["facts_missing"]]
    if gained:
        up.append("gained key facts: " + "; ".join(gained))
    if a["outcome"]["abstained"] != b["outcome"]["abstained"]:
        now = "abstains now" if b["outcome"]["abstained"] else "answers now"
        (up if b["answerable"] != b["outcome"]["abstained"] else down).append(now)
    return down, up


def render_terminal(result: Comparison, color: bool) -> str:
    def paint(text: str, code: str) -> str:
        return f"{code}{text}{RESET}" if color else text

    lines = [paint("Metric deltas (new − old)", BOLD)]
    lines.append(f"{'group':<16}{'metric':<24}{'old':>10}{'new':>10}{'delta':>11}")
    for d in result.deltas:
        moved = d.change is not None and abs(d.change) >= _EPS
        if d.group != "overall" and (not moved or d.metric.endswith("_ms")):
            continue  # per kind: only quality metrics that moved (latency there is noise)
        change = "–" if d.change is None else f"{d.change:+.3f}"
        if d.metric.endswith("_ms") and d.change is not None:
            change = f"{d.change:+.0f} ms"
        row = f"{d.group:<16}{LABELS[d.metric]:<24}{fmt(d.old, d.metric):>10}"
        row += f"{fmt(d.new, d.metric):>10}{change:>11}"
        lines.append(paint(row, RED) if d.worse else row)
    lines += ["", paint(f"Questions that got worse: {len(result.worse)}", BOLD)]
    for c in result.worse:
        lines.append(paint(f"  ✗ {c.id}: {c.question}", RED))
        lines += [f"      {w}" for w in c.why]
        lines += [f"      now: {r}" for r in c.reasons_now]
    lines += ["", paint(f"Questions that got better: {len(result.better)}", BOLD)]
    for c in result.better:
        lines.append(paint(f"  ✓ {c.id}: {c.question}", GREEN) + f"  ({'; '.join(c.why)})")
    if result.only_old or result.only_new:
        lines += ["", f"only in old: {', '.join(result.only_old) or '–'}"]
        lines.append(f"only in new: {', '.join(result.only_new) or '–'}")
    return "\n".join(lines)


def render_html(result: Comparison, old_name: str, new_name: str) -> str:
    rows = "".join(
        f"<tr{' class=worse' if d.worse else ''}><td>{escape(d.group)}</td>"
        f"<td>{LABELS[d.metric]}</td><td>{fmt(d.old, d.metric)}</td><td>{fmt(d.new, d.metric)}</td>"
        f"<td>{'–' if d.change is None else f'{d.change:+.3f}'}</td></tr>"
        for d in result.deltas
        if d.group == "overall" or (d.change is not None and abs(d.change) >= _EPS)
    )
    worse = "".join(
        f"<li><b>{escape(c.id)}</b>: {escape(c.question)}<br>{escape('; '.join(c.why))}</li>"
        for c in result.worse
    )
    better = "".join(
        f"<li><b>{escape(c.id)}</b>: {escape('; '.join(c.why))}</li>" for c in result.better
    )
    style = (
        "body{font-family:system-ui,sans-serif;margin:2rem}td,th{border:1px solid #ccc;"
        "padding:.25rem .5rem}table{border-collapse:collapse}.worse td{color:#c53030}"
    )
    return (
        f'<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>compare</title>'
        f"<style>{style}</style></head><body><h1>{escape(old_name)} → {escape(new_name)}</h1>"
        "<table><tr><th>group</th><th>metric</th><th>old</th><th>new</th><th>delta</th></tr>"
        f"{rows}</table><h2>Worse ({len(result.worse)})</h2><ul>{worse}</ul>"
        f"<h2>Better ({len(result.better)})</h2><ul>{better}</ul></body></html>\n"
    )
