"""The Markdown summary of a run, and the metric labels and number formats every view shares."""

from __future__ import annotations

from typing import Any

from evals.scoring import METRIC_NAMES

LABELS = {
    "pass_rate": "pass rate",
    "hit_at_1": "hit@1",
    "hit_at_5": "hit@5",
    "mrr": "MRR",
    "ndcg_at_10": "nDCG@10",
    "key_fact_recall": "key-fact recall",
    "citation_precision": "citation precision",
    "citation_validity": "citation validity",
    "abstention_accuracy": "abstention accuracy",
    "false_abstention_rate": "false-abstention rate",
    "latency_p50_ms": "latency p50",
    "latency_p95_ms": "latency p95",
}
KIND_COLUMNS = (
    "pass_rate",
    "key_fact_recall",
    "ndcg_at_10",
    "hit_at_1",
    "citation_precision",
    "abstention_accuracy",
    "false_abstention_rate",
    "latency_p50_ms",
)


def fmt(value: Any, metric: str = "") -> str:
    """A metric value for people: 3 decimals, milliseconds without decimals, "–" for none."""
    if value is None:
        return "–"
    if metric.endswith("_ms"):
        return f"{value:.0f} ms"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def header_lines(report: dict[str, Any]) -> list[str]:
    cfg, s = report["config"], report["set"]
    options = " ".join(f"{k}={v}" for k, v in cfg.get("options", {}).items()) or "none"
    return [
        f"- set: `{s['name']}` ({s['items']} items, `{s['path']}`)",
        f"- commit: `{cfg.get('git') or 'unknown'}` · created {report['created_at']}"
        f" · {report['duration_s']} s",
        f"- mode: `{cfg['mode']}` · embedder: `{cfg['embedder']}` · options: {options}",
    ]


def render_markdown(report: dict[str, Any]) -> str:
    overall = report["metrics"]["overall"]
    lines = [f"# Evaluation report: {report['set']['name']}", "", *header_lines(report), ""]
    lines += ["## Overall", "", "| metric | value |", "|---|---|"]
    lines.append(f"| items passed | {overall['passed']} / {overall['n']} |")
    lines += [f"| {LABELS[k]} | {fmt(overall[k], k)} |" for k in METRIC_NAMES]
    lines += ["", "## Per question kind", ""]
    lines += metric_table(report["metrics"]["by_kind"], "kind")
    lines += ["", "## Per kommun", ""]
    lines += metric_table(report["metrics"]["by_kommun"], "kommun")
    failed = [i for i in report["items"] if not i["passed"]]
    lines += ["", f"## Failed items ({len(failed)})", ""]
    for item in failed:
        lines.append(f"- **{item['id']}** ({item['kind']}): {item['question']}")
        lines += [f"  - {reason}" for reason in item["reasons"]]
    return "\n".join(lines) + "\n"


def metric_table(groups: dict[str, dict[str, Any]], name: str) -> list[str]:
    head = f"| {name} | n | " + " | ".join(LABELS[k] for k in KIND_COLUMNS) + " |"
    rows = [head, "|---" * (len(KIND_COLUMNS) + 2) + "|"]
    for group, values in groups.items():
        cells = " | ".join(fmt(values[k], k) for k in KIND_COLUMNS)
        rows.append(f"| {group} | {values['n']} | {cells} |")
    return rows
