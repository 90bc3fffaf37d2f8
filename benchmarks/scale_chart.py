"""The scale benchmark's picture, as hand-written SVG (no plotting library is a dependency).

Two log-log panels over the number of articles: latencies (p99) and memory/disk, each
measured figure as dots joined by a line, its fit extended dashed to a million.
"""

from __future__ import annotations

import math
from html import escape
from pathlib import Path

WIDTH = 980
PANEL_W, PANEL_H = 380, 300
LEFT, TOP = 70, 50
GAP = 110
COLOURS = ("#1b6ca8", "#d1495b", "#2e933c", "#edae49", "#6a4c93", "#00798c", "#8d6346")
# How many of the slowest store queries the latency panel shows beside the page and assignment.
SLOWEST_QUERIES = 3


def _at(fit: list[float], size: float, power: bool) -> float:
    slope, intercept = fit
    return math.exp(intercept) * size**slope if power else slope * size + intercept


def _panel(
    x0: float,
    title: str,
    unit: str,
    lines: dict[str, tuple[list[float], list[float], bool]],
    sizes: list[int],
    limit: int,
    targets: dict[str, float],
) -> list[str]:
    """One log-log panel: a line per figure (measured, then the fit dashed up to ``limit``)."""
    values = [v for measured, fit, power in lines.values() for v in measured if v > 0]
    values += [_at(fit, limit, power) for _, fit, power in lines.values()]
    values += list(targets.values())
    low = 10 ** math.floor(math.log10(max(min(v for v in values if v > 0), 1e-3)))
    high = 10 ** math.ceil(math.log10(max(values)))
    x_low, x_high = math.log10(sizes[0]) - 0.1, math.log10(limit) + 0.05

    def x(size: float) -> float:
        return x0 + (math.log10(size) - x_low) / (x_high - x_low) * PANEL_W

    def y(value: float) -> float:
        share = (math.log10(max(value, low)) - math.log10(low)) / (
            math.log10(high) - math.log10(low)
        )
        return TOP + PANEL_H - share * PANEL_H

    out = [
        f'<text x="{x0}" y="{TOP - 18}" font-weight="bold">{escape(title)}</text>',
        f'<rect x="{x0}" y="{TOP}" width="{PANEL_W}" height="{PANEL_H}" '
        'fill="none" stroke="#999"/>',
    ]
    decade = low
    while decade <= high:
        out.append(
            f'<line x1="{x0}" x2="{x0 + PANEL_W}" y1="{y(decade):.1f}" y2="{y(decade):.1f}" '
            'stroke="#eee"/>'
            f'<text x="{x0 - 6}" y="{y(decade) + 4:.1f}" text-anchor="end">{decade:g} {unit}</text>'
        )
        decade *= 10
    for size in [*sizes, limit]:
        label = f"{size / 1e6:g}M" if size >= 1e6 else f"{size / 1e3:g}k"
        out.append(
            f'<line x1="{x(size):.1f}" x2="{x(size):.1f}" y1="{TOP}" y2="{TOP + PANEL_H}" '
            'stroke="#eee"/>'
            f'<text x="{x(size):.1f}" y="{TOP + PANEL_H + 16}" text-anchor="middle">{label}</text>'
        )
    for name, value in targets.items():
        out.append(
            f'<line x1="{x0}" x2="{x0 + PANEL_W}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            f'stroke="#000" stroke-dasharray="2 3"/>'
            f'<text x="{x0 + 4}" y="{y(value) - 4:.1f}" font-size="10">{escape(name)}</text>'
        )
    for number, (name, (measured, fit, power)) in enumerate(lines.items()):
        colour = COLOURS[number % len(COLOURS)]
        points = " ".join(f"{x(s):.1f},{y(v):.1f}" for s, v in zip(sizes, measured, strict=True))
        out.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
        out += [
            f'<circle cx="{x(s):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}"/>'
            for s, v in zip(sizes, measured, strict=True)
        ]
        end = _at(fit, limit, power)
        out.append(
            f'<line x1="{x(sizes[-1]):.1f}" y1="{y(measured[-1]):.1f}" x2="{x(limit):.1f}" '
            f'y2="{y(end):.1f}" stroke="{colour}" stroke-width="2" stroke-dasharray="6 4"/>'
        )
        legend_y = TOP + PANEL_H + 36 + 14 * number
        out.append(
            f'<rect x="{x0}" y="{legend_y - 9}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{x0 + 16}" y="{legend_y}">{escape(name)}: {end:,.0f} {unit} at 1M</text>'
        )
    return out


def write_chart(
    path: Path,
    sizes: list[int],
    figures: dict[str, tuple[list[float], bool]],
    fits: dict[str, list[float]],
    limit: int,
) -> None:
    """Draw latencies and memory by store size, with the fits extended to ``limit``."""
    latencies = {n: v for n, v in figures.items() if n.endswith(" ms") and not n.endswith("p50 ms")}
    queries = sorted(
        (n for n in latencies if n not in ("assignment p99 ms", "story page p99 ms (20 conn.)")),
        key=lambda n: latencies[n][0][-1],
        reverse=True,
    )[:SLOWEST_QUERIES]
    shown = ["story page p99 ms (20 conn.)", "assignment p99 ms", *queries]
    left = {n.removesuffix(" ms"): (figures[n][0], fits[n], figures[n][1]) for n in shown}
    right = {
        n.removesuffix(" MB"): (values, fits[n], power)
        for n, (values, power) in figures.items()
        if n.endswith(" MB")
    }
    # The legends under the panels, then the footnote.
    height = TOP + PANEL_H + 36 + 14 * max(len(left), len(right)) + 20
    body = [
        *_panel(
            LEFT, "p99 latency by store size", "ms", left, sizes, limit,
            {"query target 100 ms": 100.0, "page target 200 ms": 200.0},
        ),
        *_panel(
            LEFT + PANEL_W + GAP, "memory and disk by store size", "MB", right, sizes, limit,
            {"RSS target 3 GB": 3000.0},
        ),
    ]  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'font-family="sans-serif" font-size="11">\n'
        f'<rect width="100%" height="100%" fill="#fff"/>\n'
        + "\n".join(body)
        + f'\n<text x="{LEFT}" y="{height - 8}" fill="#555">articles (log scale); dots measured, '
        "dashed: the fit extended to a million (linear for memory, power law for latency)</text>"
        "\n</svg>\n",
        encoding="utf-8",
    )
