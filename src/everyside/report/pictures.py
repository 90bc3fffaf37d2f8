"""The story's pictures as static SVG and HTML: timeline chart, coverage bar, actor network.

Both are drawn on the server, so the HTML report stays one offline file without script;
every text from the input is escaped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from html import escape
from typing import Any

from babel import Locale
from markupsafe import Markup

from everyside.compare.results import ArticleRef, Comparison
from everyside.events.actor_names import ActorName, actor_names, country_name
from everyside.events.network import build_network, fold_network, network_svg
from everyside.model import RealWorldEvent

# Colours of coverage segments and timeline lanes, in order.
SEGMENT_COLOURS = (
    "#2457a6", "#d9822b", "#3a9d5d", "#b8405e", "#7a5ea8",
    "#2a9fa8", "#a8812a", "#5d6b7a", "#c25b9f", "#6e9a2e",
)  # fmt: skip
UNKNOWN_COLOUR = "#b9c0ca"
# Tick steps of the timeline's axis, shortest first.
_STEPS = [
    timedelta(minutes=m)
    for m in (15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080, 20160, 43200, 129600)
]
# The plot's left and right ends, in percent of the timeline chart's width.
PLOT_LEFT, PLOT_RIGHT = 3, 96
LANE_HEIGHT = 38
FIRST_COLOUR = "#d9822b"
DOT_COLOUR = "#2457a6"


@dataclass(frozen=True, slots=True)
class Segment:
    """One part of a coverage bar: a label, how many it counts and what they are."""

    label: str
    count: int
    colour: str
    members: tuple[str, ...] = ()

    @property
    def hover(self) -> str:
        """The segment's tooltip: its label, count and members."""
        listed = f": {', '.join(self.members)}" if self.members else ""
        return f"{self.label} ({self.count}){listed}"


@dataclass(frozen=True, slots=True)
class CoverageRow:
    """One bar: what it counts (outlets by country, articles by language) and its parts."""

    title: str
    unit: str
    segments: tuple[Segment, ...] = ()

    @property
    def total(self) -> int:
        """The sum of the segments."""
        return sum(s.count for s in self.segments)


@dataclass(frozen=True, slots=True)
class CoverageBar:
    """A story's coverage at a glance: its outlets by country and its articles by language."""

    rows: tuple[CoverageRow, ...] = field(default_factory=tuple)
    missing: tuple[str, ...] = ()  # groups no outlet covers (a blindspot), when asked


def _segments(groups: Sequence[tuple[str, Sequence[str]]], unknown: str) -> tuple[Segment, ...]:
    ordered = sorted(groups, key=lambda g: (g[0] == unknown, -len(g[1]), g[0]))
    colours = iter(SEGMENT_COLOURS * 4)
    return tuple(
        Segment(
            label,
            len(members),
            UNKNOWN_COLOUR if label == unknown else next(colours),
            tuple(members),
        )
        for label, members in ordered
    )


def coverage_bar(
    outlets: Sequence[str],
    languages: Mapping[str, int] | Sequence[str],
    countries: Mapping[str, str] | None = None,
    *,
    missing: Sequence[str] = (),
) -> CoverageBar:
    """The coverage bar of a story's outlets and languages.

    ``countries`` maps outlets to ISO 3166 alpha-3 codes: the outlets are counted by
    country where any is known, else each outlet is its own segment. ``languages``
    counts articles per language, or lists the languages (one each).
    """
    countries = countries or {}
    rows = []
    if any(outlet in countries for outlet in outlets):
        by_country: dict[str, list[str]] = {}
        for outlet in outlets:
            code = countries.get(outlet)
            label = (country_name(code) or code) if code else "country not known"
            by_country.setdefault(label, []).append(outlet)
        rows.append(
            CoverageRow(
                "Outlets by country",
                "outlet",
                _segments(list(by_country.items()), "country not known"),
            )
        )
    else:
        rows.append(CoverageRow("Outlets", "outlet", _segments([(o, [o]) for o in outlets], "")))
    counted = Counter(languages)
    rows.append(
        CoverageRow(
            "Articles by language" if isinstance(languages, Mapping) else "Languages",
            "article" if isinstance(languages, Mapping) else "language",
            tuple(
                Segment(language_name(label), count, colour)
                for (label, count), colour in zip(
                    sorted(counted.items(), key=lambda i: (-i[1], i[0] or "")),
                    SEGMENT_COLOURS * 4,
                    strict=False,
                )
            ),
        )
    )
    return CoverageBar(tuple(rows), tuple(missing))


def language_name(code: str | None) -> str:
    """A language's English name from its ISO 639-1 code ("de" → "German"); "?" when none."""
    if not code or code == "?":
        return "language not known"
    return str(Locale("en").languages.get(code, code))


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _ticks(start: datetime, end: datetime) -> tuple[list[datetime], str]:
    """Round tick times over the span (at most five, to fit a phone) and their format."""
    span = end - start
    step = next((s for s in _STEPS if span / s <= 4), _STEPS[-1])
    if step >= timedelta(days=1):
        first = start.replace(hour=0, minute=0, second=0, microsecond=0)
        fmt = "%d %b"
    else:
        first = start.replace(minute=0, second=0, microsecond=0)
        fmt = "%d %b %H:%M" if span > timedelta(hours=20) else "%H:%M"
    while first < start:
        first += step
    ticks = []
    while first <= end:
        ticks.append(first)
        first += step
    return ticks, fmt


def timeline_svg(articles: Sequence[ArticleRef], outlets: Sequence[str] = ()) -> str:
    """Articles over time, one lane per outlet (first to report on top), first report marked.

    An SVG to place inside HTML (no XML namespace). It has no viewBox: it takes the width
    of the page and places times in percent of it, so its text keeps its size on a phone.
    Times are in UTC; undated articles are counted under the chart, not placed.
    """
    dated = [(a, _utc(a.published_at)) for a in articles if a.published_at is not None]
    undated = len(articles) - len(dated)
    first_of: dict[str, datetime] = {}
    for article, when in dated:
        first_of[article.outlet] = min(when, first_of.get(article.outlet, when))
    named = list(dict.fromkeys([*outlets, *(a.outlet for a in articles)]))
    never = datetime.max.replace(tzinfo=UTC)
    lanes = sorted(named, key=lambda o: (o not in first_of, first_of.get(o, never)))
    first_article = min(dated, key=lambda item: (item[1], item[0].outlet))[0] if dated else None
    top, axis_height = 8, 40
    height = top + LANE_HEIGHT * max(len(lanes), 1) + axis_height + (18 if undated else 0)
    parts = [
        f'<svg width="100%" height="{height}" '
        'class="chart timeline-chart" font-family="system-ui, sans-serif" font-size="13" '
        'role="img" aria-labelledby="timeline-chart-title">',
        '<title id="timeline-chart-title">When each outlet published: one lane per outlet, '
        "first report marked</title>",
        f'<rect width="100%" height="{height}" fill="#fff"/>',
    ]
    start = end = None
    if dated:
        start = min(when for _, when in dated)
        end = max(when for _, when in dated)
        if end - start < timedelta(minutes=30):
            start, end = start - timedelta(minutes=15), end + timedelta(minutes=15)
        axis_y = top + LANE_HEIGHT * len(lanes) + 4
        ticks, fmt = _ticks(start, end)
        for tick in ticks:
            x = _x(tick, start, end)
            anchor = "start" if x < 10 else "end" if x > 88 else "middle"
            parts.append(
                f'<line x1="{x:.2f}%" y1="{top}" x2="{x:.2f}%" y2="{axis_y}" stroke="#e3e7ed"/>'
                f'<text x="{x:.2f}%" y="{axis_y + 16}" text-anchor="{anchor}" fill="#5b6573" '
                f'font-size="12">{escape(tick.strftime(fmt))}</text>'
            )
        parts.append(
            f'<text x="{PLOT_RIGHT}%" y="{axis_y + 32}" text-anchor="end" fill="#5b6573" '
            'font-size="11">times in UTC</text>'
        )
    for number, outlet in enumerate(lanes):
        y = top + LANE_HEIGHT * number
        line_y = y + 26
        mark = (
            f' <tspan fill="{FIRST_COLOUR}" font-weight="600">· first report</tspan>'
            if first_article is not None and outlet == first_article.outlet
            else ""
        )
        parts.append(
            f'<g class="lane"><text x="{PLOT_LEFT}%" y="{y + 12}" font-weight="600">'
            f"{escape(outlet)}{mark}</text>"
            f'<line x1="{PLOT_LEFT}%" y1="{line_y}" x2="{PLOT_RIGHT}%" y2="{line_y}" '
            'stroke="#d9dee5"/>'
        )
        mine = [(a, w) for a, w in dated if a.outlet == outlet]
        if not mine:
            parts.append(
                f'<text x="{PLOT_RIGHT}%" y="{y + 12}" text-anchor="end" fill="#5b6573" '
                'font-size="12">undated</text>'
            )
        for article, when in mine:
            assert start is not None and end is not None  # there is a dated article
            x = _x(when, start, end)
            hover = escape(f"{outlet}, {when:%Y-%m-%d %H:%M} UTC: {article.title}")
            if article is first_article:
                parts.append(
                    f'<g class="first-report"><title>{hover} (first report)</title>'
                    f'<circle cx="{x:.2f}%" cy="{line_y}" r="9" fill="none" '
                    f'stroke="{FIRST_COLOUR}" stroke-width="3"/>'
                    f'<circle cx="{x:.2f}%" cy="{line_y}" r="5" fill="{DOT_COLOUR}"/></g>'
                )
            else:
                parts.append(
                    f'<circle class="report" cx="{x:.2f}%" cy="{line_y}" r="5" '
                    f'fill="{DOT_COLOUR}" stroke="#fff"><title>{hover}</title></circle>'
                )
        parts.append("</g>")
    if undated:
        parts.append(
            f'<text x="{PLOT_LEFT}%" y="{height - 6}" fill="#5b6573" font-size="12">'
            f"{undated} undated {'article' if undated == 1 else 'articles'} not placed</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts)


def _x(moment: datetime, start: datetime, end: datetime) -> float:
    """A moment's place on the time axis, in percent of the chart's width."""
    share = (moment - start).total_seconds() / max((end - start).total_seconds(), 1.0)
    return PLOT_LEFT + share * (PLOT_RIGHT - PLOT_LEFT)


@dataclass(frozen=True, slots=True)
class NetworkView:
    """The story's actor network: the picture, the folded picture (when folding changes
    anything) and the key of actor codes."""

    chart: Markup
    folded: Markup | None
    actors: tuple[ActorName, ...]

    def name(self, code: str | None) -> str:
        """An actor code's name in the picture, the code itself when not drawn."""
        found = next((a for a in self.actors if a.code == code), None)
        return found.name if found else code or ""


def network_view(
    events: Sequence[RealWorldEvent], entity_names: Mapping[str, str], *, top: int = 15
) -> NetworkView | None:
    """The actor network of a story's events, None when no event has both actors known."""
    network = build_network(events)
    if not network.edges:
        return None
    names = actor_names(events, entity_names)
    chart = network_svg(network, names=names, top=top, key="actors", standalone=False)
    folded = None
    if fold_network(network).edges != network.edges:
        folded_names = actor_names(events, entity_names, fold=True)
        folded = Markup(
            network_svg(
                network,
                names=folded_names,
                top=top,
                fold=True,
                key="actors-folded",
                standalone=False,
            )
        )
    shown = sorted(names.values(), key=lambda a: (a.name.casefold(), a.code))
    return NetworkView(Markup(chart), folded, tuple(shown))


def packaged_entity_names() -> dict[str, str]:
    """Canonical names of the entities everyside ships (countries, people, organizations)."""
    from everyside.analyze.aliases import load_alias_table

    return {key: entity.name for key, entity in load_alias_table().entities.items()}


def story_pictures(
    found: Comparison,
    *,
    entity_names: Mapping[str, str] | None = None,
    outlet_countries: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """What the story's pictures need in a template: coverage bar, timeline chart, network.

    Without ``entity_names`` (the store's), actors are named from the packaged tables.
    """
    languages = Counter(a.language or "?" for a in found.articles)
    return {
        "coverage": coverage_bar(found.outlets, dict(languages), outlet_countries),
        "timeline_chart": Markup(timeline_svg(found.articles, found.outlets)),
        "network": network_view(
            found.events,
            entity_names if entity_names is not None else packaged_entity_names(),
        )
        or {},
    }
