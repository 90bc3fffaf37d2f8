"""The ingest report counts the newly stored articles that have no publication date."""

from __future__ import annotations

import json
from pathlib import Path

from everyside.ingest.pipeline import IngestEvent, IngestReport, Outcome, undated_note
from everyside.jobs import ingest
from everyside.settings import IngestOptions
from everyside.store.db import Store
from tests.ingest import samples


def test_report_counts_stored_articles_without_a_date(tmp_path: Path, fresh_store: Store) -> None:
    path = tmp_path / "a.jsonl"
    records = [
        {"text": "First. " + " ".join(samples.PARAGRAPHS), "published": "2024-06-18"},
        {
            "text": "Second. " + " ".join(samples.PARAGRAPHS),
            "url": "https://n.example/2024/06/18/b",
        },
        {"text": "Third. " + " ".join(samples.PARAGRAPHS), "url": "https://n.example/b/123"},
        {"text": "Third. " + " ".join(samples.PARAGRAPHS)},  # an exact copy: not new
    ]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    report = ingest([str(path)], fresh_store, IngestOptions(near_duplicates=False))
    assert report.stored == 3 and report.undated == 1
    assert [event.dated for event in report.events] == [True, True, False, None]


def test_note_only_when_some_are_undated() -> None:
    assert undated_note(0, 10) is None
    note = undated_note(1234, 5678)
    assert note is not None and note.startswith("note: 1,234 of 5,678 new articles")
    assert "\n" not in note


def test_failures_and_copies_are_not_counted() -> None:
    report = IngestReport(
        events=[
            IngestEvent(locator="a", outcome=Outcome.FAILED, message="bad"),
            IngestEvent(locator="b", outcome=Outcome.EXACT_DUPLICATE),
            IngestEvent(locator="c", outcome=Outcome.NEAR_DUPLICATE, dated=False),
        ]
    )
    assert report.stored == 1 and report.undated == 1
