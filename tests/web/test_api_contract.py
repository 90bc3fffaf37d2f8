"""The API's promises as a whole: CLI-identical shapes, a complete OpenAPI, closed CORS."""

from __future__ import annotations

import json
from typing import Any

from fastapi.testclient import TestClient

from everyside.compare.results import Comparison
from everyside.model import json_ready
from everyside.report import json as json_report
from tests.web.conftest import MakeClient


def _keys(value: Any) -> Any:
    """The structure of a JSON value: the keys of every object, in order, at every depth."""
    if isinstance(value, dict):
        return [(key, _keys(item)) for key, item in value.items()]
    if isinstance(value, list):
        return [_keys(item) for item in value]
    return None


def _covers(shape: Any, record: Any) -> bool:
    """Whether every key of ``record``, at every depth, is in ``shape`` too."""
    if isinstance(record, dict):
        return isinstance(shape, dict) and all(
            key in shape and _covers(shape[key], item) for key, item in record.items()
        )
    if isinstance(record, list):
        return isinstance(shape, list) and all(map(_covers, shape, record))
    return True


def test_comparison_json_keeps_every_field_of_the_records(ferry_comparison: Comparison) -> None:
    printed = json.loads(json.dumps(json_report.comparison(ferry_comparison)))
    assert _covers(printed, json.loads(json.dumps(json_ready(ferry_comparison))))


def test_api_comparison_is_the_cli_json_key_for_key_in_order(seeded: TestClient) -> None:
    from everyside.jobs.compare import compare_story
    from everyside.store.db import open_store

    story_id = seeded.get("/api/v1/stories").json()["items"][0]["id"]
    served = seeded.get(f"/api/v1/stories/{story_id}/comparison").json()
    store = open_store(seeded.app.state.options.db)  # type: ignore[attr-defined]
    try:
        printed = json.loads(json.dumps(json_report.comparison(compare_story(store, story_id))))
    finally:
        store.close()
    assert _keys(served) == _keys(printed)
    assert list(served)[-3:] == ["notice", "omissions", "possibly_covered"]


def test_article_detail_keeps_every_field_of_show_json(seeded: TestClient) -> None:
    from everyside.store import analysis, repository
    from everyside.store.db import open_store

    article_id = seeded.get("/api/v1/articles").json()["items"][0]["id"]
    store = open_store(seeded.app.state.options.db)  # type: ignore[attr-defined]
    try:
        with store.session() as session:
            article = repository.get_article(session, article_id)
            expected = json_report.article_detail(
                article,
                repository.article_sources(session, article_id),
                analysis.load_analysis(session, article_id),
            )
    finally:
        store.close()
    assert _keys(seeded.get(f"/api/v1/articles/{article_id}").json()) == _keys(expected)


def test_openapi_describes_every_operation(make_client: MakeClient) -> None:
    spec = make_client().get("/openapi.json").json()
    operations = [
        (path, method, operation)
        for path, methods in spec["paths"].items()
        if path.startswith("/api/v1/")
        for method, operation in methods.items()
    ]
    assert {path for path, _, _ in operations} >= {
        "/api/v1/articles",
        "/api/v1/articles/{article_id}",
        "/api/v1/stories",
        "/api/v1/stories/{story_id}",
        "/api/v1/stories/{story_id}/comparison",
        "/api/v1/entities",
        "/api/v1/entities/{entity_id}",
        "/api/v1/quotes",
        "/api/v1/health",
    }
    for path, method, operation in operations:
        ok = operation["responses"]["200"]["content"]["application/json"]["schema"]
        assert "$ref" in ok, f"{method} {path} has no response model"
        assert operation.get("summary") and operation.get("description"), f"{method} {path}"
    ingest = spec["paths"]["/api/v1/articles"]["post"]["requestBody"]["content"]
    assert set(ingest) == {"multipart/form-data", "application/json"}


def test_cors_is_closed_by_default(make_client: MakeClient) -> None:
    client = make_client()
    response = client.get("/api/v1/stories", headers={"Origin": "https://elsewhere.example"})
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers
    preflight = client.options(
        "/api/v1/articles",
        headers={
            "Origin": "https://elsewhere.example",
            "Access-Control-Request-Method": "POST",
        },
    )
    assert "access-control-allow-origin" not in preflight.headers


def test_cors_opens_to_configured_origins_only(make_client: MakeClient) -> None:
    client = make_client(cors_origins=("https://reader.example",))
    allowed = client.get("/api/v1/stories", headers={"Origin": "https://reader.example"})
    assert allowed.headers["access-control-allow-origin"] == "https://reader.example"
    other = client.get("/api/v1/stories", headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in other.headers
