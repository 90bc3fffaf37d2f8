"""A whole ingest into a real SQLite file: duplicates, re-ingest, language, report."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from everyside.ingest import Outcome
from everyside.jobs import ingest
from everyside.settings import IngestOptions
from everyside.store import repository
from everyside.store.db import Store
from everyside.store.models import ArticleRow, ArticleSourceRow
from tests.ingest import samples

URL = "https://www.wrencourier.example/local/dredging"


def _count(store: Store, model: type) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_seeds_are_stored_with_language(fresh_store: Store, seeds: Path) -> None:
    report = ingest([str(seeds)], fresh_store)
    assert report.ok and report.count(Outcome.ADDED) == 2
    with fresh_store.session() as session:
        articles = repository.list_articles(session, repository.ArticleFilter())
    assert {a.language for a in articles} == {"en"}
    assert all(a.language_confidence and a.language_confidence > 0.9 for a in articles)


def test_reingesting_adds_nothing_and_says_so(fresh_store: Store, seeds: Path) -> None:
    ingest([str(seeds)], fresh_store)
    again = ingest([str(seeds), str(seeds / "*.txt")], fresh_store)
    assert again.ok
    assert [e.outcome for e in again.events] == [Outcome.ALREADY_STORED] * 4
    assert _count(fresh_store, ArticleRow) == 2 and _count(fresh_store, ArticleSourceRow) == 2


def test_exact_copy_from_another_outlet_is_linked_not_stored(
    fresh_store: Store, tmp_path: Path
) -> None:
    html = samples.page("Port Wren will dredge", samples.PARAGRAPHS, url=URL)
    samples.write(tmp_path / "page.html", html)
    copy = samples.rss([("Port Wren to dredge channel", URL + "?rss", samples.PARAGRAPHS)])
    samples.write(tmp_path / "syndicated.xml", copy)
    report = ingest([str(tmp_path)], fresh_store)
    assert [e.outcome for e in report.events] == [Outcome.ADDED, Outcome.EXACT_DUPLICATE]
    first, copy_event = report.events
    assert copy_event.duplicate_of == first.article_id
    with fresh_store.session() as session:
        sources = repository.article_sources(session, first.article_id or "")
    assert [s.format for s in sources] == ["html", "feed"]
    assert sources[1].url == URL + "?rss"
    assert _count(fresh_store, ArticleRow) == 1


def test_near_copy_is_stored_and_linked(fresh_store: Store, tmp_path: Path) -> None:
    edited = [*samples.PARAGRAPHS, "The wire service contributed to this report."]
    edited[0] = edited[0].replace("on Tuesday", "late on Tuesday")
    samples.write(tmp_path / "a.html", samples.page("Dredging plan", samples.PARAGRAPHS, url=URL))
    samples.write(tmp_path / "b.html", samples.page("Dredging approved", edited, url=URL + "b"))
    report = ingest([str(tmp_path)], fresh_store)
    original, copy = report.events
    assert copy.outcome is Outcome.NEAR_DUPLICATE
    assert copy.duplicate_of == original.article_id
    assert copy.similarity is not None and 0.5 < copy.similarity < 1.0
    with fresh_store.session() as session:
        stored = repository.get_article(session, copy.article_id or "")
    assert stored.duplicate_of == original.article_id


def test_near_copy_found_across_runs(fresh_store: Store, tmp_path: Path) -> None:
    edited = [*samples.PARAGRAPHS, "The wire service contributed to this report."]
    samples.write(tmp_path / "a.html", samples.page("Dredging plan", samples.PARAGRAPHS, url=URL))
    ingest([str(tmp_path / "a.html")], fresh_store)
    samples.write(tmp_path / "b.html", samples.page("Dredging approved", edited, url=URL + "b"))
    report = ingest([str(tmp_path / "b.html")], fresh_store)
    assert report.events[0].outcome is Outcome.NEAR_DUPLICATE


def test_near_duplicate_detection_can_be_switched_off(fresh_store: Store, tmp_path: Path) -> None:
    edited = [*samples.PARAGRAPHS, "The wire service contributed to this report."]
    samples.write(tmp_path / "a.html", samples.page("Dredging plan", samples.PARAGRAPHS, url=URL))
    samples.write(tmp_path / "b.html", samples.page("Dredging approved", edited, url=URL + "b"))
    report = ingest([str(tmp_path)], fresh_store, IngestOptions(near_duplicates=False))
    assert [e.outcome for e in report.events] == [Outcome.ADDED, Outcome.ADDED]
