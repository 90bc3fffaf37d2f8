"""The store on SQLite and PostgreSQL: migrations, transactions, search, listing, lookup."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from everyside.errors import ArticleNotFound, EverysideError
from everyside.ingest.article import build_article
from everyside.jobs import ingest
from everyside.model import Outlet, SourceRef
from everyside.store import repository
from everyside.store.db import DEFAULT_DB, Store, alembic_config, resolve_db_url
from everyside.store.dialects import same_column_type
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


def _add_harbour_news(store: Store) -> None:
    """Three short articles the search tests query."""
    _add(
        store,
        _article("Dredging approved", "The harbour channel will be dredged in Port Wren."),
        _article("Bus lanes", "Council extends bus lanes; the harbour road is included."),
        _article("Café reopens", "A café on the pier reopened after the storm season."),
    )


def test_new_store_is_migrated(any_store: Store) -> None:
    assert any_store.is_current()
    tables = set(inspect(any_store.engine).get_table_names())
    assert {"articles", "outlets", "article_sources", "articles_fts", "alembic_version"} <= tables


def test_new_sqlite_store_is_in_wal_mode(fresh_store: Store) -> None:
    with fresh_store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_migrations_downgrade_and_upgrade_cleanly(any_store: Store) -> None:
    config = alembic_config(any_store.engine)
    command.downgrade(config, "base")
    assert not any_store.is_current()
    assert set(inspect(any_store.engine).get_table_names()) == {"alembic_version"}
    any_store.migrate()
    assert any_store.is_current()


def test_db_url_resolution(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EVERYSIDE_DB", raising=False)
    assert resolve_db_url() == f"sqlite:///{DEFAULT_DB}"
    assert resolve_db_url("news.db") == "sqlite:///news.db"
    monkeypatch.setenv("EVERYSIDE_DB", "/data/x.db")
    assert resolve_db_url() == "sqlite:////data/x.db"
    # A plain PostgreSQL URL gets the driver everyside installs (psycopg 3).
    assert resolve_db_url("postgresql://u:pw@h/db") == "postgresql+psycopg://u:pw@h/db"
    assert (
        resolve_db_url("postgresql+psycopg://u@/db?host=/s") == "postgresql+psycopg://u@/db?host=/s"
    )


def test_full_text_search_ranks_and_folds_diacritics(any_store: Store) -> None:
    _add_harbour_news(any_store)
    with any_store.session() as session:
        hits = repository.search_articles(session, any_store.fulltext, "harbour")
        assert [a.title for a, _ in hits][:2] == ["Dredging approved", "Bus lanes"]
        assert "[harbour]" in hits[0][1].snippet
        cafe = repository.search_articles(session, any_store.fulltext, "cafe")
        assert [a.title for a, _ in cafe] == ["Café reopens"]
        # Query syntax errors (a stray hyphen or quote) fall back to a word search.
        assert repository.search_articles(session, any_store.fulltext, 'Port-Wren "') != []


def test_listing_filters(any_store: Store) -> None:
    _add(
        any_store,
        _article("Old", "First text about the pier.", when="2024-05-01"),
        _article("New", "Second text about the ferry.", outlet="Isle Post", when="2024-06-20"),
    )
    with any_store.session() as session:
        everything = repository.list_articles(session, repository.ArticleFilter())
        assert [a.title for a in everything] == ["New", "Old"]
        by_outlet = repository.list_articles(session, repository.ArticleFilter(outlet="isle post"))
        assert [a.title for a in by_outlet] == ["New"]
        since = repository.ArticleFilter(since=datetime(2024, 6, 1))
        assert [a.title for a in repository.list_articles(session, since)] == ["New"]
        paged = repository.ArticleFilter(limit=1, offset=1)
        assert [a.title for a in repository.list_articles(session, paged)] == ["Old"]


def test_lookup_by_id_prefix(any_store: Store) -> None:
    article = _article("Pier", "The pier will close for repairs in August.")
    _add(any_store, article)
    with any_store.session() as session:
        assert repository.get_article(session, article.id[:6]).title == "Pier"
        with pytest.raises(ArticleNotFound):
            repository.get_article(session, "ffffffffffffffff")


def test_ambiguous_prefix_is_refused(any_store: Store) -> None:
    _add(any_store, *(_article(f"T{i}", f"Distinct text number {i} here.") for i in range(40)))
    with any_store.session() as session, pytest.raises(EverysideError, match="ambiguous"):
        repository.get_article(session, "")


def test_failed_transaction_leaves_nothing(any_store: Store) -> None:
    article = _article("Pier", "The pier will close for repairs in August.")
    with pytest.raises(RuntimeError), any_store.transaction() as session:
        repository.add_article(session, any_store.fulltext, article)
        raise RuntimeError("killed half-way")
    with any_store.engine.connect() as connection:
        for table in ("articles", "article_sources", "articles_fts", "outlets"):
            assert connection.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0


def test_stored_article_round_trips(any_store: Store, seeds: Path) -> None:
    report = ingest([str(seeds / "000_0a8e922b3ed89e77.txt")], any_store)
    with any_store.session() as session:
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


def test_migrations_build_exactly_the_tables_the_models_describe(any_store: Store) -> None:
    with any_store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": same_column_type})
        differences = compare_metadata(context, Base.metadata)
    # The full-text index is created by dialects.py, outside the models.
    assert [d for d in differences if "articles_fts" not in str(d)] == []


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ('"harbour channel"', {"Dredging approved"}),
        ("bus OR cafe", {"Bus lanes", "Café reopens"}),
        ("harbour NOT bus", {"Dredging approved"}),
        ("dredg*", {"Dredging approved"}),
        ("(pier OR road) AND harbour", {"Bus lanes"}),
        ("harbour bus", {"Bus lanes"}),
        ("ferry", set()),
    ],
)
def test_search_syntax_means_the_same_on_every_backend(
    any_store: Store, query: str, titles: set[str]
) -> None:
    _add_harbour_news(any_store)
    with any_store.session() as session:
        hits = repository.search_articles(session, any_store.fulltext, query)
    assert {article.title for article, _ in hits} == titles


def test_text_longer_than_the_old_column_lengths_is_kept(any_store: Store) -> None:
    # Bylines and places read from CSV or JSONL have no length limit; PostgreSQL used to
    # refuse what SQLite stored (migration 0005).
    article = _article("Pier", "The pier will close for repairs in August.", outlet="O" * 300)
    article.author, article.place = "A" * 700, "P" * 300
    _add(any_store, article)
    with any_store.session() as session:
        stored = repository.get_article(session, article.id)
    assert (stored.author, stored.place) == (article.author, article.place)
    assert stored.outlet is not None and stored.outlet.name == "O" * 300


def test_store_from_before_0005_upgrades_with_its_data(any_store: Store) -> None:
    article = _article("Pier", "The pier will close for repairs in August.")
    command.downgrade(alembic_config(any_store.engine), "0004")
    assert any_store.revision() == "0004"
    _add(any_store, article)
    any_store.migrate()
    assert any_store.is_current()
    with any_store.session() as session:
        assert repository.get_article(session, article.id).title == "Pier"
        assert [
            a.title for a, _ in repository.search_articles(session, any_store.fulltext, "pier")
        ] == ["Pier"]
