"""In Chromium with the network cut off but for the app: /docs shows the API's operations.

Swagger UI's script comes from a package the app serves (issue 21); a request to any
other address is aborted and fails the test, as does anything the security policy blocks.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import ConsoleMessage, Page, Route, expect, sync_playwright

from everyside.settings import ServeOptions
from everyside.web import create_app
from everyside.web.security import serve_hosts
from tests.e2e.conftest import CHROMIUM_ARGS, STARTUP_SECONDS

# Operations of the API, by their summary, that the explorer must show.
OPERATIONS = ("Health and version", "List or search articles", "One article")


@pytest.fixture(scope="module")
def docs_url(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app over an empty store on a free loopback port: the explorer needs no articles."""
    db = str(tmp_path_factory.mktemp("docs") / "docs.db")
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    options = ServeOptions(db=db, allowed_hosts=serve_hosts("127.0.0.1"))
    running = uvicorn.Server(uvicorn.Config(create_app(options), log_level="warning"))
    thread = threading.Thread(target=running.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_SECONDS
    while not running.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the app did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    running.should_exit = True
    thread.join(timeout=10)
    listener.close()


@pytest.fixture
def offline_page(chromium: Path, docs_url: str) -> Iterator[Page]:
    """A page whose requests reach the app only; the test fails on any other or a CSP block."""
    outside: list[str] = []
    blocked: list[str] = []

    def only_the_app(route: Route) -> None:
        if route.request.url.startswith(docs_url + "/"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort("internetdisconnected")

    def watch(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            blocked.append(message.text)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.route("**/*", only_the_app)
        page = context.new_page()
        page.on("console", watch)
        yield page
        browser.close()
    assert outside == [], f"the explorer asked for addresses outside the app: {outside}"
    assert blocked == [], f"the security policy blocked: {blocked}"


def test_swagger_ui_renders_the_operations_offline(
    offline_page: Page, docs_url: str, artifacts: Path
) -> None:
    offline_page.goto(docs_url + "/docs")
    operations = offline_page.locator(".opblock")
    expect(operations.first).to_be_visible()
    assert operations.count() >= len(OPERATIONS)
    for summary in OPERATIONS:
        expect(offline_page.locator(".opblock-summary-description", has_text=summary).first)
    expect(offline_page.locator(".opblock-summary-path", has_text="/api/v1/stories").first)
    offline_page.screenshot(path=artifacts / "web-api-docs.png")
