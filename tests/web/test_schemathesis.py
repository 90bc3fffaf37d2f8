"""Schemathesis over every operation of the app's own OpenAPI schema: no server errors."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from everyside.settings import ServeOptions
from everyside.web import create_app


def _served_schema() -> dict[str, Any]:
    """The OpenAPI document the app serves, read from a throw-away app at collection time."""
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(ServeOptions(db=str(Path(folder) / "schema.db")))
        try:
            return app.openapi()
        finally:
            app.state.store.close()


schema = schemathesis.openapi.from_dict(_served_schema()).include(path_regex="^/api/v1/")


@pytest.fixture(scope="module")
def api_app(seeded_db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    """The app over a copy of the seeded store, so that generated requests can find things."""
    copy = tmp_path_factory.mktemp("schemathesis") / "fuzzed.db"
    shutil.copy(seeded_db, copy)
    app = create_app(ServeOptions(db=str(copy), max_file_bytes=20_000))
    yield app
    app.state.store.close()


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case: schemathesis.Case, api_app: FastAPI) -> None:
    # Analyzing fuzzed uploads would only re-test spaCy; the ingest itself is what is fuzzed.
    if case.method == "POST":
        case.query = {**(case.query or {}), "analyze": "false"}
    case.call_and_validate(app=api_app, checks=[not_a_server_error])
