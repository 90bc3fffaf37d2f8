"""Fixtures: a local feed server (also the webhook receiver) and a local SMTP server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.watch.server import FeedServer, SmtpServer


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    """A feed server on 127.0.0.1 with no routes yet."""
    with FeedServer() as server:
        yield server


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """An SMTP receiver on 127.0.0.1."""
    server = SmtpServer.start()
    yield server
    server.stop()
