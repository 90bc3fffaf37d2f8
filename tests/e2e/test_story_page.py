"""In Chromium: the story page at a laptop's 1,400 px and a phone's 390 px, two to twelve outlets.

No horizontal overflow (the document is never wider than the window), every outlet
reachable without scrolling sideways, the timeline chart and coverage bar drawn, the
actor network's fold toggle working without script; screenshots go to test-artifacts/.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect, sync_playwright

from everyside.compare.results import ArticleRef, Comparison, Statement, StatementGroup
from everyside.report.html import comparison_html
from everyside.store import stories
from everyside.store.db import open_store
from tests.e2e.conftest import CHROMIUM_ARGS, Server

WIDTHS = {"laptop": 1400, "phone": 390}

# Every outlet of the side by side whose name shows inside the window, left to right.
OUTLETS_IN_VIEW = """(names) => {
  const box = document.querySelector('#side-by-side');
  const shown = new Set();
  for (const el of box.querySelectorAll('th, dt')) {
    const r = el.getBoundingClientRect();
    if (el.offsetParent !== null && r.width > 0 && r.left >= 0 && r.right <= innerWidth + 1) {
      shown.add(el.textContent.trim());
    }
  }
  return names.filter((n) => !shown.has(n));
}"""


@pytest.fixture(scope="module")
def browser(chromium: Path) -> Iterator[Browser]:
    """Headless Chromium, kept off the network."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


def _page(browser: Browser, width: int) -> tuple[Page, list[str]]:
    context = browser.new_context(viewport={"width": width, "height": 900})
    opened = context.new_page()
    blocked: list[str] = []

    def watch(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            blocked.append(message.text)

    opened.on("console", watch)
    return opened, blocked


def _widest_story(db: str) -> tuple[str, list[str]]:
    store = open_store(db)
    try:
        with store.session() as session:
            found = stories.list_stories(session)
    finally:
        store.close()
    story = max(found, key=lambda s: (len(s.outlets), s.id))
    return story.id, list(story.outlets)


def _no_overflow(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    window = page.evaluate("window.innerWidth")
    assert width <= window, f"the page is {width} px wide in a {window} px window"


@pytest.mark.parametrize("device", list(WIDTHS))
def test_story_page_fits_and_shows_every_outlet(
    browser: Browser, server: Server, artifacts: Path, device: str
) -> None:
    story_id, outlets = _widest_story(server.db)
    page, blocked = _page(browser, WIDTHS[device])
    page.goto(f"{server.url}/stories/{story_id}")
    expect(page.get_by_role("heading", name="Coverage and timeline")).to_be_visible()
    _no_overflow(page)
    assert page.evaluate(OUTLETS_IN_VIEW, outlets) == []

    chart = page.locator("svg.timeline-chart")
    expect(chart).to_be_visible()
    lanes = chart.locator("g.lane")
    expect(lanes).to_have_count(len(outlets))
    expect(chart.locator("g.first-report")).to_have_count(1)
    expect(lanes.first).to_contain_text("first report")
    expect(page.locator("#coverage .coverage .bar").first).to_be_visible()
    page.screenshot(path=artifacts / f"story-{device}.png", full_page=True)
    chart.screenshot(path=artifacts / f"story-timeline-{device}.png")
    page.context.close()
    assert blocked == [], f"the security policy blocked: {blocked}"


def test_network_folds_government_actors_without_script(
    browser: Browser, server: Server, artifacts: Path
) -> None:
    page, blocked = _page(browser, WIDTHS["laptop"])
    for story_id in _story_ids(server.db):
        page.goto(f"{server.url}/stories/{story_id}")
        if page.locator("#fold-government").count():
            break
    else:
        pytest.skip("no story of the demo corpus part has a government actor to fold")
    full, folded = page.locator("figure.network-full"), page.locator("figure.network-folded")
    expect(full).to_be_visible()
    expect(folded).to_be_hidden()
    # Actors are named, with the codes in the key.
    expect(page.locator("#events details.actor-key code").first).to_be_attached()
    full.screenshot(path=artifacts / "story-network.png")
    page.get_by_label("Fold government actors into their country").check()
    expect(full).to_be_hidden()
    expect(folded).to_be_visible()
    folded.screenshot(path=artifacts / "story-network-folded.png")
    page.context.close()
    assert blocked == []


def _story_ids(db: str) -> list[str]:
    store = open_store(db)
    try:
        with store.session() as session:
            return [s.id for s in stories.list_stories(session)]
    finally:
        store.close()


def _many_outlets(found: Comparison, count: int) -> Comparison:
    """The comparison as if ``count`` outlets had carried each statement of its first outlet."""
    outlets = [f"Outlet number {n} with a long name" for n in range(1, count + 1)]
    base = found.articles[0]
    articles = [
        replace(base, id=f"a{n}", outlet=name, published_at=base.published_at)
        for n, name in enumerate(outlets)
    ]
    groups = []
    for group in found.groups:
        first: Statement = group.statements[0]
        said = [
            replace(first, outlet=name, article_id=f"a{n}")
            for n, name in enumerate(outlets)
            if n % 3 != 2 or group.id % 2  # some outlets leave some statements out
        ]
        groups.append(
            replace(
                group,
                statements=said,
                outlets=[s.outlet for s in said],
                absent=[o for o in outlets if o not in {s.outlet for s in said}],
                possibly=[],
            )
        )
    refs: list[ArticleRef] = articles
    shaped: list[StatementGroup] = groups
    return replace(found, articles=refs, outlets=outlets, groups=shaped, voices=[], tone=[])


@pytest.mark.parametrize("count", [2, 5, 12])
@pytest.mark.parametrize("device", list(WIDTHS))
def test_report_scales_from_two_to_twelve_outlets(
    browser: Browser, ferry_comparison: Comparison, artifacts: Path, device: str, count: int
) -> None:
    found = _many_outlets(ferry_comparison, count)
    page, _ = _page(browser, WIDTHS[device])
    page.set_content(comparison_html(found))
    _no_overflow(page)
    assert page.evaluate(OUTLETS_IN_VIEW, found.outlets) == []
    cards = page.locator("#side-by-side ol.fact-cards")
    if device == "phone" or count > 6:
        expect(cards).to_be_visible()
        expect(page.locator("#side-by-side table.aligned")).to_be_hidden()
    else:
        expect(page.locator("#side-by-side table.aligned")).to_be_visible()
    page.locator("#side-by-side").screenshot(
        path=artifacts / f"report-{count}-outlets-{device}.png"
    )
    page.context.close()
