"""The app starts on a real store, answers health, and refuses oversized bodies."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from everyside import __version__
from everyside.settings import ServeOptions
from everyside.web import create_app


def test_health_names_version_and_store(tmp_path: Path) -> None:
    with TestClient(create_app(ServeOptions(db=str(tmp_path / "web.db")))) as client:
        response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "version": __version__,
        "store": str(tmp_path / "web.db"),
        "articles": 0,
    }


def test_oversized_request_is_refused(tmp_path: Path) -> None:
    options = ServeOptions(db=str(tmp_path / "web.db"), max_request_bytes=100)
    with TestClient(create_app(options)) as client:
        response = client.post("/api/v1/health", content=b"x" * 1000)
    assert response.status_code == 413
    assert "larger than the server accepts" in response.json()["detail"]


def test_invalid_parameters_are_one_line(tmp_path: Path) -> None:
    with TestClient(create_app(ServeOptions(db=str(tmp_path / "web.db")))) as client:
        response = client.get("/api/v1/stories", params={"limit": 0})
    assert response.status_code == 422
    assert response.json() == {"detail": "query.limit: Input should be greater than or equal to 1"}
