"""The kept comparison of a real analyzed story reads back as computed (issues 20, 23)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from fastapi.testclient import TestClient

from everyside.compare.decode import comparison_from_json
from everyside.jobs.compare import compare_story, richest_story
from everyside.model import json_ready
from everyside.report.shapes_compare import ComparisonOut
from everyside.settings import ServeOptions
from everyside.store.db import open_store
from everyside.web import create_app


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
