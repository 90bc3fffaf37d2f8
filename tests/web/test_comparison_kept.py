"""The kept comparison of a real analyzed story reads back as computed, and its page is
rendered once per story version (issues 20, 23)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from types import ModuleType

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from everyside.compare.decode import comparison_from_json
from everyside.compare.results import Comparison
from everyside.jobs.compare import compare_story, richest_story
from everyside.model import json_ready
from everyside.report.shapes_compare import ComparisonOut
from everyside.settings import ServeOptions
from everyside.store.db import Store, open_store
from everyside.store.models import OutletRow
from everyside.web import create_app, pages
from everyside.web.kept import KeptBodies, KeptBody
from everyside.web.routers import stories as stories_router


def _copy_with_richest_story(seeded_db: str, copy: Path) -> tuple[str, str]:
    """A copy of the seeded store (which stays as it was) and its richest story's id."""
    shutil.copyfile(seeded_db, copy)
    store = open_store(str(copy))
    try:
        story_id = richest_story(store)
    finally:
        store.close()
    assert story_id is not None
    return str(copy), story_id


def _count_comparisons(monkeypatch: pytest.MonkeyPatch, module: ModuleType) -> list[str]:
    """The ids of the stories ``module`` computes a comparison for, as it does."""
    computed: list[str] = []

    def counted(store: Store, story_id: str) -> Comparison:
        computed.append(story_id)
        return compare_story(store, story_id)

    monkeypatch.setattr(module, "compare_story", counted)
    return computed


def test_seeded_story_kept_and_served_as_computed(seeded_db: str, tmp_path: Path) -> None:
    db = str(tmp_path / "kept.db")
    shutil.copyfile(seeded_db, db)  # the shared seeded store stays as it was
    store = open_store(db)
    try:
        story_id = richest_story(store)
        assert story_id is not None
        fresh = compare_story(store, story_id, cached=False)
        assert comparison_from_json(json.loads(json.dumps(json_ready(fresh)))) == fresh
        kept = compare_story(store, story_id)
        assert compare_story(store, story_id) == kept == fresh
    finally:
        store.close()
    expected = json.loads(ComparisonOut.of(fresh).model_dump_json(by_alias=True))
    with TestClient(create_app(ServeOptions(db=db))) as client:
        served = client.get(f"/api/v1/stories/{story_id}/comparison").json()
        page = client.get(f"/stories/{story_id}")
    assert served == expected
    assert page.status_code == 200


def test_story_page_rendered_once_per_version(
    seeded_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, story_id = _copy_with_richest_story(seeded_db, tmp_path / "pages.db")
    computed = _count_comparisons(monkeypatch, pages)
    with TestClient(create_app(ServeOptions(db=db))) as client:
        first = client.get(f"/stories/{story_id}")
        again = client.get(f"/stories/{story_id}")
        assert again.status_code == first.status_code == 200
        assert again.content == first.content and len(computed) == 1
        # An outlet's country is shown beside the comparison: changing it renders anew.
        with client.app.state.store.transaction() as session:  # type: ignore[attr-defined]
            session.execute(update(OutletRow).values(country="ISL"))
        changed = client.get(f"/stories/{story_id}")
    assert len(computed) == 2 and changed.content != first.content
    assert "Iceland" in changed.text and "Iceland" not in first.text


def test_comparison_response_made_once_per_version(
    seeded_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, story_id = _copy_with_richest_story(seeded_db, tmp_path / "api.db")
    store = open_store(db)
    try:
        expected = json.loads(
            ComparisonOut.of(compare_story(store, story_id, cached=False)).model_dump_json(
                by_alias=True
            )
        )
    finally:
        store.close()
    computed = _count_comparisons(monkeypatch, stories_router)
    with TestClient(create_app(ServeOptions(db=db))) as client:
        first = client.get(f"/api/v1/stories/{story_id}/comparison")
        again = client.get(f"/api/v1/stories/{story_id}/comparison")
    assert first.status_code == again.status_code == 200 and len(computed) == 1
    assert first.json() == again.json() == expected
    assert first.headers["content-type"] == "application/json"
    assert again.headers["etag"] == first.headers["etag"]


def test_kept_bodies_drop_the_least_recently_used() -> None:
    kept = KeptBodies(max_bytes=4)
    for key in ("a", "b"):
        kept.put(key, KeptBody(b"12", {}))
    assert kept.get("a") is not None  # "b" is now the least recently used
    kept.put("c", KeptBody(b"3", {}))
    assert kept.get("b") is None
    assert [kept.get(key) is not None for key in ("a", "c")] == [True, True]
    kept.put("a", KeptBody(b"1", {}))  # replaced: its old size no longer counts
    kept.put("d", KeptBody(b"45", {}))
    assert [kept.get(key) is not None for key in ("a", "c", "d")] == [True, True, True]
    kept.put("e", KeptBody(b"too large", {}))  # larger than the bound: not kept
    assert kept.get("e") is None and kept.get("d") is not None
    assert KeptBodies.key("page", {"b": 1, "a": 2}) == KeptBodies.key("page", {"a": 2, "b": 1})
