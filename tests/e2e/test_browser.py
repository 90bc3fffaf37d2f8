"""In Chromium: the river, a story side by side with a quote diff, an upload that appears.

Every request the pages make is recorded: none may leave the app (no CDN, no fonts).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Page,
    Request,
    expect,
    sync_playwright,
)

from tests.e2e.conftest import CHROMIUM_ARGS, Server

# Reading uploads analyzes and clusters them before the server answers.
UPLOAD_SECONDS = 60
UPLOADED_TITLE = "Wrenfield ferry crews strike over night shifts"
UPLOADED_TEXT = f"""{UPLOADED_TITLE}

Ferry crews in the port of Wrenfield walked out on Monday, stopping all crossings to the islands.

"We will not sail another night shift without a second engineer," union leader Mara Quill said.

The operator said 14 of its 16 boats were idle and that talks would resume on Wednesday.
"""


@pytest.fixture(scope="module")
def browser(chromium: Path) -> Iterator[Browser]:
    """Headless Chromium, kept off the network."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, server: Server) -> Iterator[Page]:
    """A laptop-sized page; the test fails if anything is fetched from outside the app,
    or if the Content-Security-Policy blocks anything the pages use."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside: list[str] = []
    blocked: list[str] = []

    def record(request: Request) -> None:
        if not request.url.startswith(server.url):
            outside.append(request.url)

    def watch(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            blocked.append(message.text)

    context.on("request", record)
    opened = context.new_page()
    opened.on("console", watch)
    yield opened
    context.close()
    assert outside == [], f"pages fetched from outside the app: {outside}"
    assert blocked == [], f"the security policy blocked: {blocked}"


def test_river_to_a_story_side_by_side_with_a_quote_diff(
    page: Page, server: Server, artifacts: Path
) -> None:
    page.goto(server.url + "/")
    expect(page.get_by_role("heading", name="Stories", level=1)).to_be_visible()
    page.screenshot(path=artifacts / "web-river.png")

    page.get_by_role("link", name=server.story.headline, exact=True).click()
    expect(page.get_by_role("heading", name=server.story.headline, level=1)).to_be_visible()
    side_by_side = page.locator("table.aligned")
    expect(side_by_side).to_be_visible()
    for outlet in server.story.outlets:
        expect(side_by_side.get_by_role("columnheader", name=outlet, exact=True)).to_be_visible()
    page.screenshot(path=artifacts / "web-story.png")

    diff = page.locator("#quotes .diff").filter(has=page.locator("del, ins")).first
    diff.scroll_into_view_if_needed()
    expect(diff).to_be_visible()
    expect(diff.locator("del, ins").first).to_be_visible()
    page.locator("#quotes").screenshot(path=artifacts / "web-quote-diff.png")

    page.locator("#articles tbody a").first.click()
    expect(page.locator(".annotated .a-mention").first).to_be_visible()
    page.screenshot(path=artifacts / "web-article.png")


def test_upload_shows_each_file_and_the_article_appears(
    page: Page, server: Server, artifacts: Path, tmp_path: Path
) -> None:
    article = tmp_path / "wrenfield-ferry-strike.txt"
    article.write_text(UPLOADED_TEXT, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")

    page.goto(server.url + "/ingest")
    page.get_by_label("Choose files").set_input_files([article, empty])
    page.get_by_role("button", name="Upload").click()
    results = page.locator("#ingest-results")
    expect(results).to_be_visible(timeout=UPLOAD_SECONDS * 1000)
    added = results.locator("tr", has_text=article.name)
    expect(added).to_contain_text("added")
    expect(results.locator("tr", has_text=empty.name)).to_contain_text("failed")
    page.screenshot(path=artifacts / "web-ingest.png")

    added.get_by_role("link", name=UPLOADED_TITLE).click()
    expect(page.get_by_role("heading", name=UPLOADED_TITLE, level=1)).to_be_visible()
    expect(page.locator(".annotated .a-quote").first).to_be_visible()

    page.goto(server.url + "/?q=Wrenfield")
    expect(page.locator("ol.hits").get_by_role("link", name=UPLOADED_TITLE)).to_be_visible()
