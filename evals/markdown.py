"""The Markdown summary of a run, and the metric labels and number formats every view shares."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from evals.scoring import LLM_METRIC_NAMES, METRIC_NAMES

if TYPE_CHECKING:
    from evals.compare import Comparison

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
    "llm_fallback_rate": "LLM fallback rate",
    "removed_citation_share": "citations removed by verification",
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
        f"- mode: `{cfg['mode']}` · embedder: `{cfg['embedder']}` · answerer: "
        f"`{cfg.get('answerer', 'extractive')}` · options: {options}",
    ]


def shown_metrics(overall: dict[str, Any]) -> list[str]:
    """Every metric of a run: the LLM ones only when the run had a language model."""
    return [*METRIC_NAMES, *(k for k in LLM_METRIC_NAMES if overall.get(k) is not None)]


def beside_rows(
    report: dict[str, Any], result: Comparison
) -> list[tuple[str, str, str, str, bool]]:
    """(label, extractive, LLM, change, worse) for each overall metric of a report that
    carries an extractive ``baseline`` run beside its LLM run; ``result`` compares the two."""
    base = report["baseline"]["metrics"]["overall"]
    deltas = {d.metric: d for d in result.deltas if d.group == "overall"}
    rows = []
    for k in shown_metrics(report["metrics"]["overall"]):
        d = deltas.get(k)
        change = "–" if d is None or d.change is None else f"{d.change:+.3f}"
        if k.endswith("_ms") and d is not None and d.change is not None:
            change = f"{d.change:+.0f} ms"
        worse = bool(d and d.worse)
        rows.append((LABELS[k], fmt(base.get(k), k), fmt(report["metrics"]["overall"][k], k),
                     change, worse))  # fmt: skip
    return rows


def fallback_note(report: dict[str, Any]) -> str | None:
    """With a model configured: how many answers were the extractive fallback instead of the
    model's, loudly when they are most of them (a model server that stopped during the run
    leaves a report of the extractive answerer under the model's name)."""
    if report["config"].get("answerer", "extractive") == "extractive":
        return None
    outcomes = [i["outcome"] for i in report["items"] if not i["outcome"].get("error")]
    fallbacks = sum(1 for o in outcomes if o.get("fallback"))
    if not fallbacks:
        return None
    note = (
        f"{fallbacks} of {len(outcomes)} answers are the extractive fallback, not the model's "
        "answer (the log says why for each)."
    )
    if 2 * fallbacks >= len(outcomes):
        note = (
            f"Warning: {note} This report mostly measures the extractive answerer: check the "
            "model server (did it stop during the run?) and run again."
        )
    return note


def render_markdown(report: dict[str, Any]) -> str:
    overall = report["metrics"]["overall"]
    lines = [f"# Evaluation report: {report['set']['name']}", "", *header_lines(report), ""]
    lines += ["## Overall", "", "| metric | value |", "|---|---|"]
    lines.append(f"| items passed | {overall['passed']} / {overall['n']} |")
    lines += [f"| {LABELS[k]} | {fmt(overall[k], k)} |" for k in shown_metrics(overall)]
    note = fallback_note(report)
    if note:
        lines += ["", f"**{note}**" if note.startswith("Warning") else note]
    if "baseline" in report:
        lines += ["", *beside_markdown(report)]
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


def beside_markdown(report: dict[str, Any]) -> list[str]:
    """The LLM run against the extractive default run on the same set, in one section."""
    from evals.compare import compare  # compare imports this module

    result = compare(report["baseline"], report)
    answerer = report["config"].get("answerer", "LLM")
    lines = [
        "## Beside the extractive default",
        "",
        f"The same set run twice: the extractive default and `{answerer}`.",
        "",
        f"| metric | extractive | {answerer} | change |",
        "|---|---|---|---|",
    ]
    for label, base, new, change, worse in beside_rows(report, result):
        shown = f"**{change}** ✗" if worse else change
        lines.append(f"| {label} | {base} | {new} | {shown} |")
    lines += ["", f"Questions worse with `{answerer}` ({len(result.worse)}):", ""]
    lines += [f"- **{c.id}**: {c.question} — {'; '.join(c.why)}" for c in result.worse] or [
        "- none"
    ]
    lines += ["", f"Questions better with `{answerer}` ({len(result.better)}):", ""]
    lines += [f"- **{c.id}**: {'; '.join(c.why)}" for c in result.better] or ["- none"]
    return lines
