"""Stories: list, detail, comparison, ETags and 304, unknown ids."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from everyside.model import StorySummary
from everyside.web.routers.stories import etag_matches, story_etag

URL = "/api/v1/stories"


def _story(client: TestClient) -> dict[str, Any]:
    story: dict[str, Any] = client.get(URL).json()["items"][0]
    return story


def test_list_pages_story_summaries(seeded: TestClient) -> None:
    page = seeded.get(URL).json()
    assert (page["limit"], page["offset"], page["total"]) == (50, 0, 1)
    story = page["items"][0]
    assert story["id"].startswith("story-") and story["size"] == 2
    assert "UNN" in story["outlets"] and len(story["article_ids"]) == 2
    assert seeded.get(URL, params={"offset": 1}).json()["items"] == []


def test_detail_has_the_summary_and_its_articles(seeded: TestClient) -> None:
    story = _story(seeded)
    response = seeded.get(f"{URL}/{story['id']}")
    assert response.status_code == 200
    detail = response.json()
    assert {key: detail[key] for key in story} == story
    assert [a["id"] for a in detail["articles"]] == story["article_ids"]
    assert detail["articles"][0]["title"]


def test_detail_accepts_an_id_prefix_as_the_cli_does(seeded: TestClient) -> None:
    story = _story(seeded)
    assert seeded.get(f"{URL}/{story['id'][6:14]}").json()["id"] == story["id"]


def test_unknown_story_is_a_one_line_404(seeded: TestClient) -> None:
    for path in (f"{URL}/nope", f"{URL}/nope/comparison"):
        response = seeded.get(path)
        assert response.status_code == 404
        assert response.json() == {"detail": "no story with id 'story-nope'"}


def test_detail_etag_answers_if_none_match_with_304(seeded: TestClient) -> None:
    path = f"{URL}/{_story(seeded)['id']}"
    first = seeded.get(path)
    etag = first.headers["etag"]
    assert etag.startswith('"') and first.headers["cache-control"] == "no-cache"
    again = seeded.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    listed = seeded.get(path, headers={"If-None-Match": f'"other", W/{etag}'})
    assert listed.status_code == 304
    stale = seeded.get(path, headers={"If-None-Match": '"other"'})
    assert stale.status_code == 200 and stale.json() == first.json()


def test_comparison_is_the_versioned_json_with_its_own_etag(seeded: TestClient) -> None:
    story = _story(seeded)
    path = f"{URL}/{story['id']}/comparison"
    response = seeded.get(path)
    assert response.status_code == 200
    found = response.json()
    assert found["schema"] == "everyside.comparison" and found["version"] == 1
    assert found["story_id"] == story["id"]
    assert len(found["outlets"]) == 2 and "UNN" in found["outlets"]
    assert found["groups"] and found["quote_variants"]
    etag = response.headers["etag"]
    assert etag != seeded.get(f"{URL}/{story['id']}").headers["etag"]
    assert seeded.get(path, headers={"If-None-Match": etag}).status_code == 304


def _summary(*article_ids: str) -> StorySummary:
    return StorySummary(
        id="story-1",
        headline="Ferry sinks",
        headline_article_id=article_ids[0],
        size=len(article_ids),
        first_seen=None,
        last_seen=None,
        outlets=("Wren Courier",),
        languages=("en",),
        key_entities=(),
        keywords=(),
        article_ids=article_ids,
    )


def test_etag_changes_with_the_story() -> None:
    summary = _summary("a", "b")
    grown = _summary("a", "b", "c")
    assert story_etag(summary, "detail") == story_etag(_summary("a", "b"), "detail")
    assert story_etag(summary, "detail") != story_etag(grown, "detail")
    assert story_etag(summary, "detail") != story_etag(summary, "comparison")


def test_if_none_match_forms() -> None:
    assert etag_matches("*", '"x"')
    assert etag_matches('W/"x"', '"x"')
    assert not etag_matches(None, '"x"')
    assert not etag_matches('"y"', '"x"')


def test_empty_store_lists_no_stories(make_client: Any) -> None:
    assert make_client().get(URL).json() == {"items": [], "limit": 50, "offset": 0, "total": 0}
