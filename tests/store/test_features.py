"""Clustering features in the store: the embedding as float32 bytes, exact, and migration 0015."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import numpy as np
import sqlalchemy as sa
from alembic import command

from everyside.model import EMBEDDING_DIM, ArticleFeatures
from everyside.store import stories as story_store
from everyside.store.db import Store, alembic_config
from everyside.store.models import ArticleFeaturesRow, StoryArticleRow
from tests.store.test_store import _add, _article

# The revision before the embedding left the JSON.
BEFORE = "0014"

# article_features as it was at BEFORE (the models describe the newest schema).
_OLD_FEATURES = sa.table(
    "article_features", sa.column("article_id", sa.String), sa.column("data", sa.JSON)
)


def _features(article_id: str, seed: int) -> ArticleFeatures:
    """Features with an embedding no 6-decimal rounding keeps (as the encoder's are)."""
    vector = np.random.default_rng(seed).standard_normal(EMBEDDING_DIM).astype(np.float32)
    return ArticleFeatures(
        article_id=article_id,
        title="Dredging approved",
        language="en",
        published_at=datetime(2024, 6, 18, tzinfo=UTC),
        terms={"harbour": 0.5, "dredge": 0.25},
        entities={"person:wren": 1.0},
        places=frozenset({"Port Wren"}),
        numbers=frozenset({3.5}),
        embedding=vector / np.linalg.norm(vector),
    )


def _old_json(item: ArticleFeatures) -> dict[str, Any]:
    """The features as the store kept them before 0015: the embedding rounded to 6 decimals."""
    return {**item.as_dict(), "embedding": [round(float(x), 6) for x in item.embedding]}


def _stored_ids(store: Store) -> list[str]:
    articles = [
        _article("Dredging approved", "The harbour channel will be dredged in Port Wren."),
        _article("Bus lanes", "Council extends bus lanes; the harbour road is included."),
    ]
    _add(store, *articles)
    return sorted(article.id for article in articles)


def test_features_read_back_exactly_as_computed(any_store: Store) -> None:
    ids = _stored_ids(any_store)
    saved = [_features(article_id, seed) for seed, article_id in enumerate(ids)]
    with any_store.transaction() as session:
        for item in saved:
            story_store.save_features(session, item)
        for sequence, article_id in enumerate(ids, start=1):
            session.add(
                StoryArticleRow(
                    article_id=article_id, story_id="s", probability=1.0, sequence=sequence
                )
            )
    with any_store.session() as session:
        row = session.get(ArticleFeaturesRow, ids[0])
        assert row is not None and "embedding" not in row.data
        assert row.embedding is not None and len(row.embedding) == story_store.EMBEDDING_BYTES
        read = [
            story_store.features_of(session, ids),
            story_store.all_features(session),
            story_store.live_story_members(session, None, stories=["s"])["s"],
            story_store.assigned_features(session, "", 10),
        ]
    for found in read:
        assert [item.article_id for item in found] == ids
        for item, original in zip(found, saved, strict=True):
            assert item.embedding.dtype == np.float32
            assert np.array_equal(item.embedding, original.embedding)
            assert item.as_dict() == original.as_dict()


def test_migration_moves_embeddings_out_of_the_json_and_back(any_store: Store) -> None:
    ids = _stored_ids(any_store)
    old = [_features(article_id, seed) for seed, article_id in enumerate(ids)]
    config = alembic_config(any_store.engine)
    command.downgrade(config, BEFORE)
    with any_store.engine.begin() as connection:
        # As the store kept them before: the embedding a JSON list rounded to 6 decimals.
        connection.execute(
            sa.insert(_OLD_FEATURES),
            [{"article_id": item.article_id, "data": _old_json(item)} for item in old],
        )
    any_store.migrate()
    with any_store.session() as session:
        moved = story_store.features_of(session, ids)
        assert all(
            "embedding" not in row.data for row in session.scalars(sa.select(ArticleFeaturesRow))
        )
    for item, original in zip(moved, old, strict=True):
        written = np.asarray(_old_json(original)["embedding"], np.float32)
        assert np.array_equal(item.embedding, written)
        assert item.as_dict(embedding=False) == original.as_dict(embedding=False)
    command.downgrade(config, BEFORE)
    with any_store.engine.connect() as connection:
        back: dict[str, Any] = {
            article_id: data for article_id, data in connection.execute(sa.select(_OLD_FEATURES))
        }
    for item in moved:
        # Back in the JSON, each float reads as the float32 it was.
        assert back[item.article_id] == item.as_dict()
        assert np.array_equal(
            np.asarray(back[item.article_id]["embedding"], np.float32), item.embedding
        )
