"""Fixtures: a local feed server from the replay itself."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from everyside.devtools.replay import FeedServer


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    """A feed server on 127.0.0.1 with no routes yet."""
    with FeedServer() as server:
        yield server
