"""The web pages: every page answers, unknown ids get a 404 page, article text is escaped."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from everyside.jobs import ingest
from everyside.jobs.analyze import analyze_store
from everyside.jobs.cluster import cluster_store
from everyside.model import (
    Article,
    ArticleAnalysis,
    Mention,
    Quote,
    QuoteKind,
    SourceRef,
    Span,
    StorySummary,
    TimeMention,
)
from everyside.settings import IngestOptions, ServeOptions
from everyside.store import stories
from everyside.store.db import open_store
from everyside.web import create_app
from everyside.web.pages import RiverQuery, marked_paragraphs
from tests.web.conftest import MakeClient

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
# Any asset a page loads (stylesheet, script, image) must come from the app itself.
ASSET = re.compile(r'<(?:link|script|img)\b[^>]*\b(?:href|src)="([^"]*)"')


def _story(db: str) -> StorySummary:
    store = open_store(db)
    try:
        with store.session() as session:
            return stories.list_stories(session)[0]
    finally:
        store.close()


def _assets_are_local(page: str) -> None:
    for url in ASSET.findall(page):
        assert url.startswith("http://testserver/static/"), url


def test_every_page_answers(seeded: TestClient, seeded_db: str) -> None:
    story = _story(seeded_db)
    river = seeded.get("/")
    assert river.status_code == 200 and river.headers["content-type"].startswith("text/html")
    assert f'/stories/{story.id}"' in river.text
    assert f'<span class="chip">{story.outlets[0]}</span>' in river.text

    page = seeded.get(f"/stories/{story.id}")
    assert page.status_code == 200
    for section in ("summary", "side-by-side", "quotes", "numbers", "voices", "timeline"):
        assert f'<section id="{section}"' in page.text
    assert 'id="entities"' in page.text and '<table class="aligned">' in page.text
    article_id = story.article_ids[0]
    assert f'/articles/{article_id}"' in page.text

    article = seeded.get(f"/articles/{article_id}")
    assert article.status_code == 200
    assert 'class="a-mention"' in article.text and "a-quote" in article.text
    assert f'/stories/{story.id}"' in article.text

    ingest_page = seeded.get("/ingest")
    assert ingest_page.status_code == 200
    assert 'action="/api/v1/articles"' in ingest_page.text and 'name="files"' in ingest_page.text
    assert 'id="api-key"' not in ingest_page.text  # this server needs no key
    for page_text in (river.text, page.text, article.text, ingest_page.text):
        _assets_are_local(page_text)
        assert '<a class="skip" href="#content">' in page_text


def test_static_assets_are_served(seeded: TestClient) -> None:
    assert seeded.get("/static/everyside.css").headers["content-type"].startswith("text/css")
    assert "XMLHttpRequest" in seeded.get("/static/ingest.js").text


def test_river_searches_and_filters(seeded: TestClient, seeded_db: str) -> None:
    story = _story(seeded_db)
    link = f'/stories/{story.id}"'
    found = seeded.get("/", params={"q": "Stoltenberg"}).text
    assert link in found and "Matching articles" in found and "<mark>" in found
    assert link not in seeded.get("/", params={"q": "zzzyxw"}).text
    assert link in seeded.get("/", params={"outlet": "UNN"}).text
    assert link not in seeded.get("/", params={"lang": "xx"}).text
    assert seeded.get("/", params={"page": 0}).status_code == 422


def test_river_query_keeps_its_filters_across_pages() -> None:
    query = RiverQuery(q="ferry", language="en", page=2)
    assert query.filtered and not RiverQuery().filtered
    assert query.at_page(3) == {"q": "ferry", "lang": "en", "page": 3}
    assert query.at_page(1) == {"q": "ferry", "lang": "en"}


def test_river_filters_run_in_the_store(seeded: TestClient, seeded_db: str) -> None:
    story = _story(seeded_db)
    store = open_store(seeded_db)
    try:
        with store.session() as session:

            def kept(**query: Any) -> list[str]:
                found = stories.StoryFilter(**query)
                listed = [s.id for s in stories.list_stories(session, query=found)]
                assert stories.count_stories(session, found) == len(listed)
                return listed

            assert kept(language="en") == [story.id] and kept(language="de") == []
            assert kept(outlet=story.outlets[0]) == [story.id]
            assert kept(outlet="Other") == []
            assert kept(article_ids={story.article_ids[0], "nope"}) == [story.id]
            assert kept(article_ids={"nope"}) == [] and kept(article_ids=set()) == []
            assert stories.story_languages(session) == ["en"]
            assert stories.story_outlets(session) == sorted(story.outlets)
    finally:
        store.close()
    assert f"/stories/{story.id}" not in seeded.get("/?lang=de").text
    assert f"/stories/{story.id}" in seeded.get("/?lang=en").text


def test_ingest_page_asks_for_the_key_a_server_needs(make_client: MakeClient) -> None:
    page = make_client(api_key="secret").get("/ingest").text
    assert 'id="api-key"' in page and "secret" not in page


def test_unknown_ids_get_a_404_page(make_client: MakeClient) -> None:
    client = make_client()
    for path in ("/stories/story-nope", "/articles/nope"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("text/html")
        assert "<h1>Not found</h1>" in response.text and "nope" in response.text


def test_annotations_overlap_without_losing_text() -> None:
    body = "Ann said “no way” today.\n\nSecond paragraph."
    article = Article(
        id="a1",
        title="t",
        body=body,
        content_hash="h",
        source=SourceRef(locator="x.txt", format="text"),
    )
    found = ArticleAnalysis(
        article_id="a1",
        mentions=[Mention(article_id="a1", span=Span(0, 3), text="Ann", label="PERSON")],
        quotes=[
            Quote(
                article_id="a1",
                span=Span(10, 16),
                text="no way",
                kind=QuoteKind.DIRECT,
                speaker_text="Ann",
                speaker_span=Span(0, 3),
            )
        ],
        times=[TimeMention(article_id="a1", span=Span(18, 23), text="today", value=None)],
    )
    first, second = marked_paragraphs(article, found)
    assert "".join(run.text for run in first) == "Ann said “no way” today."
    assert [run.text for run in second] == ["Second paragraph."]
    by_text = {run.text: run for run in first}
    assert by_text["Ann"].kinds == ("a-mention", "a-speaker")
    assert by_text["no way"].kinds == ("a-quote",)
    assert by_text["no way"].notes == ("quote by Ann",)
    assert by_text["today"].kinds == ("a-date",)
    assert by_text[" said “"].kinds == ()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, list[str]]]:
    """A client over a store whose one article an attacker wrote, and the paths that show it."""
    folder = tmp_path_factory.mktemp("hostile")
    source = folder / "hostile.txt"
    source.write_text(
        f"{HOSTILE} Ferry strike in Wrenfield\n\n"
        f"Dock workers in Wrenfield walked out on Monday. {HOSTILE}\n\n"
        f'"We will not go back {HOSTILE}," union leader Mara Quill said on Tuesday.\n',
        encoding="utf-8",
    )
    db = str(folder / "hostile.db")
    store = open_store(db)
    try:
        report = ingest([str(source)], store, IngestOptions(outlet=f"Courier {HOSTILE}"))
        analyze_store(store)
        cluster_store(store)
    finally:
        store.close()
    paths = ["/", "/?q=Wrenfield", f"/stories/{_story(db).id}"]
    paths.append(f"/articles/{report.events[0].article_id}")
    with TestClient(create_app(ServeOptions(db=db))) as client:
        yield client, paths


def _escaped(page: str) -> None:
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page


def test_hostile_article_text_is_escaped(hostile: tuple[TestClient, list[str]]) -> None:
    client, paths = hostile
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        _escaped(response.text)
