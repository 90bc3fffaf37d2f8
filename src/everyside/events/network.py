"""The actor network: who acts on whom, how often and how cooperatively, over time windows.

Nodes are actor codes (RUSGOV, PRKGOV, NATO…); a directed edge counts the real-world
events from one to the other in a time window and averages their Goldstein scores
(−10 most conflictual … +10 most cooperative). Written as GraphML (for Gephi, Cytoscape,
networkx), as JSON, and as an SVG picture of the most active actors.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from xml.etree import ElementTree as ET

from everyside.events.actor_names import ActorName, describe_code, fold_government
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


def fold_network(network: ActorNetwork) -> ActorNetwork:
    """The network with government actors and sub-actors folded into their country."""
    edges: dict[tuple[str, str, date | None], ActorEdge] = {}
    for edge in network.edges:
        key = (fold_government(edge.source), fold_government(edge.target), edge.window)
        total = edges.setdefault(key, ActorEdge(source=key[0], target=key[1], window=key[2]))
        total.events += edge.events
        total.goldstein_sum += edge.goldstein_sum
        total.scored += edge.scored
    ordered = sorted(
        edges.values(), key=lambda e: (e.window or date.min, -e.events, e.source, e.target)
    )
    return ActorNetwork(window_days=network.window_days, edges=ordered)


def _colour(goldstein: float | None) -> str:
    """Red for conflict, grey for neutral, green for cooperation."""
    if goldstein is None:
        return "#8a94a3"
    share = max(-1.0, min(1.0, goldstein / 10))
    neutral, end = (180, 180, 180), ((200, 30, 30) if share < 0 else (30, 150, 60))
    r, g, b = (round(n + (e - n) * abs(share)) for n, e in zip(neutral, end, strict=True))
    return f"rgb({r},{g},{b})"


GRAVITY = 1.0


def _layout(
    actors: list[str], links: list[tuple[str, str, int]], width: float, height: float
) -> dict[str, tuple[float, float]]:
    """A deterministic force-directed layout (Fruchterman-Reingold) inside a box.

    Nodes start on a circle, most active first, so the same network always looks the same;
    linked actors pull together, every pair pushes apart and the box's walls hold them.
    """
    count = len(actors)
    if count == 0:
        return {}
    if count == 1:
        return {actors[0]: (width / 2, height / 2)}
    angles = [2 * math.pi * i / count - math.pi / 2 for i in range(count)]
    pos = [
        [width / 2 + width / 2.5 * math.cos(a), height / 2 + height / 2.5 * math.sin(a)]
        for a in angles
    ]
    index = {actor: i for i, actor in enumerate(actors)}
    pairs = {(min(index[s], index[t]), max(index[s], index[t])) for s, t, _ in links if s != t}
    ideal = math.sqrt(width * height / count) * 0.8
    temperature = width / 8
    rounds = 250
    for _ in range(rounds):
        moves = [[0.0, 0.0] for _ in range(count)]
        for i in range(count):
            for j in range(i + 1, count):
                dx, dy = pos[i][0] - pos[j][0], pos[i][1] - pos[j][1]
                distance = math.hypot(dx, dy) or 0.01
                force = ideal * ideal / distance
                if (i, j) in pairs:
                    force -= distance * distance / ideal
                fx, fy = dx / distance * force, dy / distance * force
                moves[i][0] += fx
                moves[i][1] += fy
                moves[j][0] -= fx
                moves[j][1] -= fy
        for i in range(count):
            # Gravity: a pull to the centre that grows with the distance, so that actors
            # outside the main group stay near it rather than pinned in a corner.
            moves[i][0] += (width / 2 - pos[i][0]) * GRAVITY
            moves[i][1] += (height / 2 - pos[i][1]) * GRAVITY
            length = math.hypot(*moves[i]) or 1.0
            step = min(length, temperature)
            pos[i][0] = min(width, max(0.0, pos[i][0] + moves[i][0] / length * step))
            pos[i][1] = min(height, max(0.0, pos[i][1] + moves[i][1] / length * step))
        temperature = max(temperature - width / 8 / rounds, 0.5)
    xs, ys = [p[0] for p in pos], [p[1] for p in pos]
    spread = max(max(xs) - min(xs), 1e-6), max(max(ys) - min(ys), 1e-6)
    return {
        actor: (
            (xs[i] - min(xs)) / spread[0] * width,
            (ys[i] - min(ys)) / spread[1] * height,
        )
        for actor, i in index.items()
    }


LEGEND_HEIGHT = 104
_SVG_NAMESPACE = ' xmlns="http://www.w3.org/2000/svg"'


def _legend(top: float, busiest_edge: int, key: str) -> list[str]:
    """The key: edge colour (mean Goldstein), edge thickness (events)."""
    stops = "".join(
        f'<stop offset="{(g + 10) / 20:g}" stop-color="{_colour(g)}"/>' for g in (-10, 0, 10)
    )
    parts = [
        f'<g class="legend" transform="translate(16 {top:.0f})" font-size="12" fill="#333">',
        f'<defs><linearGradient id="{key}-goldstein">{stops}</linearGradient></defs>',
        '<text x="0" y="12" font-weight="bold">Colour: mean Goldstein of the events</text>',
        f'<rect x="0" y="20" width="240" height="10" rx="3" fill="url(#{key}-goldstein)"/>',
        '<text x="0" y="44">−10 conflict</text>',
        '<text x="240" y="44" text-anchor="end">+10 cooperation</text>',
        '<line x1="262" y1="25" x2="292" y2="25" stroke="#8a94a3" stroke-width="3"/>',
        '<text x="298" y="29">not scored</text>',
        '<text x="0" y="68" font-weight="bold">Thickness: events · arrow: who acts on whom'
        " · circle: all events of the actor</text>",
    ]
    samples = sorted({1, max(1, round(busiest_edge / 2)), busiest_edge})
    for n, events in enumerate(samples):
        stroke = _thickness(events, busiest_edge)
        x = n * 100
        parts.append(
            f'<line x1="{x}" y1="82" x2="{x + 30}" y2="82" stroke="#555" '
            f'stroke-width="{stroke:.1f}"/><text x="{x + 36}" y="86">{events} '
            f"{'event' if events == 1 else 'events'}</text>"
        )
    parts.append("</g>")
    return parts


def _thickness(events: int, busiest_edge: int) -> float:
    """An edge's stroke width: 1 for one event, 6 for the busiest edge, log in between."""
    return 1 + 5 * math.log1p(events - 1) / math.log1p(max(busiest_edge - 1, 1))


def network_svg(
    network: ActorNetwork,
    *,
    top: int = 15,
    size: int = 640,
    names: Mapping[str, ActorName] | None = None,
    fold: bool = False,
    key: str = "network",
    standalone: bool = True,
) -> str:
    """A picture of the most active actors: named nodes, edges by count and Goldstein, a key.

    Nodes carry the actor's name (``names``, else the code in words) with the code on
    hover; ``fold`` draws government actors and sub-actors as their country. ``key``
    prefixes the picture's ids, so that several pictures can share one HTML page; an SVG
    inside HTML (not ``standalone``) needs no XML namespace.
    """
    if fold:
        network = fold_network(network)
    totals: dict[tuple[str, str], ActorEdge] = {}
    for edge in network.edges:
        if edge.source == edge.target:
            continue  # after folding, a government acting on its own country
        total = totals.setdefault(
            (edge.source, edge.target),
            ActorEdge(source=edge.source, target=edge.target, window=None),
        )
        total.events += edge.events
        total.goldstein_sum += edge.goldstein_sum
        total.scored += edge.scored
    activity: dict[str, int] = defaultdict(int)
    for edge in totals.values():
        activity[edge.source] += edge.events
        activity[edge.target] += edge.events
    actors = sorted(activity, key=lambda a: (-activity[a], a))[:top]
    shown = set(actors)
    drawn = sorted(
        (e for e in totals.values() if e.source in shown and e.target in shown),
        key=lambda e: (e.events, e.source, e.target),
    )
    width, graph_height, margin = size, round(size * 0.7), 70
    height = graph_height + LEGEND_HEIGHT
    position = {
        actor: (x + margin, y + 40)
        for actor, (x, y) in _layout(
            actors,
            [(e.source, e.target, e.events) for e in drawn],
            width - 2 * margin,
            graph_height - 80,
        ).items()
    }
    busiest = max(activity.values(), default=1)
    busiest_edge = max((e.events for e in drawn), default=1)
    label = {
        actor: (names or {}).get(actor)
        or ActorName(actor, describe_code(actor), describe_code(actor))
        for actor in actors
    }
    parts = [
        f'<svg{_SVG_NAMESPACE if standalone else ""} viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" style="max-width:100%;height:auto" '
        'font-family="system-ui, sans-serif" font-size="13" role="img" '
        f'aria-labelledby="{key}-title">',
        f'<title id="{key}-title">Actor network: who acts on whom, how often and how '
        "cooperatively</title>",
        f'<defs><marker id="{key}-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" '
        'markerHeight="9" markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
        '<path d="M 0 0 L 10 5 L 0 10 z" fill="#555"/></marker></defs>',
        f'<rect width="{width}" height="{height}" fill="#fff"/>',
    ]
    if not actors:
        parts.append(
            f'<text x="{width / 2:.0f}" y="{graph_height / 2:.0f}" text-anchor="middle" '
            'fill="#5b6573">No event with both actors known.</text>'
        )
    radius_of = {a: 6 + 14 * math.sqrt(activity[a] / busiest) for a in actors}
    pairs = {(e.source, e.target) for e in drawn}
    for edge in drawn:
        (x1, y1), (x2, y2) = position[edge.source], position[edge.target]
        length = math.hypot(x2 - x1, y2 - y1) or 1.0
        ux, uy = (x2 - x1) / length, (y2 - y1) / length
        # Start and stop at the rims; bend both ways when the actors act on each other.
        bend = 0.12 * length if (edge.target, edge.source) in pairs else 0.0
        sx, sy = x1 + ux * radius_of[edge.source], y1 + uy * radius_of[edge.source]
        tx, ty = x2 - ux * (radius_of[edge.target] + 2), y2 - uy * (radius_of[edge.target] + 2)
        cx, cy = (sx + tx) / 2 - uy * bend, (sy + ty) / 2 + ux * bend
        stroke = _thickness(edge.events, busiest_edge)
        source, target = label[edge.source].name, label[edge.target].name
        mean = "not scored" if edge.mean_goldstein is None else f"{edge.mean_goldstein:+g}"
        parts.append(
            f'<path d="M {sx:.1f} {sy:.1f} Q {cx:.1f} {cy:.1f} {tx:.1f} {ty:.1f}" fill="none" '
            f'stroke="{_colour(edge.mean_goldstein)}" stroke-width="{stroke:.1f}" '
            f'marker-end="url(#{key}-arrow)" opacity="0.85"><title>{_xml(source)} → {_xml(target)} '
            f"({_xml(edge.source)} → {_xml(edge.target)}): {edge.events} "
            f"{'event' if edge.events == 1 else 'events'}, mean Goldstein {mean}</title></path>"
        )
    for actor in actors:
        x, y = position[actor]
        r = radius_of[actor]
        named = label[actor]
        parts.append(
            f'<g class="actor"><title>{_xml(named.hover)} · {activity[actor]} '
            f"{'event' if activity[actor] == 1 else 'events'}</title>"
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="#2457a6" opacity="0.85"/>'
            f'<text x="{x:.1f}" y="{y + r + 15:.1f}" text-anchor="middle" '
            'stroke="#fff" stroke-width="4" paint-order="stroke" stroke-linejoin="round">'
            f"{_xml(named.name)}</text></g>"
        )
    parts.extend(_legend(graph_height, busiest_edge, key))
    parts.append("</svg>")
    return "\n".join(parts)


def _xml(text: str) -> str:
    """Text escaped for an XML element or a double-quoted attribute."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )
