"""Each watched feed's health: last success, last error, items seen, next poll.

Feed URLs and errors are shown with their credentials masked (``watch --status``, its
JSON, ``GET /api/v1/feeds``): a feed's URL may carry a password or a token.
"""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from rich.table import Table

from everyside.store import watch as watch_store
from everyside.store.db import Store
from everyside.store.watch import FeedState
from everyside.watch.config import WatchConfig
from everyside.watch.redact import redact_text, redact_url


def feed_status(store: Store, config: WatchConfig) -> list[FeedState]:
    """The state of every configured feed, in configuration order; never-polled ones are blank."""
    with store.session() as session:
        known = {state.url: state for state in watch_store.feed_states(session)}
    return [
        known.get(feed.url) or FeedState(url=feed.url, outlet=feed.outlet) for feed in config.feeds
    ]


def shown_state(state: FeedState) -> dict[str, Any]:
    """A feed's state as JSON for display, its URL and error with credentials masked."""
    shown = state.as_dict()
    shown["url"] = redact_url(state.url)
    shown["error"] = redact_text(state.error) if state.error else state.error
    return shown


def status_table(states: list[FeedState]) -> Table:
    """The feeds' states as a Rich table, failing feeds flagged."""
    table = Table("feed", "outlet", "last success", "last error", "items", "next poll")
    for state in states:
        error = (
            ""
            if state.last_error is None
            else f"{state.last_error:%Y-%m-%d %H:%M} {escape(redact_text(state.error or ''))}"
        )
        table.add_row(
            escape(redact_url(state.url)),
            escape(state.outlet or ""),
            f"{state.last_success:%Y-%m-%d %H:%M:%S}" if state.last_success else "never",
            f"[red]{error}[/red]" if state.failures else error,
            str(state.items_seen),
            f"{state.next_poll:%Y-%m-%d %H:%M:%S}" if state.next_poll else "now",
        )
    return table
