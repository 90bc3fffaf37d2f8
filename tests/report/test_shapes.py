"""Each JSON shape is defined once, mirrors its record, and prints what the record holds."""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any

import pytest
from pydantic import BaseModel

from everyside.compare import results
from everyside.compare.results import Comparison
from everyside.ingest import IngestEvent, IngestReport, Outcome
from everyside.model import Event, EventReport, RealWorldEvent, Span, json_ready
from everyside.report import json as json_report
from everyside.report import shapes_compare as shapes
from everyside.report.shapes import IngestCountsOut
from everyside.web import schemas

# Each model of the comparison and its record: the same fields in the same order.
MIRRORED: list[tuple[type[BaseModel], type[Any]]] = [
    (shapes.ComparedArticleOut, results.ArticleRef),
    (shapes.StatementOut, results.Statement),
    (shapes.ClosestStatementOut, results.ClosestStatement),
    (shapes.StatementGroupOut, results.StatementGroup),
    (shapes.DiffPartOut, results.DiffPart),
    (shapes.QuoteRefOut, results.QuoteRef),
    (shapes.QuoteVariantOut, results.QuoteVariant),
    (shapes.NumberSightingOut, results.NumberSighting),
    (shapes.NumberReportOut, results.NumberReport),
    (shapes.VoiceOut, results.Voice),
    (shapes.ActorLabelsOut, results.ActorLabels),
    (shapes.HeadlineOut, results.Headline),
    (shapes.ToneOut, results.Tone),
    (shapes.TimelineEntryOut, results.TimelineEntry),
    (shapes.SummarySentenceOut, results.SummarySentence),
    (shapes.CodedEventOut, Event),
    (shapes.EventReportOut, EventReport),
    (shapes.RealWorldEventOut, RealWorldEvent),
]


def _json(data: Any) -> Any:
    return json.loads(json.dumps(data))


@pytest.mark.parametrize(("model", "record"), MIRRORED, ids=lambda item: item.__name__)
def test_each_model_has_its_records_fields_in_order(
    model: type[BaseModel], record: type[Any]
) -> None:
    assert list(model.model_fields) == [f.name for f in fields(record)]


def test_the_comparison_is_its_record_then_notice_omissions_and_near_misses() -> None:
    names = [f.alias or name for name, f in shapes.ComparisonOut.model_fields.items()]
    assert names == [
        "schema",
        "version",
        *(f.name for f in fields(Comparison)),
        "notice",
        "omissions",
        "possibly_covered",
    ]


def test_printed_comparison_is_the_records_encoding(ferry_comparison: Comparison) -> None:
    printed = _json(json_report.comparison(ferry_comparison))
    encoded = _json(json_ready(ferry_comparison))
    assert {key: printed[key] for key in encoded} == encoded
    assert printed["schema"] == "everyside.comparison" and printed["notice"] is None
    near = [item for items in printed["possibly_covered"].values() for item in items]
    assert all(next(iter(item)) == "group" for item in near)


def test_a_real_world_event_lists_its_outlets_and_codes() -> None:
    def report(outlet: str, code: str) -> EventReport:
        event = Event(
            article_id=outlet[0],
            span=Span(0, 4),
            source_actor="RUS",
            action="met",
            target_actor="PRK",
            cameo_code=code,
        )
        return EventReport(event=event, outlet=outlet)

    found = RealWorldEvent(
        id="e1",
        source_actor="RUS",
        target_actor="PRK",
        cameo_code="040",
        goldstein=1.0,
        quad_class=1,
        plover=None,
        day=None,
        location=None,
        reports=[report("Wren", "040"), report("Kite", "042"), report("Wren", "040")],
    )
    printed = json_report.real_world_event(found)
    assert {key: printed[key] for key in _json(json_ready(found))} == _json(json_ready(found))
    assert list(printed)[-2:] == ["outlets", "codes"]
    assert printed["outlets"] == ["Wren", "Kite"] and printed["codes"] == {"040": 2, "042": 1}


def test_ingest_counts_name_every_outcome() -> None:
    assert list(IngestCountsOut.model_fields) == [outcome.value for outcome in Outcome]
    report = IngestReport(
        events=[
            IngestEvent(locator="a.txt", outcome=Outcome.ADDED, similarity=0.123456, dated=False),
            IngestEvent(locator="b.txt", outcome=Outcome.FAILED, message="empty"),
        ],
        files=2,
    )
    printed = json_report.ingest_report(report)
    assert list(printed) == ["files", "counts", "undated", "events"]
    assert printed["counts"]["added"] == 1 and printed["undated"] == 1
    assert printed["events"][0]["outcome"] == "added"
    assert printed["events"][0]["similarity"] == 0.1235


def test_the_api_defines_only_its_own_models() -> None:
    """Errors, pages and inputs; every record's shape is one of report's, imported."""
    own = {
        name
        for name, value in vars(schemas).items()
        if isinstance(value, type)
        and issubclass(value, BaseModel)
        and value.__module__ == schemas.__name__
    }
    assert own == {
        "ErrorOut",
        "Page",
        "ArticleIn",
        "ArticlesIn",
        "ArticlePage",
        "StoryPage",
        "EntityPage",
        "EntityDetailOut",
        "QuotePage",
    }
