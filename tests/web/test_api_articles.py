"""Listing, searching, filtering and paging articles, and one article with its annotations."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

URL = "/api/v1/articles"


def _ids(client: TestClient, **params: Any) -> list[str]:
    return [item["id"] for item in client.get(URL, params=params).json()["items"]]


def test_list_is_a_page_with_total(seeded: TestClient) -> None:
    page = seeded.get(URL).json()
    assert (page["limit"], page["offset"], page["total"]) == (50, 0, 2)
    assert {"id", "title", "outlet", "published_at", "language"} <= set(page["items"][0])


def test_pages_do_not_overlap_and_keep_the_total(seeded: TestClient) -> None:
    first = seeded.get(URL, params={"limit": 1}).json()
    second = seeded.get(URL, params={"limit": 1, "offset": 1}).json()
    assert first["total"] == second["total"] == 2
    assert len(first["items"]) == len(second["items"]) == 1
    assert first["items"][0]["id"] != second["items"][0]["id"]
    assert _ids(seeded) == [first["items"][0]["id"], second["items"][0]["id"]]


def test_a_cursor_pages_like_an_offset(seeded: TestClient) -> None:
    first = seeded.get(URL, params={"limit": 1}).json()
    second = seeded.get(URL, params={"limit": 1, "cursor": first["next"]}).json()
    assert [item["id"] for item in first["items"] + second["items"]] == _ids(seeded)
    last = seeded.get(URL, params={"limit": 1, "cursor": second["next"]}).json()
    assert (last["items"], last["next"], last["total"]) == ([], None, 2)


@pytest.mark.parametrize("params", [{"cursor": "not-a-cursor"}, {"cursor": "e30", "q": "ferry"}])
def test_a_bad_cursor_or_one_with_a_search_is_400(
    seeded: TestClient, params: dict[str, str]
) -> None:
    response = seeded.get(URL, params=params)
    assert response.status_code == 400 and "cursor" in response.json()["detail"]


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 501}, {"offset": -1}])
def test_out_of_range_paging_is_422(seeded: TestClient, params: dict[str, int]) -> None:
    assert seeded.get(URL, params=params).status_code == 422


def test_filters_by_outlet_language_and_date(seeded: TestClient) -> None:
    assert len(_ids(seeded, outlet="unn")) == 1
    assert _ids(seeded, outlet="Nobody") == []
    assert len(_ids(seeded, lang="en")) == 2
    assert _ids(seeded, lang="de") == []
    assert len(_ids(seeded, since="2024-06-01", until="2024-07-01")) >= 1
    assert _ids(seeded, since="2030-01-01") == []


def test_filter_by_story(seeded: TestClient) -> None:
    story = seeded.get("/api/v1/stories").json()["items"][0]
    assert sorted(_ids(seeded, story=story["id"])) == sorted(story["article_ids"])
    missing = seeded.get(URL, params={"story": "nope"})
    assert missing.status_code == 404
    assert missing.json() == {"detail": "no story with id 'story-nope'"}


def test_full_text_search_with_snippets_and_filters(seeded: TestClient) -> None:
    page = seeded.get(URL, params={"q": "Stoltenberg"}).json()
    assert page["total"] >= 1
    assert "[Stoltenberg]" in page["items"][0]["snippet"]
    assert isinstance(page["items"][0]["score"], float)
    assert seeded.get(URL, params={"q": "Stoltenberg", "outlet": "Nobody"}).json()["total"] == 0
    assert seeded.get(URL, params={"q": "zzzunheardofword"}).json()["items"] == []
    # Invalid FTS syntax falls back to a search for the words, as the CLI's search does.
    assert seeded.get(URL, params={"q": 'NATO AND ("'}).status_code == 200


def test_detail_carries_body_sources_and_annotations(seeded: TestClient) -> None:
    article_id = _ids(seeded, outlet="UNN")[0]
    response = seeded.get(f"{URL}/{article_id[:8]}")
    assert response.status_code == 200
    article = response.json()
    assert article["id"] == article_id and article["paragraphs"]
    assert article["sources"][0]["format"] == "text"
    body = "\n\n".join(article["paragraphs"])
    found = article["analysis"]
    assert found["mentions"] and found["quotes"] and found["numbers"] and found["dates"]
    for mention in found["mentions"]:
        start, end = mention["span"]
        assert body[start:end] == mention["text"]
    assert any(m["entity_id"] == "person:jens-stoltenberg" for m in found["mentions"])


def test_unknown_article_is_a_one_line_404(seeded: TestClient) -> None:
    response = seeded.get(f"{URL}/ffffffffffffffff")
    assert response.status_code == 404
    assert response.json() == {"detail": "no article with id 'ffffffffffffffff'"}
