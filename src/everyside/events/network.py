"""The actor network: who acts on whom, how often and how cooperatively, over time windows.

Nodes are actor codes (RUSGOV, PRKGOV, NATO…); a directed edge counts the real-world
events from one to the other in a time window and averages their Goldstein scores
(−10 most conflictual … +10 most cooperative). Written as GraphML (for Gephi, Cytoscape,
networkx), as JSON, and as an SVG picture of the most active actors.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from xml.etree import ElementTree as ET

from everyside.model import RealWorldEvent

# Windows start on Mondays so that weekly networks line up across runs.
_EPOCH = date(2000, 1, 3)


@dataclass(slots=True, kw_only=True)
class ActorEdge:
    """Events from one actor to another in one time window."""

    source: str
    target: str
    window: date | None  # first day of the window; None when the window is everything
    events: int = 0
    goldstein_sum: float = 0.0
    scored: int = 0

    @property
    def mean_goldstein(self) -> float | None:
        """Mean Goldstein score of the scored events, None when none is scored."""
        return round(self.goldstein_sum / self.scored, 2) if self.scored else None


@dataclass(slots=True, kw_only=True)
class ActorNetwork:
    """Actors and the events between them."""

    window_days: int | None
    edges: list[ActorEdge] = field(default_factory=list)

    def activity(self) -> dict[str, int]:
        """Events each actor takes part in, most active first."""
        counts: dict[str, int] = defaultdict(int)
        for edge in self.edges:
            counts[edge.source] += edge.events
            counts[edge.target] += edge.events
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def window_of(day: date | None, window_days: int | None) -> date | None:
    """The first day of the window a day falls in."""
    if day is None or window_days is None:
        return None
    return _EPOCH + timedelta(days=(day - _EPOCH).days // window_days * window_days)


def build_network(
    events: Iterable[RealWorldEvent], *, window_days: int | None = None
) -> ActorNetwork:
    """The network of events with both actors known, per window (one window when None)."""
    edges: dict[tuple[str, str, date | None], ActorEdge] = {}
    for event in events:
        if not event.source_actor or not event.target_actor:
            continue
        window = window_of(event.day, window_days)
        key = (event.source_actor, event.target_actor, window)
        edge = edges.setdefault(key, ActorEdge(source=key[0], target=key[1], window=window))
        edge.events += 1
        if event.goldstein is not None:
            edge.goldstein_sum += event.goldstein
            edge.scored += 1
    ordered = sorted(
        edges.values(), key=lambda e: (e.window or date.min, -e.events, e.source, e.target)
    )
    return ActorNetwork(window_days=window_days, edges=ordered)


def network_json(network: ActorNetwork) -> dict[str, Any]:
    """The network as JSON-ready nodes and edges."""
    return {
        "window_days": network.window_days,
        "nodes": [{"id": actor, "events": count} for actor, count in network.activity().items()],
        "edges": [
            {
                "source": e.source,
                "target": e.target,
                "window": e.window.isoformat() if e.window else None,
                "events": e.events,
                "mean_goldstein": e.mean_goldstein,
            }
            for e in network.edges
        ],
    }


def network_graphml(network: ActorNetwork) -> str:
    """The network as GraphML: one directed edge per actor pair and window."""
    ns = "http://graphml.graphdrawing.org/xmlns"
    root = ET.Element("graphml", xmlns=ns)
    for key, domain, kind in (
        ("events", "node", "int"),
        ("events", "edge", "int"),
        ("mean_goldstein", "edge", "double"),
        ("window", "edge", "string"),
    ):
        ET.SubElement(
            root,
            "key",
            {"id": f"{domain}_{key}", "for": domain, "attr.name": key, "attr.type": kind},
        )
    graph = ET.SubElement(root, "graph", id="actors", edgedefault="directed")
    for actor, count in network.activity().items():
        node = ET.SubElement(graph, "node", id=actor)
        ET.SubElement(node, "data", key="node_events").text = str(count)
    for number, edge in enumerate(network.edges):
        element = ET.SubElement(
            graph, "edge", id=f"e{number}", source=edge.source, target=edge.target
        )
        ET.SubElement(element, "data", key="edge_events").text = str(edge.events)
        if edge.mean_goldstein is not None:
            ET.SubElement(element, "data", key="edge_mean_goldstein").text = str(
                edge.mean_goldstein
            )
        if edge.window is not None:
            ET.SubElement(element, "data", key="edge_window").text = edge.window.isoformat()
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


def _colour(goldstein: float | None) -> str:
    """Red for conflict, grey for neutral, green for cooperation."""
    if goldstein is None:
        return "#8a94a3"
    share = max(-1.0, min(1.0, goldstein / 10))
    if share < 0:
        return f"rgb({200},{int(200 * (1 + share))},{int(200 * (1 + share))})"
    return f"rgb({int(200 * (1 - share))},{170},{int(200 * (1 - share))})"


def network_svg(network: ActorNetwork, *, top: int = 15, size: int = 640) -> str:
    """A picture of the most active actors on a circle, edges by count and Goldstein colour."""
    actors = list(network.activity())[:top]
    centre, radius = size / 2, size / 2 - 70
    position = {
        actor: (
            centre + radius * math.cos(2 * math.pi * i / max(len(actors), 1) - math.pi / 2),
            centre + radius * math.sin(2 * math.pi * i / max(len(actors), 1) - math.pi / 2),
        )
        for i, actor in enumerate(actors)
    }
    totals: dict[tuple[str, str], ActorEdge] = {}
    for edge in network.edges:
        if edge.source in position and edge.target in position:
            total = totals.setdefault(
                (edge.source, edge.target),
                ActorEdge(source=edge.source, target=edge.target, window=None),
            )
            total.events += edge.events
            total.goldstein_sum += edge.goldstein_sum
            total.scored += edge.scored
    activity = network.activity()
    busiest = max(activity.values(), default=1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'width="{size}" height="{size}" font-family="sans-serif" font-size="12">',
        "<title>everyside actor network</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" '
        'markerHeight="6" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" '
        'fill="#555"/></marker></defs>',
        f'<rect width="{size}" height="{size}" fill="#fff"/>',
    ]
    radius_of = {a: 6 + 14 * math.sqrt(activity[a] / busiest) for a in actors}
    for edge in sorted(totals.values(), key=lambda e: e.events):
        (x1, y1), (x2, y2) = position[edge.source], position[edge.target]
        # Stop the arrow at the target's rim, not its centre.
        length = math.hypot(x2 - x1, y2 - y1) or 1.0
        x2 -= (x2 - x1) * (radius_of[edge.target] + 2) / length
        y2 -= (y2 - y1) * (radius_of[edge.target] + 2) / length
        width = 1 + 4 * math.log1p(edge.events) / math.log1p(busiest)
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'stroke="{_colour(edge.mean_goldstein)}" stroke-width="{width:.1f}" '
            f'marker-end="url(#arrow)" opacity="0.8"><title>{_xml(edge.source)} → '
            f"{_xml(edge.target)}: {edge.events} events, mean Goldstein "
            f"{edge.mean_goldstein}</title></line>"
        )
    for actor in actors:
        x, y = position[actor]
        r = radius_of[actor]
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="#2457a6" opacity="0.85"/>'
            f'<text x="{x:.1f}" y="{y - r - 4:.1f}" text-anchor="middle">{_xml(actor)}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
