"""Stories ranked and filtered by coverage in SQL, on SQLite and PostgreSQL (issue 21)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command

from everyside.model import coverage_score
from everyside.store import stories as story_store
from everyside.store.db import Store, alembic_config
from everyside.store.models import StoryRow
from everyside.store.stories import StoryFilter, StorySort
from tests.store.coverage_world import build_world


def _listed(store: Store, sort: StorySort, **query: Any) -> list[str]:
    kept = StoryFilter(**query)
    with store.session() as session:
        found = [s.id for s in story_store.list_stories(session, query=kept, sort=sort)]
        assert story_store.count_stories(session, kept) == len(found)
    return found


def test_coverage_counts_outlets_and_each_further_language_and_country() -> None:
    assert coverage_score(1, 1, 1) == 1.0
    assert coverage_score(5, 1, 1) == 5.0
    assert coverage_score(3, 3, 3) == 7.0
    assert coverage_score(2, 0, 0) == 2.0


def test_coverage_rank_is_coverage_decayed_by_age() -> None:
    day = datetime(2024, 6, 10, tzinfo=UTC)
    later = datetime(2024, 6, 12, tzinfo=UTC)  # one half-life later
    rank = story_store.coverage_rank
    assert rank(4.0, day) == pytest.approx(rank(2.0, later))
    assert rank(1.0, None) < rank(1000.0, None) < rank(1.0, datetime(1971, 1, 1, tzinfo=UTC))


def test_each_order(any_store: Store) -> None:
    build_world(any_store)
    assert _listed(any_store, StorySort.COVERAGE) == [
        "story-fresh",
        "story-wide",
        "story-single",
        "story-undated",
    ]
    assert _listed(any_store, StorySort.WIDEST) == [
        "story-wide",
        "story-undated",
        "story-fresh",
        "story-single",
    ]
    assert _listed(any_store, StorySort.RECENT) == [
        "story-single",
        "story-fresh",
        "story-wide",
        "story-undated",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"min_size": 2}, ["story-fresh", "story-wide", "story-undated"]),
        ({"min_outlets": 3}, ["story-wide"]),
        ({"min_languages": 2}, ["story-wide"]),
        ({"languages": ["en", "de"]}, ["story-wide"]),
        ({"language": "uk"}, ["story-wide"]),
        ({"group": "deu"}, ["story-wide", "story-undated"]),
        ({"group": "GBR", "min_size": 2}, ["story-fresh", "story-wide", "story-undated"]),
        ({"entity": "Q-kyiv"}, ["story-wide"]),
        ({"entity": "KYIV"}, ["story-wide"]),
        ({"entity": "nobody"}, []),
        ({"since": datetime(2024, 6, 12, tzinfo=UTC)}, ["story-fresh", "story-single"]),
        ({"until": datetime(2024, 6, 12, tzinfo=UTC)}, ["story-wide"]),
        ({"outlet": "Harbour Post"}, ["story-fresh"]),
    ],
)
def test_filters(any_store: Store, query: dict[str, Any], expected: list[str]) -> None:
    build_world(any_store)
    assert _listed(any_store, StorySort.COVERAGE, **query) == expected


def test_saved_story_carries_its_outlets_countries_and_coverage(any_store: Store) -> None:
    build_world(any_store)
    with any_store.session() as session:
        wide = story_store.get_story(session, "story-wide")
        single = story_store.get_story(session, "story-single")
        row = session.get(StoryRow, "story-wide")
        assert row is not None
        assert (row.outlet_count, row.language_count, row.coverage) == (3, 3, 7.0)
        assert story_store.story_groups(session) == ["DEU", "GBR", "UKR"]
    assert wide.countries == ("GBR", "DEU", "UKR") and wide.coverage == 7.0
    assert single.outlet_countries == () and single.coverage == 1.0
    assert wide.coverage_by_country()[0] == ("GBR", ["Thames Courier"])
    # One outlet is no blindspot; a story from most groups shows the group it lacks.
    assert single.blindspot(["GBR", "DEU"]) == []
    assert wide.blindspot(["DEU", "GBR", "UKR", "USA"]) == ["USA"]
    # From three countries of seven is narrow coverage, not a blindspot.
    assert wide.blindspot(["DEU", "GBR", "UKR", "USA", "CAN", "IDN", "ESP"]) == []


def test_migration_0008_fills_the_stories_already_stored(any_store: Store) -> None:
    build_world(any_store)
    columns = ("outlet_count", "language_count", "coverage", "coverage_rank", "summary")
    with any_store.session() as session:
        saved = {
            row.id: tuple(getattr(row, c) for c in columns)
            for row in session.scalars(sa.select(StoryRow))
        }
    command.downgrade(alembic_config(any_store.engine), "0007")
    # A summary from before 0008 knows no countries.
    stories = sa.table("stories", sa.column("id", sa.String), sa.column("summary", sa.JSON))
    with any_store.engine.begin() as connection:
        for story_id, summary in connection.execute(sa.select(stories.c.id, stories.c.summary)):
            old = {k: v for k, v in summary.items() if k != "outlet_countries"}
            connection.execute(
                sa.update(stories).where(stories.c.id == story_id).values(summary=old)
            )
    any_store.migrate()
    with any_store.session() as session:
        migrated = {
            row.id: tuple(getattr(row, c) for c in columns)
            for row in session.scalars(sa.select(StoryRow))
        }
    assert migrated.keys() == saved.keys()
    for story_id, values in saved.items():
        assert migrated[story_id][:3] == values[:3]
        assert migrated[story_id][3] == pytest.approx(values[3])
        assert migrated[story_id][4] == values[4]
