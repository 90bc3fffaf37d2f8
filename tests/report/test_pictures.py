"""The story's pictures: actor network, timeline chart and coverage bar, as valid, escaped SVG."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from xml.etree import ElementTree as ET

from everyside.compare.results import ArticleRef, Comparison
from everyside.events.actor_names import actor_names, describe_code, fold_government
from everyside.events.coref import merge_reports
from everyside.events.network import build_network, network_svg
from everyside.model import Event, EventReport, RealWorldEvent, Span
from everyside.report.html import comparison_html
from everyside.report.pictures import coverage_bar, timeline_svg

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert("x")</script> & "quoted"'
NAMES = {
    "person:vladimir-putin": "Vladimir Putin",
    "person:kim-jong-un": "Kim Jong Un",
    "person:jens-stoltenberg": "Jens Stoltenberg",
    "country:RUS": "Russia",
}


def _report(
    article: str,
    source: str,
    target: str,
    *,
    code: str = "057",
    goldstein: float = 8.0,
    source_entity: str | None = None,
    target_entity: str | None = None,
    outlet: str = "Wire",
    start: int = 0,
) -> EventReport:
    event = Event(
        article_id=article,
        span=Span(start, start + 40),
        source_actor=source,
        action="act",
        target_actor=target,
        cameo_code=code,
        goldstein=goldstein,
        quad_class=1,
        source_entity_id=source_entity,
        target_entity_id=target_entity,
        occurred_on=date(2024, 6, 19),
    )
    return EventReport(event=event, outlet=outlet, published_on=date(2024, 6, 20))


def _events() -> list[RealWorldEvent]:
    return merge_reports(
        [
            _report("a", "RUSGOV", "PRKGOV", source_entity="person:vladimir-putin",
                    target_entity="person:kim-jong-un"),
            _report("b", "RUSGOV", "PRKGOV", source_entity="person:vladimir-putin",
                    outlet="Post"),
            _report("c", "RUS", "PRK", code="172", goldstein=-5, start=100,
                    source_entity="country:RUS"),
            _report("d", "IGOWSTNAT", "RUS", code="112", goldstein=-2, start=200,
                    source_entity="person:jens-stoltenberg", target_entity="country:RUS"),
            _report("e", "---GOV", "IGOWSTNAT", code="040", goldstein=1, start=300),
        ]
    )  # fmt: skip


def _texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return ["".join(t.itertext()) for t in root.iter() if t.tag.endswith("text")]


def test_codes_read_out_in_words() -> None:
    assert describe_code("RUSGOV") == "Russia, government"
    assert describe_code("GBRGOVMIL") == "United Kingdom, government, military"
    assert describe_code("IGOWSTNAT") == "NATO"
    assert describe_code("---GOV") == "government"
    assert describe_code("XYZ") == "XYZ"
    assert fold_government("GBRGOVMIL") == "GBR" and fold_government("RUSMIL") == "RUSMIL"
    assert fold_government("IGOWSTNAT") == "IGOWSTNAT"


def test_network_names_actors_and_keeps_codes_on_hover() -> None:
    events = _events()
    names = actor_names(events, NAMES)
    svg = network_svg(build_network(events), names=names)
    labels = _texts(svg)
    # Entity names, a country by its name, a known organization by its own.
    for name in ("Vladimir Putin", "Kim Jong Un", "Russia", "NATO", "government"):
        assert name in labels
    hovers = [t.text or "" for t in ET.fromstring(svg).iter(f"{SVG}title")]
    assert any(h.startswith("RUSGOV: Russia, government (Vladimir Putin)") for h in hovers)
    assert any("IGOWSTNAT" in h and "Jens Stoltenberg" in h for h in hovers)
    # The key: edge colour is the mean Goldstein, thickness the number of events.
    assert any("mean Goldstein" in t for t in labels)
    assert any(t.startswith("Thickness: events") for t in labels)
    assert "−10 conflict" in labels and "+10 cooperation" in labels


def test_sub_actors_are_not_named_after_their_country_nor_share_a_name() -> None:
    events = merge_reports(
        [
            _report("a", "GBR", "GBRCVL", target_entity="country:GBR"),
            _report("b", "RUSGOV", "UKR", source_entity="person:vladimir-putin", start=100),
            _report("c", "RUSMIL", "UKR", source_entity="person:vladimir-putin", start=200),
        ]
    )
    names = {code: actor.name for code, actor in actor_names(events, NAMES).items()}
    assert names["GBR"] == "United Kingdom"
    assert names["GBRCVL"] == "United Kingdom, civilians"
    assert names["RUSGOV"] == "Vladimir Putin (Russia, government)"
    assert names["RUSMIL"] == "Vladimir Putin (Russia, military)"


def test_folding_draws_government_actors_as_their_country() -> None:
    events = _events()
    plain = network_svg(build_network(events), names=actor_names(events, NAMES))
    folded = network_svg(
        build_network(events), names=actor_names(events, NAMES, fold=True), fold=True
    )
    assert plain.count("<circle") == 6  # RUSGOV, PRKGOV, RUS, PRK, IGOWSTNAT, ---GOV
    assert folded.count("<circle") == 4  # RUS, PRK, IGOWSTNAT, ---GOV
    labels = _texts(folded)
    assert "Russia" in labels and "North Korea" in labels and "Vladimir Putin" not in labels


def test_network_escapes_names_and_shares_a_page() -> None:
    events = _events()
    names = actor_names(events, {**NAMES, "person:vladimir-putin": HOSTILE})
    svg = network_svg(build_network(events), names=names, key="mine", standalone=False)
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    root = ET.fromstring(svg)  # valid XML without the namespace too
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert ids and all(i.startswith("mine-") for i in ids)
    assert "xmlns" not in svg.split(">", 1)[0]


def test_an_empty_network_says_so() -> None:
    svg = network_svg(build_network([]))
    assert "No event with both actors known." in _texts(svg)


def _article(outlet: str, hours: float | None, title: str = "A title") -> ArticleRef:
    start = datetime(2024, 7, 19, 4, 0, tzinfo=UTC)
    return ArticleRef(
        id=f"{outlet}-{hours}",
        outlet=outlet,
        title=title,
        language="en",
        published_at=None if hours is None else start + timedelta(hours=hours),
    )


def test_timeline_has_a_lane_per_outlet_first_report_on_top() -> None:
    articles = [
        _article("Late Post", 20),
        _article("Early Wire", 1, title=HOSTILE),
        _article("Early Wire", 9),
        _article("Undated Daily", None),
    ]
    svg = timeline_svg(articles, ["Late Post", "Early Wire", "Undated Daily"])
    root = ET.fromstring(svg)
    lanes = [
        "".join(g.find("text").itertext())  # type: ignore[union-attr]
        for g in root.iter("g")
        if g.get("class") == "lane"
    ]
    assert lanes == ["Early Wire · first report", "Late Post", "Undated Daily"]
    first = [g for g in root.iter("g") if g.get("class") == "first-report"]
    assert len(first) == 1 and "Early Wire" in (first[0].findtext("title") or "")
    assert HOSTILE in (first[0].findtext("title") or "")  # escaped in the file, read back
    assert "<script>" not in svg
    assert len([c for c in root.iter("circle") if c.get("class") == "report"]) == 2
    assert "1 undated article not placed" in _texts(svg)
    assert "times in UTC" in _texts(svg)


def test_timeline_of_undated_articles_only() -> None:
    svg = timeline_svg([_article("Wire", None)])
    assert "1 undated article not placed" in _texts(svg)


def test_coverage_bar_counts_outlets_by_country_and_articles_by_language() -> None:
    bar = coverage_bar(
        ["Wire", "Post", "Kurier", "Blog"],
        {"en": 3, "de": 1},
        {"Wire": "GBR", "Post": "GBR", "Kurier": "DEU"},
    )
    countries, languages = bar.rows
    assert countries.title == "Outlets by country"
    assert [(s.label, s.count) for s in countries.segments] == [
        ("United Kingdom", 2),
        ("Germany", 1),
        ("country not known", 1),
    ]
    assert countries.segments[0].members == ("Wire", "Post")
    assert [(s.label, s.count) for s in languages.segments] == [("English", 3), ("German", 1)]
    plain = coverage_bar(["Wire", "Post"], ["en"])
    assert plain.rows[0].title == "Outlets" and plain.rows[1].title == "Languages"


def test_report_shows_the_pictures_without_script(ferry_comparison: Comparison) -> None:
    found = replace(ferry_comparison, events=_events())
    page = comparison_html(found)
    assert 'id="coverage"' in page and "timeline-chart" in page
    assert 'id="actors-title"' in page and 'id="actors-folded-title"' in page
    assert 'type="checkbox" id="fold-government"' in page
    assert "<script" not in page and "http://" not in page
    assert '<abbr title="RUSGOV">Vladimir Putin</abbr>' in page
    assert 'class="fact-cards"' in page
