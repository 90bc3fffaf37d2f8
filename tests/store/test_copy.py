"""everyside db copy: SQLite to PostgreSQL and back, every table, resumable, refusals."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from alembic import command
from sqlalchemy import select

from everyside.ingest.article import build_article
from everyside.model import DuplicateKind, Outlet, SourceRef
from everyside.store import near_duplicates, repository
from everyside.store.copy import CopyError, copy_store
from everyside.store.db import Store, alembic_config
from everyside.store.frequencies import save_frequencies
from everyside.store.models import (
    AlertRow,
    AnalysisRow,
    ArticleFeaturesRow,
    Base,
    ClaimRow,
    EntityRow,
    EntityWordRow,
    EventRow,
    FeedStateRow,
    MentionRow,
    QuoteRow,
    SpeakerWordRow,
    StoryArticleRow,
    StoryChangeRow,
    StoryComparisonRow,
    StoryRow,
    TimeMentionRow,
    WatchMarkRow,
)

WHEN = datetime(2024, 6, 18, 9, 30, tzinfo=UTC)


def _article(number: int, text: str):  # type: ignore[no-untyped-def]
    return build_article(
        title=f"Harbour report {number}",
        paragraphs=[text],
        source=SourceRef(locator=f"report-{number}.txt", format="text"),
        outlet=Outlet(name=f"Outlet {number % 3}", domain="example.org", country="GB"),
        published_at=WHEN,
    )


def fill(store: Store, articles: int = 12) -> None:
    """Put rows in every table: articles (one near-copying a later one), analyses, watch state."""
    made = [
        _article(n, f"Story {n}: the harbour at Port Wren, with café number {n}.")
        for n in range(articles)
    ]
    # A link from an article to one after it in key order: the copy must write it last.
    ordered = sorted(made, key=lambda article: article.id)
    first, last = ordered[0], ordered[-1]
    first.duplicate_of, first.duplicate_kind, first.duplicate_similarity = (
        last.id,
        DuplicateKind.NEAR,
        0.9,
    )
    for article in reversed(ordered):
        with store.transaction() as session:
            repository.add_article(session, store.fulltext, article, minhash=bytes([1, 2, 3]))
    with store.transaction() as session:
        copy = replace(made[0], source=SourceRef(locator="copy.txt", format="text"))
        repository.record_copy(session, made[0].id, copy)
        session.add(
            EntityRow(
                id="person:wren",
                name="Ada Wren",
                kind="PERSON",
                aliases=["Wren"],
                mentions=articles,
                articles=articles,
            )
        )
        session.add_all(EntityWordRow(word=w, entity_id="person:wren") for w in ("ada", "wren"))
        for number, article in enumerate(made):
            span = {"article_id": article.id, "start": 0, "end": 5, "text": "Story"}
            session.add(AnalysisRow(article_id=article.id, version="v1", analyzed_at=WHEN))
            session.add(MentionRow(**span, label="PERSON", entity_id="person:wren"))
            quote = QuoteRow(
                **span,
                kind="direct",
                speaker_text="Wren",
                speaker_entity_id="person:wren",
                cue="said",
            )
            session.add(quote)
            session.flush()
            session.add(SpeakerWordRow(word="wren", quote_id=quote.id))
            session.add(
                ClaimRow(**span, value=float(number), unit="ships", time_value=date(2024, 6, 1))
            )
            session.add(TimeMentionRow(**span, value=date(2024, 6, 18), granularity="day"))
            session.add(
                EventRow(**span, action="visit", mood="asserted", cameo_code="042", goldstein=1.9)
            )
            session.add(
                ArticleFeaturesRow(
                    article_id=article.id,
                    data={"terms": {"harbour": 1.0}},
                    # Floats of every exponent and sign: a copy that changes a byte shows.
                    embedding=np.random.default_rng(number).standard_normal(512, "<f4").tobytes(),
                )
            )
            # Keys shared across articles: the copy pages by the whole (band, hash, id) key.
            near_duplicates.add_band_keys(session, article.id, [(0, number % 3), (1, -number)])
            session.add(
                StoryArticleRow(
                    article_id=article.id, story_id="story-1", probability=0.8, sequence=number + 1
                )
            )
        session.add(
            StoryRow(
                id="story-1",
                headline="Harbour",
                size=articles,
                first_seen=WHEN,
                last_seen=WHEN,
                summary={"id": "story-1", "article_ids": [a.id for a in made]},
            )
        )
        near_duplicates.set_band_layout(session, 5, 2)
        save_frequencies(
            session, {"documents": 12, "df": {"harbour": 12}}, {"documents": 12, "df": {}}
        )
        session.add(StoryChangeRow(kind="merge", data={"before": ["a", "b"]}, recorded_at=WHEN))
        session.add(
            StoryComparisonRow(
                story_id="story-1", stamp="0" * 64, data={"groups": []}, computed_at=WHEN
            )
        )
        session.add(
            FeedStateRow(
                url="http://127.0.0.1/wren.xml",
                outlet="Wren Courier",
                etag='"v1"',
                last_success=WHEN,
                failures=0,
                items_seen=articles,
                next_poll=WHEN,
                item_keys=["a", "b"],
            )
        )
        session.add(
            AlertRow(
                key="mention:story-1",
                rule="harbour",
                kind="mention",
                story_id="story-1",
                title="Harbour",
                text="A story mentions the harbour.",
                data={"outlets": 1},
                created_at=WHEN,
                delivered_at=WHEN,
            )
        )
        session.add(WatchMarkRow(name="rules", value=articles))


def rows(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows in key order, times made comparable across backends."""
    found = {}
    with store.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            statement = select(table).order_by(*table.primary_key.columns)
            found[table.name] = [
                {key: _utc(value) for key, value in row.items()}
                for row in connection.execute(statement).mappings()
            ]
    return found


def _utc(value: Any) -> Any:
    # SQLite hands out times without a zone (they are UTC); PostgreSQL with one.
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


@pytest.fixture(params=["sqlite-to-postgresql", "postgresql-to-sqlite"])
def stores(
    request: pytest.FixtureRequest, tmp_path: Path, postgres_url: str
) -> Iterator[tuple[Store, Store]]:
    """A filled source store and a new destination, one on SQLite, one on PostgreSQL."""
    sqlite_url = f"sqlite:///{tmp_path / 'copy.db'}"
    source_url, destination_url = (
        (sqlite_url, postgres_url)
        if request.param == "sqlite-to-postgresql"
        else (postgres_url, sqlite_url)
    )
    source, destination = Store(source_url), Store(destination_url)
    fill(source)
    yield source, destination
    source.close()
    destination.close()


def test_copy_holds_every_row_and_can_be_searched(stores: tuple[Store, Store]) -> None:
    source, destination = stores
    report = copy_store(source, destination, batch_size=5)
    assert (report.copied, report.skipped) == (sum(len(t) for t in rows(source).values()), 0)
    assert rows(destination) == rows(source)
    assert all(table.rows > 0 for table in report.tables), "fill() leaves a table empty"
    with destination.session() as session:
        hits = repository.search_articles(session, destination.fulltext, "cafe", limit=50)
    assert len(hits) == 12


def test_copied_store_takes_new_rows(stores: tuple[Store, Store]) -> None:
    source, destination = stores
    copy_store(source, destination)
    # New rows get ids after the copied ones (PostgreSQL's sequences were moved on).
    with destination.transaction() as session:
        repository.add_article(session, destination.fulltext, _article(99, "A new text."))
        session.add(StoryChangeRow(kind="split", data={}, recorded_at=WHEN))
    assert len(rows(destination)["article_sources"]) == len(rows(source)["article_sources"]) + 1


class _Interrupt(Exception):
    pass


class _StopAfter:
    """A progress listener that interrupts the copy after some batches."""

    def __init__(self, batches: int) -> None:
        self.batches = batches

    def start(self, table: str, total: int) -> None:
        pass

    def advance(self, rows: int) -> None:
        self.batches -= 1
        if self.batches == 0:
            raise _Interrupt


# Three batches stop inside the articles, before their links to each other are written;
# six stop after them.
@pytest.mark.parametrize("batches", [3, 6])
def test_interrupted_copy_resumes_where_it_stopped(
    stores: tuple[Store, Store], batches: int
) -> None:
    source, destination = stores
    with pytest.raises(_Interrupt):
        copy_store(source, destination, batch_size=4, progress=_StopAfter(batches))
    partial = sum(len(t) for t in rows(destination).values())
    assert 0 < partial < sum(len(t) for t in rows(source).values())
    report = copy_store(source, destination, batch_size=4)
    assert report.skipped == partial
    assert rows(destination) == rows(source)
    with destination.session() as session:
        assert (
            len(repository.search_articles(session, destination.fulltext, "harbour", limit=50))
            == 12
        )


def test_copy_refuses_a_destination_that_is_not_a_copy(stores: tuple[Store, Store]) -> None:
    source, destination = stores
    with destination.transaction() as session:
        session.add(EntityRow(id="org:other", name="Other", kind="ORG", aliases=[]))
        session.add(EntityRow(id="org:another", name="Another", kind="ORG", aliases=[]))
    with pytest.raises(CopyError, match="not a copy"):
        copy_store(source, destination)


def test_copy_refuses_a_source_behind_the_newest_schema(stores: tuple[Store, Store]) -> None:
    source, destination = stores
    command.downgrade(alembic_config(source.engine), "0004")
    with pytest.raises(CopyError, match="db migrate"):
        copy_store(source, destination)
