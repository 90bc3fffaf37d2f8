"""Each watched feed's health: last success, last error, items seen, next poll.

Feed URLs and errors are shown with their credentials masked (``watch --status``, its
JSON, ``GET /api/v1/feeds``): a feed's URL may carry a password or a token.
"""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from rich.table import Table

from everyside.escaping import MAX_MESSAGE_CHARS, printable
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
    shown["error"] = redact_text(state.error) if state.error else None
    return shown


def last_error(state: FeedState) -> str:
    """The feed's last error as plain text, its time and message; empty when it never failed."""
    if state.last_error is None and not state.error:
        return ""
    when = f"{state.last_error:%Y-%m-%d %H:%M}" if state.last_error else ""
    message = printable(redact_text(state.error), MAX_MESSAGE_CHARS) if state.error else ""
    return " ".join(part for part in (when, message) if part)


def status_table(states: list[FeedState]) -> Table:
    """The feeds' states as a Rich table: failing feeds' errors in red, recovered ones dim."""
    table = Table("feed", "outlet", "last success", "last error", "items", "next poll")
    for state in states:
        error = escape(last_error(state))
        if error:
            error = f"[red]{error}[/red]" if state.failures else f"[dim]{error}[/dim]"
        table.add_row(
            escape(printable(redact_url(state.url))),
            escape(printable(state.outlet or "")),
            f"{state.last_success:%Y-%m-%d %H:%M:%S}" if state.last_success else "never",
            error,
            str(state.items_seen),
            f"{state.next_poll:%Y-%m-%d %H:%M:%S}" if state.next_poll else "now",
        )
    return table
