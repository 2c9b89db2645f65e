"""Small inline SVG charts for the self-contained HTML report (no JavaScript, no CDN)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

PALETTE = ("#2b6cb0", "#d69e2e", "#38a169", "#c53030", "#805ad5", "#dd6b20")
_FONT = 'font-family="system-ui, sans-serif" font-size="11"'


def bar_chart(
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    title: str,
    max_value: float = 1.0,
) -> str:
    """Grouped vertical bars, one group per category, one bar per series (None = no bar)."""
    plot_h, group_w, bar_w, left, top = 160, 24 + 18 * len(series), 16, 36, 28
    width = left + group_w * len(categories) + 10
    height = top + plot_h + 90  # rotated category labels, then the legend
    parts = [_open(width, height, title), _text(left, 16, title, bold=True)]
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        y = top + plot_h * (1 - tick)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" stroke="#ddd"/>'
        )
        parts.append(_text(left - 4, y + 4, f"{tick * max_value:g}", anchor="end"))
    for gi, category in enumerate(categories):
        x0 = left + gi * group_w + 8
        for si, (name, values) in enumerate(series):
            value = values[gi]
            if value is None:
                continue
            h = plot_h * max(0.0, min(value / max_value, 1.0))
            x, y = x0 + si * (bar_w + 2), top + plot_h - h
            color = PALETTE[si % len(PALETTE)]
            parts.append(
                f'<rect x="{x}" y="{y:.1f}" width="{bar_w}" height="{h:.1f}" fill="{color}">'
                f"<title>{escape(category)} · {escape(name)}: {value:.3f}</title></rect>"
            )
        label_x = x0 + (group_w - 16) / 2
        parts.append(
            f'<text x="{label_x:.1f}" y="{top + plot_h + 12}" {_FONT} text-anchor="end" '
            f'transform="rotate(-30 {label_x:.1f} {top + plot_h + 12})">{escape(category)}</text>'
        )
    parts.append(_legend([name for name, _ in series], left, height - 8))
    parts.append("</svg>")
    return "".join(parts)


def histogram(
    values: Sequence[float], edges: Sequence[float], title: str, unit: str = "", color: str = ""
) -> str:
    """Counts of ``values`` in the bins between consecutive ``edges`` (the last bin is closed,
    values beyond the last edge land in it)."""
    counts = [0] * (len(edges) - 1)
    for v in values:
        i = next((j for j in range(len(counts)) if v < edges[j + 1]), len(counts) - 1)
        counts[max(i, 0)] += 1
    plot_h, bar_w, left, top = 140, 34, 36, 28
    width, height = left + bar_w * len(counts) + 60, top + plot_h + 40
    peak = max(counts) or 1
    parts = [_open(width, height, title), _text(left, 16, title, bold=True)]
    parts.append(_text(left - 4, top + 4, str(peak), anchor="end"))
    parts.append(_text(left - 4, top + plot_h + 4, "0", anchor="end"))
    for i, count in enumerate(counts):
        h = plot_h * count / peak
        x, y = left + i * bar_w, top + plot_h - h
        label = f"{_num(edges[i])}–{_num(edges[i + 1])}{unit}"
        parts.append(
            f'<rect x="{x + 1}" y="{y:.1f}" width="{bar_w - 2}" height="{h:.1f}" '
            f'fill="{color or PALETTE[0]}"><title>{escape(label)}: {count}</title></rect>'
        )
        if count:
            parts.append(_text(x + bar_w / 2, y - 3, str(count), anchor="middle"))
        parts.append(_text(x, top + plot_h + 14, _num(edges[i]), anchor="middle"))
    parts.append(_text(left + bar_w * len(counts), top + plot_h + 14, _num(edges[-1]) + unit))
    parts.append("</svg>")
    return "".join(parts)


def _open(width: float, height: float, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-label="{escape(title)}">'
    )


def _text(x: float, y: float, text: str, anchor: str = "start", bold: bool = False) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" {_FONT} text-anchor="{anchor}"{weight}>'
        f"{escape(text)}</text>"
    )


def _legend(names: Sequence[str], x: float, y: float) -> str:
    parts = []
    for i, name in enumerate(names):
        color = PALETTE[i % len(PALETTE)]
        parts.append(f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{color}"/>')
        parts.append(_text(x + 14, y, name))
        x += 30 + 7 * len(name)
    return "".join(parts)


def _num(value: float) -> str:
    return f"{value:g}"
