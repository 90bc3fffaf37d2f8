"""Stored analyses: kept entity counts, quotes by speaker, and migration 0013's backfill."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text, update
from typer.testing import CliRunner

from everyside.cli import app
from everyside.model import ArticleAnalysis, Entity, Mention, Quote, QuoteKind, Span
from everyside.store.analysis import (
    EntityNotFound,
    count_entities,
    count_quotes,
    get_entity,
    list_entities,
    list_quotes,
    save_analyses,
)
from everyside.store.db import Store, alembic_config
from everyside.store.integrity import check_store
from everyside.store.models import EntityRow
from tests.store.test_store import _add, _article

runner = CliRunner()
WREN = Entity(id="person:ada-wren", name="Ada Wren", kind="PERSON")
HOLT = Entity(id="person:mira-holt", name="Mira Holt", kind="PERSON")
PORT = Entity(id="gpe:port-wren", name="Port Wren", kind="GPE")


def _articles(store: Store) -> list[str]:
    found = [
        _article("Dredging approved", "Ada Wren said the channel will be dredged."),
        _article("Bus lanes", "Mira Holt and Ada Wren disagree on bus lanes."),
    ]
    _add(store, *found)
    return [article.id for article in found]


def _analysis(article_id: str, *entities: Entity, quotes: list[Quote] | None = None):  # type: ignore[no-untyped-def]
    """Each entity mentioned twice (so mentions and articles differ)."""
    mentions = [
        Mention(article_id=article_id, span=Span(start, start + 3), text="x", entity_id=e.id)
        for number, e in enumerate(entities)
        for start in (10 * number, 10 * number + 5)
    ]
    return ArticleAnalysis(
        article_id=article_id,
        entities={e.id: e for e in entities},
        mentions=mentions,
        quotes=quotes or [],
    )


def _quote(article_id: str, start: int, speaker: str, entity_id: str | None = None) -> Quote:
    return Quote(
        article_id=article_id,
        span=Span(start, start + 5),
        text="words",
        kind=QuoteKind.DIRECT,
        speaker_text=speaker,
        speaker_entity_id=entity_id,
    )


def _listed(store: Store, kind: str | None = None) -> list[tuple[str, int, int]]:
    with store.session() as session:
        return [
            (found.entity.id, found.mentions, found.articles)
            for found in list_entities(session, kind=kind)
        ]


def test_kept_counts_follow_analyses_saved_again(any_store: Store) -> None:
    first, second = _articles(any_store)
    with any_store.transaction() as session:
        save_analyses(
            session, [_analysis(first, WREN, PORT), _analysis(second, WREN, HOLT)], "test"
        )
    assert _listed(any_store) == [
        (WREN.id, 4, 2),
        (HOLT.id, 2, 1),
        (PORT.id, 2, 1),
    ]
    assert _listed(any_store, "person") == [(WREN.id, 4, 2), (HOLT.id, 2, 1)]
    # The second article analyzed again no longer names Wren: her counts fall, Holt's stay.
    with any_store.transaction() as session:
        save_analyses(session, [_analysis(second, HOLT)], "test-2")
    with any_store.session() as session:
        assert count_entities(session, kind="PERSON") == 2
        assert (get_entity(session, WREN.id).mentions, get_entity(session, WREN.id).articles) == (
            2,
            1,
        )
    # Analyzed again with no entities: Holt is kept as a row but no longer listed.
    with any_store.transaction() as session:
        save_analyses(session, [_analysis(second)], "test-3")
    assert _listed(any_store, "PERSON") == [(WREN.id, 2, 1)]
    with any_store.session() as session, pytest.raises(EntityNotFound):
        get_entity(session, HOLT.id)
    assert check_store(any_store).ok


def test_counts_that_drifted_are_damage_that_a_recount_repairs(any_store: Store) -> None:
    first, second = _articles(any_store)
    with any_store.transaction() as session:
        save_analyses(session, [_analysis(first, WREN), _analysis(second, WREN, HOLT)], "test")
        session.execute(update(EntityRow).where(EntityRow.id == HOLT.id).values(articles=7))
    (damage,) = check_store(any_store).damage
    assert (damage.kind, damage.examples) == ("entity_counts_wrong", (HOLT.id,))
    assert "everyside db recount" in damage.repair
    result = runner.invoke(app, ["--db", any_store.url, "db", "recount"])
    assert result.exit_code == 0, result.output
    assert check_store(any_store).ok
    assert _listed(any_store) == [(WREN.id, 4, 2), (HOLT.id, 2, 1)]


def _speakers(store: Store, speaker: str) -> list[str | None]:
    with store.session() as session:
        found = list_quotes(session, speaker=speaker)
        assert count_quotes(session, speaker=speaker) == len(found)
    return [quote.speaker_text for quote, _ in found]


def test_quotes_by_entity_name_part_id_or_words_of_the_speaker(any_store: Store) -> None:
    first, second = _articles(any_store)
    quotes = [
        _quote(first, 0, "Ada Wren", WREN.id),
        _quote(first, 20, "the harbour master"),
        _quote(second, 0, "Prime Minister O'Holt"),
        _quote(second, 20, "she", HOLT.id),
    ]
    with any_store.transaction() as session:
        save_analyses(
            session,
            [
                _analysis(first, WREN, quotes=quotes[:2]),
                _analysis(second, HOLT, quotes=quotes[2:]),
            ],
            "test",
        )
    # Each word of the query starts a word of the entity's name, any case: "she" is Mira Holt.
    assert _speakers(any_store, "HO mira") == ["she"]
    assert _speakers(any_store, HOLT.id) == ["she"]
    assert _speakers(any_store, "ira") == []  # inside a word: no longer found (issue 23)
    # Or of the speaker's text.
    assert _speakers(any_store, "harb MAST") == ["the harbour master"]
    assert _speakers(any_store, "holt") == ["Prime Minister O'Holt", "she"]
    assert _speakers(any_store, "minister o") == ["Prime Minister O'Holt"]
    assert _speakers(any_store, "inister") == []  # inside a word: no longer found
    assert _speakers(any_store, "master chief") == []
    assert _speakers(any_store, "100%_") == []
    # Analyzed again without quotes: their words go with them.
    with any_store.transaction() as session:
        save_analyses(session, [_analysis(first, WREN)], "test-2")
    assert _speakers(any_store, "harbour") == []
    assert _speakers(any_store, "wren") == []


def test_migrations_0013_and_0014_count_entities_and_split_names(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'old.db'}", migrate=False)
    command.upgrade(alembic_config(store.engine), "0012")
    article = _article("Dredging approved", "Ada Wren said the channel will be dredged.")
    with store.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO articles (id, content_hash, title, body, boilerplate,"
                " source_locator, source_format, ingested_at)"
                " VALUES (:id, :hash, 't', 'b', '[]', 'x', 'text', '2024-06-18')"
            ),
            {"id": article.id, "hash": article.content_hash},
        )
        connection.execute(
            text(
                "INSERT INTO entities (id, name, kind, aliases)"
                " VALUES (:id, 'Ada Wren', 'PERSON', '[]')"
            ),
            {"id": WREN.id},
        )
        for start in (0, 5):
            connection.execute(
                text(
                    'INSERT INTO mentions (article_id, start, "end", text, entity_id)'
                    " VALUES (:article, :start, 3, 'Wren', :entity)"
                ),
                {"article": article.id, "start": start, "entity": WREN.id},
            )
        connection.execute(
            text(
                'INSERT INTO quotes (article_id, start, "end", text, kind, speaker_text,'
                " speaker_entity_id) VALUES (:article, 0, 5, 'words', 'direct', :said, :who)"
            ),
            [
                {"article": article.id, "said": "Harbour Master", "who": None},
                {"article": article.id, "said": "she", "who": WREN.id},
            ],
        )
    store.migrate()
    assert _listed(store) == [(WREN.id, 2, 1)]
    assert _speakers(store, "master") == ["Harbour Master"]
    assert _speakers(store, "ada") == ["she"]
    store.close()
