"""Property test of the API's query parameters (issue 20): any value gets an answer, never a 500."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from everyside.settings import ServeOptions
from everyside.web import create_app
from tests.fuzz.profile import fuzz

ROUTES = {
    "/api/v1/articles": [
        "q",
        "outlet",
        "lang",
        "since",
        "until",
        "story",
        "cursor",
        "limit",
        "offset",
    ],
    "/api/v1/stories": ["limit", "offset"],
    "/api/v1/entities": ["kind", "limit", "offset"],
    "/api/v1/quotes": ["speaker", "story", "article", "limit", "offset"],
    "/api/v1/alerts": ["limit", "after"],
}
values = st.one_of(
    st.text(max_size=30),
    st.integers().map(str),
    st.sampled_from(["99999999999999999999999", "-1", "0", "1e9", "NaN", "2024-13-45",
                     "2024-06-18T25:00", '"unclosed', "a OR", "NOT", "*", "(", "\x00", "é*"]),
)  # fmt: skip


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """One client over an empty store for every example."""
    db = tmp_path_factory.mktemp("fuzz-api") / "api.db"
    with TestClient(create_app(ServeOptions(db=str(db)))) as made:
        yield made


@fuzz
@given(st.sampled_from(sorted(ROUTES)), st.data())
def test_query_parameters_never_give_a_server_error(
    client: TestClient, route: str, data: st.DataObject
) -> None:
    names = data.draw(st.lists(st.sampled_from(ROUTES[route]), unique=True, max_size=4))
    params = {name: data.draw(values) for name in names}
    response = client.get(route, params=params)
    assert response.status_code < 500, (route, params, response.text[:300])
    assert len(response.content) < 1_000_000
