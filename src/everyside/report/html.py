"""A story's comparison as one self-contained HTML file: no scripts, fonts or CDN, opens offline."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, Template, select_autoescape

from everyside import __version__
from everyside.analyze.cameo import cameo_code
from everyside.compare.naming import nothing_to_compare
from everyside.compare.results import Comparison, Voice
from everyside.report.pictures import story_pictures

# Speaker colours, assigned in order of how much each speaker is quoted across the story.
PALETTE = (
    "#2457a6", "#d9822b", "#3a9d5d", "#b8405e", "#7a5ea8",
    "#2a9fa8", "#a8812a", "#5d6b7a", "#c25b9f", "#6e9a2e",
)  # fmt: skip
COVERAGE_NAMES = {
    "consensus": "most outlets",
    "shared": "some outlets",
    "outlet_only": "one outlet",
    "possibly_shared": "one outlet, maybe more",
}
CHANGE_NAMES = {
    "negation": "negation differs",
    "number": "numbers differ",
    "actor": "named actors differ",
    "strength": "strength of claim differs",
}
VERDICT_NAMES = {
    "conflict": "conflict",
    "update": "updated later",
    "agree": "agree",
    "outlet_only": "one outlet only",
}


@lru_cache(maxsize=1)
def _template() -> Template:
    environment = Environment(
        loader=PackageLoader("everyside.report", "templates"),
        # Article text is hostile input: everything is escaped, in every template.
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return environment.get_template("comparison.html")


def web_link(url: str | None) -> str | None:
    """Only http(s) links are kept: a "javascript:" URL in a feed must not become a link."""
    return url if url and urlsplit(url).scheme in ("http", "https") else None


def _speaker_colours(voices: list[Voice]) -> dict[str, str]:
    words: dict[str, int] = defaultdict(int)
    for voice in voices:
        words[voice.speaker] += voice.words
    ranked = sorted(words, key=lambda s: (-words[s], s))
    return {speaker: PALETTE[i % len(PALETTE)] for i, speaker in enumerate(ranked)}


def comparison_context(
    found: Comparison,
    *,
    entity_names: Mapping[str, str] | None = None,
    outlet_countries: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """What the comparison templates read: the comparison and the values derived from it.

    The standalone report and the web app's story page render the same sections from it;
    the pictures name actors by ``entity_names`` and group outlets by ``outlet_countries``.
    """
    voices_by_outlet: dict[str, list[Voice]] = defaultdict(list)
    for voice in found.voices:
        voices_by_outlet[voice.outlet].append(voice)
    articles = [replace(a, url=web_link(a.url)) for a in found.articles]
    return {
        "comparison": found,
        "title": found.headline or "empty story",
        "notice": nothing_to_compare(found.outlets, len(found.articles)),
        "languages": sorted({a.language or "?" for a in found.articles}),
        "articles": articles,
        "omitted": {outlet: {g.id for g in found.omissions(outlet)} for outlet in found.outlets},
        "voices_by_outlet": [
            (o, voices_by_outlet[o]) for o in found.outlets if o in voices_by_outlet
        ],
        "colours": _speaker_colours(found.voices),
        "coverage_names": COVERAGE_NAMES,
        "change_names": CHANGE_NAMES,
        "verdict_names": VERDICT_NAMES,
        "event_labels": {
            e.cameo_code: facts.label
            for e in found.events
            if (facts := cameo_code(e.cameo_code)) is not None and e.cameo_code
        },
        "disputed": [event for pair in found.disputed_events() for event in pair],
        "version": __version__,
        **story_pictures(found, entity_names=entity_names, outlet_countries=outlet_countries),
    }


def comparison_html(found: Comparison) -> str:
    """The whole comparison as one HTML page."""
    return _template().render(comparison_context(found))
