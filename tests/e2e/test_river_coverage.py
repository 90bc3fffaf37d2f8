"""In Chromium: the river ranks stories by coverage, hides single-article stories until
asked, sorts and filters from its form, and each card shows its coverage bar (issue 21)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect, sync_playwright

from everyside.store import stories
from everyside.store.db import open_store
from everyside.store.stories import StoryFilter, StorySort
from tests.e2e.conftest import CHROMIUM_ARGS, Server


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
    """A laptop-sized page that fails the test on a request outside the app or a CSP block."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside: list[str] = []
    blocked: list[str] = []
    context.on(
        "request",
        lambda request: None if request.url.startswith(server.url) else outside.append(request.url),
    )
    opened = context.new_page()

    def watch(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            blocked.append(message.text)

    opened.on("console", watch)
    yield opened
    context.close()
    assert outside == [] and blocked == [], (outside, blocked)


def _stored(db: str, sort: StorySort, query: StoryFilter) -> list[stories.StorySummary]:
    store = open_store(db)
    try:
        with store.session() as session:
            return stories.list_stories(session, limit=20, query=query, sort=sort)
    finally:
        store.close()


def _headlines(page: Page) -> list[str]:
    return page.locator("ol.river > li.card h2").all_inner_texts()


def test_river_ranks_by_coverage_with_a_coverage_bar_per_story(
    page: Page, server: Server, artifacts: Path
) -> None:
    ranked = _stored(server.db, StorySort.COVERAGE, StoryFilter(min_size=2))
    everything = _stored(server.db, StorySort.COVERAGE, StoryFilter())
    assert ranked and len(everything) > len(ranked), "the demo part needs single-article stories"
    page.goto(server.url + "/")
    assert _headlines(page) == [s.headline or "untitled story" for s in ranked]

    first = page.locator("ol.river > li.card").first
    story = ranked[0]
    expect(first.locator(".cbar .seg")).to_have_count(len(story.outlets))
    bar = first.locator(".cbar")
    expect(bar).to_have_attribute("role", "img")
    label = bar.get_attribute("aria-label") or ""
    assert label.startswith(f"Coverage: {len(story.outlets)} outlets")
    for country in story.countries:
        expect(first.locator(".ckey")).to_contain_text(country)
    expect(first.locator(".ckey .langs")).to_contain_text(", ".join(story.languages))
    # Each segment is drawn: a coloured box of some width, not an empty span.
    box = first.locator(".cbar .seg").first.bounding_box()
    assert box is not None and box["width"] > 4 and box["height"] > 4
    page.screenshot(path=artifacts / "web-river-coverage.png")

    # The hidden single-article stories are one click away.
    page.locator("#show-single").click()
    expect(page.locator("ol.river > li.card")).to_have_count(min(20, len(everything)))
    expect(page.get_by_label("Single-article stories")).to_be_checked()


def test_river_sorts_and_filters_from_its_form(page: Page, server: Server) -> None:
    page.goto(server.url + "/")
    page.get_by_label("Order").select_option("widest")
    page.get_by_label("At least").select_option("3")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"sort=widest&.*min_outlets=3"))
    widest = _stored(server.db, StorySort.WIDEST, StoryFilter(min_size=2, min_outlets=3))
    assert _headlines(page) == [s.headline or "untitled story" for s in widest]
    scores = [s.coverage for s in widest]
    assert scores == sorted(scores, reverse=True)
    page.get_by_role("link", name="Clear").click()
    expect(page.get_by_label("Order")).to_have_value("coverage")
