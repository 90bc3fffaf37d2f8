"""A clustering run stopped between its assignments and its story rows: found, then repaired."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import delete, func, select
from typer.testing import CliRunner

from everyside.cli import app
from everyside.jobs import cluster as cluster_job
from everyside.jobs.cluster import cluster_store
from everyside.store import stories as story_store
from everyside.store.integrity import check_store
from everyside.store.models import StoryRow
from tests.jobs.test_cluster import _analyzed_store

runner = CliRunner()


class _Killed(Exception):
    """Stands for the process dying."""


def _kill(*args: object, **kwargs: object) -> None:
    raise _Killed


def test_a_run_killed_before_its_story_rows_is_found_and_repaired(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "store.db"
    store = _analyzed_store(path)
    try:
        with monkeypatch.context() as patched:
            # Every assignment is committed, then the run dies before writing the stories.
            patched.setattr(cluster_job, "_save_summaries", _kill)
            with pytest.raises(_Killed):
                cluster_store(store)
        with store.session() as session:
            assigned = story_store.assignments(session)
            assert len(assigned) == 10
            assert session.scalar(select(func.count()).select_from(StoryRow)) == 0
        found = {damage.kind: damage for damage in check_store(store).damage}
        assert set(found) == {"story_missing"}
        assert found["story_missing"].count == len(set(assigned.values()))
        checked = runner.invoke(app, ["--db", str(path), "db", "check"])
        assert checked.exit_code == 1
        assert "story_missing" in checked.output

        again = cluster_store(store)
        assert again.assigned == 0
        assert again.repaired == len(set(assigned.values()))
        assert check_store(store).ok
        with store.session() as session:
            stored = {s.id: s for s in story_store.list_stories(session, limit=100)}
            assert story_store.assignments(session) == assigned
        assert set(stored) == set(assigned.values())
        for story_id, story in stored.items():
            assert sorted(story.article_ids) == sorted(
                a for a, s in assigned.items() if s == story_id
            )
    finally:
        store.close()


def test_story_rows_lost_or_stale_are_written_again_by_a_plain_run(tmp_path: Path) -> None:
    store = _analyzed_store(tmp_path / "store.db")
    try:
        cluster_store(store)
        with store.session() as session:
            before = {s.id: s.as_dict() for s in story_store.list_stories(session, limit=100)}
        gone, stale = sorted(before)[:2]
        with store.transaction() as session:
            session.execute(delete(StoryRow).where(StoryRow.id == gone))
            row = session.get(StoryRow, stale)
            assert row is not None
            row.size += 3
            session.add(StoryRow(id="story-empty", headline="", size=1, summary={}))
        assert {d.kind for d in check_store(store).damage} == {
            "story_missing",
            "story_size",
            "story_empty",
        }
        report = cluster_store(store)
        assert report.repaired == 3
        assert check_store(store).ok
        with store.session() as session:
            after = {s.id: s.as_dict() for s in story_store.list_stories(session, limit=100)}
        assert after == before
    finally:
        store.close()
