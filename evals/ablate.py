"""``python -m evals ablate``: each expected-answer-type rule switched off in turn.

The set is run once with every rule in force and once per rule with that rule off
(``answer_types_off``: its questions are answered as open ones), all on one store. A rule
pays when switching it off loses more items than it gains; the table says how many of the
set's questions the rule types, and which items changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from assistant.answering.answer_types import AnswerType, expected_type
from assistant.index.embeddings import Embedder, make_embedder
from evals.runner import build_settings, evaluate

METRICS = ("pass_rate", "key_fact_recall", "abstention_accuracy", "false_abstention_rate")


def ablate(
    set_path: Path,
    out_dir: Path,
    options: Mapping[str, str],
    reuse_store: bool = False,
    progress: bool = False,
    embedder: Embedder | None = None,
) -> dict[str, Any]:
    """Run the set with all rules, then with each rule off; the figures and changed items."""
    settings, _ = build_settings(options, out_dir / "store")
    embedder = embedder or make_embedder(settings)
    full = evaluate(set_path, out_dir, options, embedder, progress, reuse_store=reuse_store)
    passed = {item["id"]: item["passed"] for item in full["items"]}
    rows: list[dict[str, Any]] = []
    for answer_type in AnswerType:
        typed = [i["id"] for i in full["items"] if expected_type(i["question"]) is answer_type]
        if not typed:
            rows.append({"off": answer_type.value, "typed": 0})
            continue
        off = {**options, "answer_types_off": answer_type.value}
        run = evaluate(set_path, out_dir, off, embedder, progress, reuse_store=True)
        now = {item["id"]: item["passed"] for item in run["items"]}
        rows.append(
            {
                "off": answer_type.value,
                "typed": len(typed),
                **{m: run["metrics"]["overall"][m] for m in METRICS},
                "gained": sorted(i for i in now if now[i] and not passed[i]),
                "lost": sorted(i for i in now if passed[i] and not now[i]),
            }
        )
    return {
        "set": full["set"],
        "git": full["config"]["git"],
        "all_rules": {m: full["metrics"]["overall"][m] for m in METRICS},
        "rows": rows,
    }


def render(result: dict[str, Any]) -> str:
    """A Markdown table: each rule off, its figures and what it changed against all rules."""
    base = result["all_rules"]
    lines = [
        f"{result['set']['name']} ({result['set']['items']} items, {result['git']}): "
        f"all rules pass {base['pass_rate']:.3f}, key-fact recall "
        f"{base['key_fact_recall']:.3f}, abstention {base['abstention_accuracy']:.3f}, "
        f"false abstentions {base['false_abstention_rate']:.3f}",
        "",
        "| rule off | questions typed | pass (Δ) | key-fact recall | abstention | false abst. "
        "| items gained / lost |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in result["rows"]:
        if not row["typed"]:
            lines.append(f"| {row['off']} | 0 | – | – | – | – | – |")
            continue
        delta = row["pass_rate"] - base["pass_rate"]
        changed = f"+{len(row['gained'])} / −{len(row['lost'])}"
        lines.append(
            f"| {row['off']} | {row['typed']} | {row['pass_rate']:.3f} ({delta:+.3f}) | "
            f"{row['key_fact_recall']:.3f} | {row['abstention_accuracy']:.3f} | "
            f"{row['false_abstention_rate']:.3f} | {changed} |"
        )
    return "\n".join(lines)
