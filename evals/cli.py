"""``python -m evals``: run evaluation sets, compare runs, gate CI, run the SweFAQ benchmark.

    python -m evals run [--set PATH] [--out DIR] [--set-option key=value …] [--beside-extractive]
                        [--reuse-store]
    python -m evals compare OLD.json NEW.json [--html OUT.html] [--fail-on-worse]
    python -m evals gate [--report report.json] [--thresholds evals/thresholds.yaml]
    python -m evals swefaq PATH [--mode hybrid|dense|lexical|chars|all] [--out result.json]
    python -m evals feedback export --out FILE [--force]
    python -m evals fit-scorer [--set PATH] [--l2 X] [--write]
    python -m evals ablate [--set PATH] [--out DIR] [--reuse-store]

Exit codes: 0 done (gate passed), 1 gate failed or questions got worse, 2 bad input.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from assistant import AssistantError, load_settings
from assistant.answering.scorer import SCORER_FILE
from assistant.feedback.export import candidates_yaml
from assistant.feedback.store import FeedbackStore
from assistant.retrieval.search import Mode
from assistant.settings import PROJECT_ROOT
from evals.compare import compare, render_html, render_terminal
from evals.evalset import DEFAULT_SET, EvalSetError
from evals.gate import DEFAULT_THRESHOLDS, ThresholdsError, check_gate, load_thresholds
from evals.markdown import LABELS, beside_rows, fallback_note, fmt, shown_metrics
from evals.report import load_report, write_reports
from evals.runner import (
    MODES,
    EvalConfigError,
    build_settings,
    evaluate,
    open_assistant,
    parse_options,
)
from evals.swefaq import SweFaqError, render_table, run_swefaq

INPUT_ERRORS = (EvalSetError, EvalConfigError, ThresholdsError, SweFaqError, ValueError)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m evals", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run an evaluation set and write report.json/.md/.html")
    run.add_argument("--set", type=Path, default=DEFAULT_SET, help="evaluation set (YAML)")
    run.add_argument("--out", type=Path, help="report directory (default reports/SET-TIME)")
    run.add_argument(
        "--beside-extractive",
        action="store_true",
        help="with a language model configured: also run the extractive default and compare "
        "the two in the same report",
    )
    run.add_argument(
        "--reuse-store",
        action="store_true",
        help="keep the store an earlier run left under --out (answerer changes only: a "
        "change to chunking or ingest needs a fresh store)",
    )
    _add_options(run)
    cmp = sub.add_parser("compare", help="metric deltas and the questions that got worse")
    cmp.add_argument("old", type=Path)
    cmp.add_argument("new", type=Path)
    cmp.add_argument("--html", type=Path, help="also write the comparison as HTML")
    cmp.add_argument("--fail-on-worse", action="store_true", help="exit 1 if a question got worse")
    gate = sub.add_parser("gate", help="exit 1 when the shipped set falls below thresholds")
    gate.add_argument("--report", type=Path, help="check this report instead of running the set")
    gate.add_argument("--thresholds", type=Path, default=DEFAULT_THRESHOLDS)
    gate.add_argument("--set", type=Path, default=DEFAULT_SET, help="set to run (no --report)")
    gate.add_argument("--out", type=Path, help="keep the run's reports here")
    _add_options(gate)
    faq = sub.add_parser("swefaq", help="SweFAQ retrieval benchmark (dense, BM25, hybrid)")
    faq.add_argument("path", type=Path, help="a SweFAQ JSON-lines file")
    faq.add_argument("--mode", choices=[*MODES, "all"], default="all")
    faq.add_argument("--out", type=Path, help="write the figures and every rank as JSON")
    _add_options(faq)
    fitter = sub.add_parser(
        "fit-scorer", help="fit the answerer's sentence scorer on the dev set (evals/fit_scorer.py)"
    )
    fitter.add_argument("--set", type=Path, default=DEFAULT_SET, help="the set to fit on (dev)")
    fitter.add_argument("--l2", type=float, default=1.0, help="L2 penalty of the regression")
    fitter.add_argument(
        "--write", action="store_true", help="store it in assistant/data/scorer.json"
    )
    fitter.add_argument(
        "--store", type=Path, help="keep the store here and reuse it next time (default: temporary)"
    )
    _add_options(fitter)
    ablation = sub.add_parser(
        "ablate", help="the set with each expected-answer-type rule off in turn (evals/ablate.py)"
    )
    ablation.add_argument("--set", type=Path, default=DEFAULT_SET, help="evaluation set (YAML)")
    ablation.add_argument("--out", type=Path, help="store and ablation.json (default reports/…)")
    ablation.add_argument(
        "--reuse-store", action="store_true", help="keep the store an earlier run left under --out"
    )
    _add_options(ablation)
    feedback = sub.add_parser("feedback", help="staff feedback from the web chat")
    actions = feedback.add_subparsers(dest="action", required=True)
    export = actions.add_parser("export", help="write the 👎 rows as candidate eval items")
    export.add_argument("--out", type=Path, required=True, help="the YAML file to write")
    export.add_argument("--force", action="store_true", help="overwrite an existing --out")
    return parser


def _add_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--set-option",
        "--override",
        "-o",
        dest="options",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a Settings field (top_k=4, rrf_k=30, min_support=0.6 …) or mode=dense",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bars")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    commands = {
        "run": cmd_run,
        "compare": cmd_compare,
        "gate": cmd_gate,
        "swefaq": cmd_swefaq,
        "feedback": cmd_feedback,
        "fit-scorer": cmd_fit_scorer,
        "ablate": cmd_ablate,
    }
    try:
        return commands[args.command](args)
    except INPUT_ERRORS as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def cmd_run(args: argparse.Namespace) -> int:
    out = args.out or _default_out(args.set)
    report = evaluate(
        args.set,
        out,
        parse_options(args.options),
        progress=not args.quiet,
        beside_extractive=args.beside_extractive,
        reuse_store=args.reuse_store,
    )
    paths = write_reports(report, out)
    print(summary(report))
    print("\n" + "\n".join(f"wrote {p}" for p in paths))
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    old, new = load_report(args.old), load_report(args.new)
    result = compare(old, new)
    print(render_terminal(result, color=sys.stdout.isatty()))
    if args.html:
        args.html.write_text(render_html(result, str(args.old), str(args.new)), encoding="utf-8")
        print(f"\nwrote {args.html}")
    return 1 if args.fail_on_worse and result.worse else 0


def cmd_gate(args: argparse.Namespace) -> int:
    thresholds = load_thresholds(args.thresholds)
    if args.report:
        report = load_report(args.report)
    else:
        with tempfile.TemporaryDirectory(prefix="evals-gate-", ignore_cleanup_errors=True) as tmp:
            out = args.out or Path(tmp)
            options = parse_options(args.options)
            report = evaluate(args.set, out, options, progress=not args.quiet)
            if args.out:
                write_reports(report, out)
    failures = check_gate(report, thresholds)
    print(summary(report))
    if failures:
        print("\nGATE FAILED:\n" + "\n".join(f"  ✗ {f}" for f in failures))
        failed = [i for i in report["items"] if not i["passed"]]
        print(f"\nfailing items ({len(failed)}):")
        for item in failed:
            print(f"  {item['id']}: {'; '.join(item['reasons'])}")
        return 1
    print(f"\ngate passed ({args.thresholds})")
    return 0


def cmd_swefaq(args: argparse.Namespace) -> int:
    modes: list[Mode] = (
        ["dense", "lexical", "chars", "hybrid"] if args.mode == "all" else [args.mode]
    )
    options = parse_options(args.options)
    with tempfile.TemporaryDirectory(prefix="evals-swefaq-", ignore_cleanup_errors=True) as tmp:
        settings, _ = build_settings(options, Path(tmp), collection="swefaq")
        result = run_swefaq(args.path, modes, settings, progress=not args.quiet)
    print(render_table(result))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
        print(f"\nwrote {args.out}")
    return 0


def cmd_fit_scorer(args: argparse.Namespace) -> int:
    from evals import fit_scorer

    if "heldout" in args.set.name:
        raise EvalConfigError("the held-out part is only run to report: fit on the dev part")
    with tempfile.TemporaryDirectory(prefix="fit-scorer-") as tmp:
        store = args.store or Path(tmp) / "store"
        settings, mode = build_settings(parse_options(args.options), store)
        assistant = open_assistant(settings, mode, reuse_store=args.store is not None)
        fitted = fit_scorer.fit(assistant, args.set, args.l2)
    print(json.dumps(fitted, indent=2, ensure_ascii=False))
    if args.write:
        fit_scorer.write(fitted)
        print(f"wrote {SCORER_FILE}")
    return 0


def cmd_ablate(args: argparse.Namespace) -> int:
    from evals import ablate

    out = args.out or _default_out(args.set)
    options = parse_options(args.options)
    result = ablate.ablate(args.set, out, options, args.reuse_store, progress=not args.quiet)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "ablation.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    print(ablate.render(result))
    print(f"\nwrote {path}")
    return 0


def cmd_feedback(args: argparse.Namespace) -> int:
    """``feedback export``: the 👎 votes in the data directory as candidate items."""
    if args.out.exists() and not args.force:
        raise ValueError(f"{args.out} exists; pass --force to overwrite it")
    store = FeedbackStore.in_dir(load_settings().data_dir)
    rows = store.rows(vote="down")
    if not rows:
        print(f"no 👎 feedback in {store.path}; nothing written")
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(candidates_yaml(rows), encoding="utf-8")
    print(f"wrote {len(rows)} candidate item(s) to {args.out}; fill in every TODO")
    return 0


def summary(report: dict[str, Any]) -> str:
    """A few terminal lines: overall metrics and pass rate per kind."""
    overall = report["metrics"]["overall"]
    lines = [
        f"{report['set']['name']}: {overall['passed']}/{overall['n']} passed "
        f"(mode {report['config']['mode']}, {report['duration_s']} s)"
    ]
    lines += [f"  {LABELS[k]:<36}{fmt(overall[k], k):>10}" for k in shown_metrics(overall)]
    note = fallback_note(report)
    if note:
        lines.append(f"  {note}")
    lines.append("  per kind (passed/n, key-fact recall):")
    for kind, v in report["metrics"]["by_kind"].items():
        recall = fmt(v["key_fact_recall"])
        lines.append(f"    {kind:<16}{v['passed']:>3}/{v['n']:<3} {recall:>7}")
    if "baseline" in report:
        base_run = report["baseline"]
        base = base_run["metrics"]["overall"]
        lines.append(
            f"beside the extractive default ({base['passed']}/{base['n']} passed), "
            "extractive → this run:"
        )
        lines += [
            f"  {label:<36}{old:>10} → {new:<10}{change}{'  ✗ worse' if worse else ''}"
            for label, old, new, change, worse in beside_rows(report, compare(base_run, report))
        ]
    return "\n".join(lines)


def _default_out(set_path: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return PROJECT_ROOT / "reports" / f"{set_path.stem}-{stamp}"
