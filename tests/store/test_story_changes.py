"""Story changes the store keeps: merges found again, and alerts not raised twice across one."""

from __future__ import annotations

from everyside.model import ChangeKind, StoryChange
from everyside.store import stories as story_store
from everyside.store import watch as watch_store
from everyside.store.db import Store
from everyside.store.watch import Alert


def _merge(store: Store, before: tuple[str, ...], after: str) -> None:
    with store.transaction() as session:
        story_store.record_change(
            session,
            StoryChange(kind=ChangeKind.MERGE, before=before, after=(after,), article_ids=("x",)),
        )


def _alert(story_id: str) -> Alert:
    return Alert(
        key=f"coverage\x00{story_id}",
        rule="coverage",
        kind="coverage",
        title="coverage: a story",
        text="A story reached 3 outlets.",
        story_id=story_id,
    )


def test_stories_merged_into_another_are_found_through_every_step(any_store: Store) -> None:
    _merge(any_store, ("story-a", "story-b"), "story-b")
    _merge(any_store, ("story-c", "story-b"), "story-c")
    _merge(any_store, ("story-d", "story-e"), "story-d")
    with any_store.session() as session:
        assert story_store.merged_into(session, ["story-c", "story-b", "story-a"]) == {
            "story-c": ["story-a", "story-b"],
            "story-b": ["story-a"],
            "story-a": [],
        }


def test_an_alert_is_not_raised_again_for_a_story_that_only_changed_id_by_a_merge(
    any_store: Store,
) -> None:
    with any_store.transaction() as session:
        assert watch_store.record_alert(session, _alert("story-a")) is not None
    _merge(any_store, ("story-a", "story-b"), "story-b")
    with any_store.transaction() as session:
        aliases = story_store.merged_into(session, ["story-b"])["story-b"]
        assert watch_store.record_alert(session, _alert("story-b"), aliases=aliases) is None
        # Without the merge it would be a new story's alert.
        assert watch_store.record_alert(session, _alert("story-b")) is not None
