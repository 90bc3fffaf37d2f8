"""End-to-end fixtures: the app on a loopback port over part of the demo corpus, and Chromium.

The browser is Debian's ``chromium`` (``make test`` installs it); without it these tests skip.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn

from everyside.jobs import ingest
from everyside.jobs.analyze import analyze_store
from everyside.jobs.cluster import cluster_store
from everyside.jobs.compare import compare_story
from everyside.settings import IngestOptions, ServeOptions
from everyside.store import stories
from everyside.store.db import open_store
from everyside.web import create_app
from everyside.web.security import serve_hosts
from tests.conftest import CORPUS, REPO

CHROMIUM = Path("/usr/bin/chromium")
# Headless, and kept off the network: no sync, updates, field trials or QUIC probes.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = REPO / "test-artifacts"
# Two of the corpus's formats hold a three-outlet story with reworded quotes, in ~15 s.
CORPUS_PART = ("jsonl", "text")
STARTUP_SECONDS = 30


@dataclass(frozen=True, slots=True)
class DemoStory:
    """The story the browser opens: its headline and outlets."""

    headline: str
    outlets: list[str]


@dataclass(frozen=True, slots=True)
class Server:
    """The running app: its base URL, store and the story worth opening."""

    url: str
    db: str
    story: DemoStory


def _story_with_quote_diff(db: str) -> DemoStory:
    """The story with the most outlets among those with a reworded quote in one language."""
    store = open_store(db)
    try:
        with store.session() as session:
            found = stories.list_stories(session)
        for story in sorted(found, key=lambda s: -len(s.outlets)):
            variants = compare_story(store, story.id).quote_variants
            if any(v.diff and not v.identical and v.same_language for v in variants):
                return DemoStory(story.headline, list(story.outlets))
    finally:
        store.close()
    raise AssertionError("no story of the demo corpus part has a reworded quote")


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's Chromium; skips when it is not installed."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: `make browser` installs Debian's chromium")
    return CHROMIUM


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Part of the demo corpus ingested, analyzed and clustered, as `make demo` does."""
    db = str(tmp_path_factory.mktemp("e2e") / "demo.db")
    store = open_store(db)
    try:
        inputs = [str(CORPUS / part) for part in CORPUS_PART]
        assert ingest(inputs, store, IngestOptions(outlets_file=CORPUS / "outlets.toml")).ok
        assert analyze_store(store).ok
        cluster_store(store)
    finally:
        store.close()
    return db


@pytest.fixture(scope="session")
def server(chromium: Path, demo_db: str) -> Iterator[Server]:
    """The app served by uvicorn on a free loopback port, in a background thread."""
    story = _story_with_quote_diff(demo_db)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    # The Host check `everyside serve` sets up for a loopback address, as in production.
    options = ServeOptions(db=demo_db, allowed_hosts=serve_hosts("127.0.0.1"))
    config = uvicorn.Config(create_app(options), log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_SECONDS
    while not running.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the app did not start")
        time.sleep(0.05)
    yield Server(f"http://127.0.0.1:{port}", demo_db, story)
    running.should_exit = True
    thread.join(timeout=10)
    listener.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots go (test-artifacts/ at the repository root)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
