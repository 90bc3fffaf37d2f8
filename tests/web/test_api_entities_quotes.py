"""Entities with aliases and stories, and quotes by speaker, story and article."""

from __future__ import annotations

from fastapi.testclient import TestClient

ENTITIES = "/api/v1/entities"
QUOTES = "/api/v1/quotes"
STOLTENBERG = "person:jens-stoltenberg"


def test_entities_page_with_aliases_and_counts(seeded: TestClient) -> None:
    page = seeded.get(ENTITIES).json()
    assert page["total"] >= len(page["items"]) > 0
    stoltenberg = next(e for e in page["items"] if e["id"] == STOLTENBERG)
    assert stoltenberg["kind"] == "PERSON" and "Stoltenberg" in stoltenberg["aliases"]
    assert stoltenberg["articles"] == 2 and stoltenberg["mentions"] >= 2


def test_entities_filter_by_kind_and_page(seeded: TestClient) -> None:
    people = seeded.get(ENTITIES, params={"kind": "person"}).json()
    assert people["items"] and {e["kind"] for e in people["items"]} == {"PERSON"}
    assert people["total"] < seeded.get(ENTITIES).json()["total"]
    first = seeded.get(ENTITIES, params={"limit": 1}).json()["items"]
    second = seeded.get(ENTITIES, params={"limit": 1, "offset": 1}).json()["items"]
    assert first and second and first != second


def test_entity_detail_lists_its_stories(seeded: TestClient) -> None:
    entity = seeded.get(f"{ENTITIES}/{STOLTENBERG}").json()
    assert entity["name"] == "Jens Stoltenberg"
    story = seeded.get("/api/v1/stories").json()["items"][0]
    assert [s["id"] for s in entity["stories"]] == [story["id"]]


def test_unknown_entity_is_a_one_line_404(seeded: TestClient) -> None:
    response = seeded.get(f"{ENTITIES}/person:nobody")
    assert response.status_code == 404
    assert response.json() == {"detail": "no entity with id 'person:nobody'"}


def test_quotes_by_speaker_story_and_article(seeded: TestClient) -> None:
    everything = seeded.get(QUOTES).json()
    assert everything["total"] >= len(everything["items"]) > 0
    by_name = seeded.get(QUOTES, params={"speaker": "stoltenberg"}).json()
    by_id = seeded.get(QUOTES, params={"speaker": STOLTENBERG}).json()
    assert by_name["total"] == by_id["total"] > 0
    assert {q["speaker_entity_id"] for q in by_id["items"]} == {STOLTENBERG}
    story = seeded.get("/api/v1/stories").json()["items"][0]
    assert seeded.get(QUOTES, params={"story": story["id"]}).json()["total"] == everything["total"]
    article = story["article_ids"][0]
    in_article = seeded.get(QUOTES, params={"article": article[:8]}).json()
    assert in_article["items"] and {q["article_id"] for q in in_article["items"]} == {article}


def test_quote_pages_do_not_overlap(seeded: TestClient) -> None:
    first = seeded.get(QUOTES, params={"limit": 2}).json()
    second = seeded.get(QUOTES, params={"limit": 2, "offset": 2}).json()
    assert first["total"] == second["total"]
    assert not {q["text"] for q in first["items"]} & {q["text"] for q in second["items"]}


def test_quotes_of_unknown_story_or_article_are_404(seeded: TestClient) -> None:
    assert seeded.get(QUOTES, params={"story": "nope"}).status_code == 404
    missing = seeded.get(QUOTES, params={"article": "ffffffff"})
    assert missing.status_code == 404
    assert missing.json() == {"detail": "no article with id 'ffffffff'"}
