"""A run's report files: ``report.json`` (everything), ``report.md`` and ``report.html``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from evals.html_report import render_html
from evals.markdown import render_markdown


def write_reports(report: dict[str, Any], out_dir: Path) -> list[Path]:
    """Write the three report files into ``out_dir``; returns their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / "report.json", out_dir / "report.md", out_dir / "report.html"]
    paths[0].write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    paths[1].write_text(render_markdown(report), encoding="utf-8")
    paths[2].write_text(render_html(report), encoding="utf-8")
    return paths


def load_report(path: Path) -> dict[str, Any]:
    """A report.json written by ``evals run``; ValueError with the reason otherwise."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: cannot read the report ({exc})") from None
    if not isinstance(data, dict) or "metrics" not in data or "items" not in data:
        raise ValueError(f"{path}: not a report.json from `python -m evals run`")
    return data
