"""The river and GET /api/v1/stories: coverage first, single-article stories hidden unless
asked, sort and filters, the coverage bar and the blindspot (issue 21)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from everyside.settings import ServeOptions
from everyside.store.db import open_store
from everyside.store.stories import StorySort
from everyside.web import create_app
from everyside.web.pages import RiverQuery
from tests.store.coverage_world import HEADLINES, build_world

URL = "/api/v1/stories"
STORY_LINK = re.compile(r'href="[^"]*/stories/(story-[a-z]+)"')


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store of four stories whose coverage orders are known (coverage_world)."""
    db = str(tmp_path_factory.mktemp("world") / "world.db")
    store = open_store(db)
    try:
        build_world(store)
    finally:
        store.close()
    return db


@pytest.fixture
def client(world: str, tmp_path: Path) -> TestClient:
    """A client over the world store."""
    return TestClient(create_app(ServeOptions(db=world)))


def _api(client: TestClient, **params: object) -> list[str]:
    response = client.get(URL, params=params)
    assert response.status_code == 200, response.text
    page = response.json()
    assert page["total"] >= len(page["items"])
    return [story["id"] for story in page["items"]]


def _river(client: TestClient, **params: object) -> list[str]:
    response = client.get("/", params=params)
    assert response.status_code == 200, response.text
    return list(dict.fromkeys(STORY_LINK.findall(response.text)))


def test_api_default_is_coverage_first_without_single_article_stories(client: TestClient) -> None:
    assert _api(client) == ["story-fresh", "story-wide", "story-undated"]
    assert client.get(URL).json()["total"] == 3
    assert _api(client, min_size=1) == [
        "story-fresh",
        "story-wide",
        "story-single",
        "story-undated",
    ]
    assert _api(client, sort="recent", min_size=1)[0] == "story-single"
    assert _api(client, sort="widest") == ["story-wide", "story-undated", "story-fresh"]


def test_api_filters(client: TestClient) -> None:
    assert _api(client, min_outlets=3) == ["story-wide"]
    assert _api(client, lang=["en", "de"]) == ["story-wide"]
    assert _api(client, group="DEU") == ["story-wide", "story-undated"]
    assert _api(client, entity="Q-kyiv") == ["story-wide"]
    assert _api(client, since="2024-06-12", min_size=1) == ["story-fresh", "story-single"]
    assert _api(client, until="2024-06-12T00:00:00Z") == ["story-wide"]
    assert client.get(URL, params={"min_outlets": 2}).json()["total"] == 3
    # A count past any SQL integer (schemathesis found it: a 500) is refused as input.
    huge = {"min_languages": 2**63}
    for bad in ({"sort": "best"}, {"min_size": 0}, {"since": "June"}, {"group": "GERMANY"}, huge):
        assert client.get(URL, params=bad).status_code == 422, bad


def test_api_story_carries_its_coverage(client: TestClient) -> None:
    undated = client.get(f"{URL}/story-undated").json()
    assert undated["coverage"]["score"] == 3.0
    assert [c["country"] for c in undated["coverage"]["countries"]] == ["GBR", "DEU"]
    assert undated["coverage"]["blindspot"] == ["UKR"]


def test_river_ranks_by_coverage_and_hides_single_article_stories(client: TestClient) -> None:
    assert _river(client) == ["story-fresh", "story-wide", "story-undated"]
    page = client.get("/").text
    assert "1 single-article story hidden" in page and 'id="show-single"' in page
    assert _river(client, single="true")[2] == "story-single"
    assert _river(client, sort="recent") == ["story-fresh", "story-wide", "story-undated"]
    assert _river(client, sort="widest") == ["story-wide", "story-undated", "story-fresh"]


def test_river_filters(client: TestClient) -> None:
    assert _river(client, min_outlets=3) == ["story-wide"]
    assert _river(client, group="deu") == ["story-wide", "story-undated"]
    assert _river(client, entity="kyiv") == ["story-wide"]
    assert _river(client, since="2024-06-11", until="2024-06-14") == ["story-fresh"]
    assert _river(client, until="2024-06-10") == ["story-wide"]  # until is inclusive
    # A date field left empty (or garbled) is no filter.
    assert _river(client, since="", until="soon") == _river(client)
    assert client.get("/", params={"sort": "best"}).status_code == 422


def test_story_card_has_a_coverage_bar_and_its_blindspot(client: TestClient) -> None:
    page = client.get("/", params={"sort": "widest"}).text
    cards = page.split('<li class="card">')[1:]
    wide, undated = cards[0], cards[1]
    assert HEADLINES["story-wide"] in wide
    assert wide.count('class="seg c') == 3
    # Colours follow the store's countries (DEU, GBR, UKR), the same on every card.
    assert 'class="seg c1" title="Thames Courier · GBR"' in wide
    assert 'class="seg c0" title="Elbe Zeitung · DEU"' in wide
    assert (
        'aria-label="Coverage: 3 outlets (1 from GBR, 1 from DEU, 1 from UKR) in 3 languages"'
        in wide
    )
    assert "3 languages: en, de, uk" in wide and "Blindspot" not in wide
    assert "<strong>Blindspot:</strong> no outlet from UKR" in undated
    single = client.get("/", params={"single": "true", "sort": "recent"}).text
    assert 'class="seg cnone" title="Nowhere Daily · country not known"' in single


def test_river_query_string_keeps_every_choice() -> None:
    query = RiverQuery(sort=StorySort.RECENT, group="DEU", min_outlets=3, single=True, page=2)
    assert query.changed and query.filtered
    assert query.at_page(3) == {
        "sort": "recent",
        "group": "DEU",
        "min_outlets": 3,
        "single": 1,
        "page": 3,
    }
    assert RiverQuery().at_page(1, single=True) == {"single": 1}
    assert not RiverQuery().changed
