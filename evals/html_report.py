"""The self-contained HTML report: inline CSS and SVG charts, no scripts, nothing fetched."""

from __future__ import annotations

from html import escape
from typing import Any

from evals import svg
from evals.markdown import KIND_COLUMNS, LABELS, beside_rows, fmt, header_lines, shown_metrics
from evals.metrics import percentile

CSS = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#1a202c;max-width:1400px}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}
th,td{border:1px solid #cbd5e0;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#edf2f7}td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.fail td:first-child{border-left:4px solid #c53030}
tr.pass td:first-child{border-left:4px solid #38a169}
.fail-text{color:#c53030}.ok{color:#276749}.muted{color:#718096}
.charts{display:flex;flex-wrap:wrap;gap:2rem}
.answer{min-width:24rem;max-width:36rem}.q{max-width:18rem}.facts{max-width:16rem}ul{margin:0;padding-left:1.1rem}code{font-size:.8rem}
"""


def render_html(report: dict[str, Any]) -> str:
    """The whole report as one HTML page (Swedish content, English labels)."""
    title = f"Evaluation report: {report['set']['name']}"
    body = [
        f"<h1>{escape(title)}</h1>",
        "<ul>" + "".join(f"<li>{_md_code(line[2:])}</li>" for line in header_lines(report)),
        "</ul>",
        "<h2>Overall</h2>",
        _overall_table(report["metrics"]["overall"]),
        _beside(report) if "baseline" in report else "",
        "<h2>Charts</h2>",
        f'<div class="charts">{_charts(report)}</div>',
        "<h2>Per question kind</h2>",
        _group_table(report["metrics"]["by_kind"], "kind"),
        "<h2>Per kommun</h2>",
        _group_table(report["metrics"]["by_kommun"], "kommun"),
        "<h2>Questions</h2>",
        _items_table(report["items"]),
    ]
    return (
        '<!doctype html>\n<html lang="sv"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
        + "\n".join(body)
        + "</body></html>\n"
    )


def _md_code(text: str) -> str:
    """Escape, then turn `code` spans into <code>."""
    pieces = escape(text).split("`")
    return "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(pieces))


def _overall_table(overall: dict[str, Any]) -> str:
    rows = [f"<tr><th>items passed</th><td class=num>{overall['passed']} / {overall['n']}</td>"]
    rows += [
        f"<tr><th>{LABELS[k]}</th><td class=num>{fmt(overall[k], k)}</td></tr>"
        for k in shown_metrics(overall)
    ]
    return "<table>" + "".join(rows) + "</table>"


def _beside(report: dict[str, Any]) -> str:
    """The LLM run beside the extractive default: metrics, then the questions that moved."""
    from evals.compare import compare

    result = compare(report["baseline"], report)
    answerer = escape(report["config"].get("answerer", "LLM"))
    rows = "".join(
        f"<tr><th>{escape(label)}</th><td class=num>{base}</td><td class=num>{new}</td>"
        f"<td class='num{' fail-text' if worse else ''}'>{change}</td></tr>"
        for label, base, new, change, worse in beside_rows(report, result)
    )
    worse = "".join(
        f"<li class=fail-text><b>{escape(c.id)}</b>: {escape(c.question)} — "
        f"{escape('; '.join(c.why))}</li>"
        for c in result.worse
    )
    better = "".join(
        f"<li class=ok><b>{escape(c.id)}</b>: {escape('; '.join(c.why))}</li>"
        for c in result.better
    )
    return (
        "<h2>Beside the extractive default</h2>"
        f"<table><tr><th>metric</th><th>extractive</th><th>{answerer}</th><th>change</th></tr>"
        f"{rows}</table><p>Worse with {answerer} ({len(result.worse)}):</p><ul>{worse}</ul>"
        f"<p>Better with {answerer} ({len(result.better)}):</p><ul>{better}</ul>"
    )


def _group_table(groups: dict[str, dict[str, Any]], name: str) -> str:
    head = f"<tr><th>{name}</th><th>n</th>" + "".join(f"<th>{LABELS[k]}</th>" for k in KIND_COLUMNS)
    rows = [
        f"<tr><td>{escape(group)}</td><td class=num>{values['n']}</td>"
        + "".join(f"<td class=num>{fmt(values[k], k)}</td>" for k in KIND_COLUMNS)
        + "</tr>"
        for group, values in groups.items()
    ]
    return "<table>" + head + "</tr>" + "".join(rows) + "</table>"


def _charts(report: dict[str, Any]) -> str:
    by_kind = report["metrics"]["by_kind"]
    kinds = list(by_kind)
    shown = ("pass_rate", "key_fact_recall", "ndcg_at_10", "abstention_accuracy")
    per_kind = svg.bar_chart(
        kinds,
        [(LABELS[k], [by_kind[g][k] for g in kinds]) for k in shown],
        "Metrics per question kind",
    )
    items = report["items"]
    scores = svg.histogram(
        [i["score"] for i in items],
        [round(0.1 * b, 1) for b in range(11)],
        "Item score distribution",
    )
    latencies = [i["outcome"]["latency_ms"] for i in items if not i["outcome"]["error"]]
    latency = svg.histogram(latencies, _latency_edges(latencies), "Latency", " ms", svg.PALETTE[1])
    return per_kind + scores + latency


def _latency_edges(latencies: list[float]) -> list[float]:
    """About ten round-width bins from 0 to the slowest answer (outliers beyond p99 clipped)."""
    top = percentile(latencies, 99) or 1.0
    step = next(
        s for s in (10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10**9) if top / s <= 12
    )
    return [float(step * i) for i in range(int(top // step) + 2)]


def _items_table(items: list[dict[str, Any]]) -> str:
    head = (
        "<tr><th>id · kind</th><th>question</th><th>answer</th><th>cited sources</th>"
        "<th>expected sources</th><th>key facts</th><th>retrieval</th><th>result</th></tr>"
    )
    return "<table>" + head + "".join(_item_row(i) for i in items) + "</table>"


def _item_row(item: dict[str, Any]) -> str:
    out = item["outcome"]
    turns = "".join(f'<div class="muted">↳ {escape(t)}</div>' for t in item["history"])
    if item["history"] and not out["history_used"]:
        turns += '<div class="muted">(asked without the earlier turns)</div>'
    cited = set(out["cited"])
    sources = "".join(
        f"<li>[{s['n']}] <code>{escape(s['doc_id'])}</code>"
        f"{'' if s['n'] in cited else ' <span class=muted>(not cited)</span>'}</li>"
        for s in out["sources"]
    )
    facts = "".join(f"<li class=ok>✓ {escape(f)}</li>" for f in item["facts_found"]) + "".join(
        f"<li class=fail-text>✗ {escape(f)}</li>" for f in item["facts_missing"]
    )
    expected = "".join(f"<li><code>{escape(d)}</code></li>" for d in item["expected_sources"])
    verdict = "pass" if item["passed"] else "fail"
    reasons = "".join(f"<li>{escape(r)}</li>" for r in item["reasons"])
    kommun = f"<div class=muted>filter: {escape(', '.join(item['kommun_filter']))}</div>"
    return (
        f'<tr class="{verdict}"><td><code>{escape(item["id"])}</code><br>'
        f"<span class=muted>{escape(item['kind'])}</span></td>"
        f'<td class="q">{turns}{escape(item["question"])}'
        f"{kommun if item['kommun_filter'] else ''}</td>"
        f'<td class="answer">{"<em>(avstår)</em> " if out["abstained"] else ""}'
        f"{escape(out['answer'])}</td>"
        f"<td><ul>{sources}</ul></td><td><ul>{expected or '<li class=muted>none</li>'}</ul></td>"
        f'<td class="facts"><ul>{facts}</ul></td>'
        f"<td>{_retrieval_cell(item)}</td>"
        f'<td><b class="{"ok" if item["passed"] else "fail-text"}">{verdict}</b>'
        f"<ul>{reasons}</ul><span class=muted>{fmt(out['latency_ms'], '_ms')}</span></td></tr>"
    )


def _retrieval_cell(item: dict[str, Any]) -> str:
    ranked = "".join(
        f"<li>{'<b>' if d in item['expected_sources'] else ''}<code>{escape(d)}</code>"
        f"{'</b>' if d in item['expected_sources'] else ''}</li>"
        for d in item["outcome"]["retrieved"][:5]
    )
    if item["ndcg_at_10"] is None:
        return f"<ol>{ranked}</ol>"
    return f"<ol>{ranked}</ol><span class=muted>nDCG@10 {fmt(item['ndcg_at_10'])}</span>"
