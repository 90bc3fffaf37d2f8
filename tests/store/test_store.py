"""The SQLite store: migrations, WAL, transactions, full-text search, listing and lookup."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from everyside.errors import ArticleNotFound, EverysideError
from everyside.ingest import ingest
from everyside.ingest.article import build_article
from everyside.model import Outlet, SourceRef
from everyside.store import repository
from everyside.store.db import DEFAULT_DB, Store, alembic_config, resolve_db_url
from everyside.store.models import Base


def _article(title: str, text: str, *, outlet: str = "Wren Courier", when: str = "2024-06-18"):  # type: ignore[no-untyped-def]
    return build_article(
        title=title,
        paragraphs=[text],
        source=SourceRef(locator=f"{title}.txt", format="text"),
        outlet=Outlet(name=outlet),
        published_at=datetime.fromisoformat(when),
    )


def _add(store: Store, *articles) -> None:  # type: ignore[no-untyped-def]
    for article in articles:
        with store.transaction() as session:
            repository.add_article(session, store.fulltext, article)


def test_new_store_is_migrated_and_in_wal_mode(fresh_store: Store) -> None:
    assert fresh_store.is_current()
    path = fresh_store.location
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert {"articles", "outlets", "article_sources", "articles_fts", "alembic_version"} <= tables


def test_migrations_downgrade_and_upgrade_cleanly(fresh_store: Store) -> None:
    config = alembic_config(fresh_store.engine)
    command.downgrade(config, "base")
    assert not fresh_store.is_current()
    fresh_store.migrate()
    assert fresh_store.is_current()


def test_db_url_resolution(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EVERYSIDE_DB", raising=False)
    assert resolve_db_url() == f"sqlite:///{DEFAULT_DB}"
    assert resolve_db_url("news.db") == "sqlite:///news.db"
    monkeypatch.setenv("EVERYSIDE_DB", "/data/x.db")
    assert resolve_db_url() == "sqlite:////data/x.db"
    assert resolve_db_url("postgresql://u@h/db") == "postgresql://u@h/db"


def test_full_text_search_ranks_and_folds_diacritics(fresh_store: Store) -> None:
    _add(
        fresh_store,
        _article("Dredging approved", "The harbour channel will be dredged in Port Wren."),
        _article("Bus lanes", "Council extends bus lanes; the harbour road is included."),
        _article("Café reopens", "A café on the pier reopened after the storm season."),
    )
    with fresh_store.session() as session:
        hits = repository.search_articles(session, fresh_store.fulltext, "harbour")
        assert [a.title for a, _ in hits][:2] == ["Dredging approved", "Bus lanes"]
        assert "[harbour]" in hits[0][1].snippet
        cafe = repository.search_articles(session, fresh_store.fulltext, "cafe")
        assert [a.title for a, _ in cafe] == ["Café reopens"]
        # Query syntax errors (a stray hyphen or quote) fall back to a word search.
        assert repository.search_articles(session, fresh_store.fulltext, 'Port-Wren "') != []


def test_listing_filters(fresh_store: Store) -> None:
    _add(
        fresh_store,
        _article("Old", "First text about the pier.", when="2024-05-01"),
        _article("New", "Second text about the ferry.", outlet="Isle Post", when="2024-06-20"),
    )
    with fresh_store.session() as session:
        everything = repository.list_articles(session, repository.ArticleFilter())
        assert [a.title for a in everything] == ["New", "Old"]
        by_outlet = repository.list_articles(session, repository.ArticleFilter(outlet="isle post"))
        assert [a.title for a in by_outlet] == ["New"]
        since = repository.ArticleFilter(since=datetime(2024, 6, 1))
        assert [a.title for a in repository.list_articles(session, since)] == ["New"]
        paged = repository.ArticleFilter(limit=1, offset=1)
        assert [a.title for a in repository.list_articles(session, paged)] == ["Old"]


def test_lookup_by_id_prefix(fresh_store: Store) -> None:
    article = _article("Pier", "The pier will close for repairs in August.")
    _add(fresh_store, article)
    with fresh_store.session() as session:
        assert repository.get_article(session, article.id[:6]).title == "Pier"
        with pytest.raises(ArticleNotFound):
            repository.get_article(session, "ffffffffffffffff")


def test_ambiguous_prefix_is_refused(fresh_store: Store) -> None:
    _add(fresh_store, *(_article(f"T{i}", f"Distinct text number {i} here.") for i in range(40)))
    with fresh_store.session() as session, pytest.raises(EverysideError, match="ambiguous"):
        repository.get_article(session, "")


def test_failed_transaction_leaves_nothing(fresh_store: Store) -> None:
    article = _article("Pier", "The pier will close for repairs in August.")
    with pytest.raises(RuntimeError), fresh_store.transaction() as session:
        repository.add_article(session, fresh_store.fulltext, article)
        raise RuntimeError("killed half-way")
    with sqlite3.connect(fresh_store.location) as connection:
        for table in ("articles", "article_sources", "articles_fts", "outlets"):
            assert connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0


def test_stored_article_round_trips(fresh_store: Store, seeds: Path) -> None:
    report = ingest([str(seeds / "000_0a8e922b3ed89e77.txt")], fresh_store)
    with fresh_store.session() as session:
        stored = repository.get_article(session, report.events[0].article_id or "")
    assert stored.outlet is not None and stored.outlet.name == "UNN"
    assert stored.view_count == 113463 and stored.place == "Kyiv"
    assert stored.published_at is not None and stored.published_at.isoformat().startswith(
        "2024-06-20T00:17"
    )
    assert [b.kind.value for b in stored.boilerplate][:3] == [
        "repeated_title",
        "byline",
        "timestamp",
    ]


def test_migrations_build_exactly_the_tables_the_models_describe(fresh_store: Store) -> None:
    with fresh_store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    # The full-text index is created by dialects.py, outside the models.
    assert [d for d in differences if "articles_fts" not in str(d)] == []
