"""Document frequencies kept in the store as articles join stories (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

from everyside.model import ArticleFeatures
from everyside.store import stories as story_store
from everyside.store.db import Store
from everyside.store.frequencies import (
    count_document,
    forget_frequencies,
    save_frequencies,
    stored_frequencies,
)
from tests.store.coverage_world import STORIES, build_world


def test_counts_add_up_and_are_forgotten_with_the_stories(any_store: Store) -> None:
    with any_store.transaction() as session:
        assert stored_frequencies(session) is None  # never kept
        save_frequencies(session, {"documents": 0, "df": {}}, {"documents": 0, "df": {}})
        count_document(session, ["harbour", "strike", "harbour"], ["org:union"])
        count_document(session, ["harbour"], [])
    with any_store.session() as session:
        assert stored_frequencies(session) == (
            {"documents": 2, "df": {"harbour": 2, "strike": 1}},
            {"documents": 2, "df": {"org:union": 1}},
        )
    with any_store.transaction() as session:
        story_store.clear_stories(session)
        assert stored_frequencies(session) is None
        save_frequencies(session, {"documents": 1, "df": {"a": 1}}, {"documents": 1, "df": {}})
        forget_frequencies(session)
        assert stored_frequencies(session) is None


def test_live_members_are_the_stories_seen_since_named_or_holding(any_store: Store) -> None:
    build_world(any_store)
    with any_store.transaction() as session:
        assigned = story_store.assignments(session)
        for article_id in assigned:
            story_store.save_features(session, ArticleFeatures(article_id=article_id, title=""))
    by_story: dict[str, list[str]] = {}
    for article_id, story_id in assigned.items():
        by_story.setdefault(story_id, []).append(article_id)
    with any_store.session() as session:

        def live(*args: object, **kwargs: object) -> set[str]:
            return set(story_store.live_story_members(session, *args, **kwargs))  # type: ignore[arg-type]

        # Seen on or after June 14th, and the undated story, which any article may join.
        assert live(datetime(2024, 6, 14, 8, tzinfo=UTC)) == {
            "story-fresh",
            "story-single",
            "story-undated",
        }
        assert live(datetime(2024, 6, 16, tzinfo=UTC)) == {"story-undated"}
        assert live(None) == set()
        assert live(None, stories=["story-wide"]) == {"story-wide"}
        held = by_story["story-single"][0]
        assert live(None, holding=[held], stories=["story-wide"]) == {"story-wide", "story-single"}
        members = story_store.live_story_members(session, None, stories=["story-wide"])
        assert [f.article_id for f in members["story-wide"]] == by_story["story-wide"]
        assert story_store.stories_named_after(session, ["story-wide", "story-fre"]) == {
            "story-wide"
        }
        assert story_store.stories_named_after(session, ["story"]) == set(STORIES)
