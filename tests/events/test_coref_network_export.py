"""Reports of one event merge; the actor network and the GDELT export are built from them."""

from __future__ import annotations

import json
from datetime import date, datetime
from xml.etree import ElementTree as ET

from everyside.events.coref import merge_reports
from everyside.events.export import GDELT_COLUMNS, gdelt_table
from everyside.events.network import build_network, network_graphml, network_json, network_svg
from everyside.model import Event, EventMood, EventReport, Span


def _report(
    article: str,
    outlet: str,
    source: str,
    target: str,
    code: str,
    day: date | None,
    *,
    start: int = 0,
    mood: EventMood = EventMood.ASSERTED,
    goldstein: float = 8.0,
) -> EventReport:
    event = Event(
        article_id=article,
        span=Span(start, start + 40),
        source_actor=source,
        action="sign",
        target_actor=target,
        cameo_code=code,
        goldstein=goldstein,
        quad_class=1,
        source_entity_id="person:vladimir-putin" if source == "RUSGOV" else None,
        mood=mood,
        occurred_on=day,
    )
    return EventReport(event=event, outlet=outlet, published_on=date(2024, 6, 20))


SIGNING = [
    _report("a", "Kyiv Pulse", "RUSGOV", "PRKGOV", "057", date(2024, 6, 19)),
    _report("b", "Warta", "RUSGOV", "PRKGOV", "057", date(2024, 6, 19), start=120),
    _report("c", "Meridian", "RUSGOV", "PRKGOV", "05", date(2024, 6, 20)),
]


def test_reports_of_one_event_merge_across_outlets() -> None:
    (signing,) = merge_reports(SIGNING)
    assert signing.outlets == ["Kyiv Pulse", "Warta", "Meridian"]
    assert signing.cameo_code == "057" and signing.codes == {"057": 2, "05": 1}
    assert signing.day == date(2024, 6, 19)


def test_different_events_stay_apart() -> None:
    later = _report("d", "Warta", "RUSGOV", "PRKGOV", "057", date(2024, 9, 1))
    reverse = _report("e", "Warta", "PRKGOV", "RUSGOV", "057", date(2024, 6, 19))
    threat = _report("f", "Warta", "RUSGOV", "PRKGOV", "138", date(2024, 6, 19), goldstein=-7)
    assert len(merge_reports([*SIGNING, later, reverse, threat])) == 4


def test_only_events_reported_as_happened_are_kept() -> None:
    planned = _report("g", "Warta", "RUSGOV", "UKRGOV", "036", None, mood=EventMood.FUTURE)
    denied = _report("h", "Warta", "RUSGOV", "UKRGOV", "036", None, mood=EventMood.NEGATED)
    assert merge_reports([planned, denied]) == []


def test_merging_does_not_depend_on_order() -> None:
    forward = [(e.id, len(e.reports)) for e in merge_reports(SIGNING)]
    backward = [(e.id, len(e.reports)) for e in merge_reports(list(reversed(SIGNING)))]
    assert forward == backward


def test_network_counts_windows_and_goldstein() -> None:
    events = merge_reports(
        [
            *SIGNING,
            _report("d", "Warta", "RUSGOV", "PRKGOV", "057", date(2024, 9, 1)),
            _report("f", "Warta", "USAGOV", "RUSGOV", "172", date(2024, 6, 21), goldstein=-5),
        ]
    )
    network = build_network(events, window_days=7)
    assert [(e.source, e.target, e.events) for e in network.edges] == [
        ("RUSGOV", "PRKGOV", 1),
        ("USAGOV", "RUSGOV", 1),
        ("RUSGOV", "PRKGOV", 1),
    ]
    assert network.activity() == {"RUSGOV": 3, "PRKGOV": 2, "USAGOV": 1}
    overall = build_network(events)
    assert overall.edges[0].events == 2 and overall.edges[0].mean_goldstein == 8.0
    data = json.loads(json.dumps(network_json(overall)))
    assert {n["id"] for n in data["nodes"]} == {"RUSGOV", "PRKGOV", "USAGOV"}
    graph = ET.fromstring(network_graphml(network))
    namespace = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert len(graph.findall(".//g:edge", namespace)) == 3
    svg = network_svg(overall)
    assert svg.startswith("<svg") and "RUSGOV" in svg and svg.count("<circle") == 3


def test_gdelt_export_has_every_column() -> None:
    (signing,) = merge_reports(SIGNING)
    table = gdelt_table(
        [signing],
        {"person:vladimir-putin": "Vladimir Putin"},
        {"a": "https://example.org/a"},
        datetime(2024, 6, 21, 8, 0),
    )
    header, row = (line.split("\t") for line in table.strip().split("\n"))
    assert header == list(GDELT_COLUMNS) and len(row) == 61
    values = dict(zip(header, row, strict=True))
    assert values["SQLDATE"] == "20240619" and values["EventRootCode"] == "05"
    assert values["Actor1Code"] == "RUSGOV" and values["Actor1CountryCode"] == "RUS"
    assert values["Actor1Type1Code"] == "GOV" and values["Actor1Name"] == "Vladimir Putin"
    assert values["NumSources"] == "3" and values["SOURCEURL"] == "https://example.org/a"
    assert values["IsRootEvent"] == "1"
