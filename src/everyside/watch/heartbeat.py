"""What ``everyside watch`` says as it runs: a start-up line, then one line per poll cycle.

The lines carry counts and the configuration's own names only; those names are the
operator's input, so they are made printable (:mod:`everyside.escaping`) like any other.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from everyside.escaping import printable

if TYPE_CHECKING:
    from everyside.watch.config import WatchConfig
    from everyside.watch.poll import CycleReport

# Longest rule name shown in the start-up line.
_NAME_CHARS = 60


def counted(count: float, singular: str, plural: str | None = None) -> str:
    """``count`` with its noun in the right number: "1 feed", "2 feeds", "1.5 hours"."""
    noun = singular if count == 1 else (plural or f"{singular}s")
    return f"{count:,} {noun}" if isinstance(count, int) else f"{count:g} {noun}"


def _seconds(value: float) -> str:
    return f"{value:g} s" if value < 120 else f"{value / 60:g} min"


def _channel_kind(channel: object) -> str:
    return type(channel).__name__.removesuffix("Channel").lower()


def startup_line(config: WatchConfig, *, once: bool = False) -> str:
    """One line naming what the watcher will do: feeds, rules, deliveries, pace."""
    feeds = config.feeds
    outlets = {feed.outlet or feed.url for feed in feeds}
    intervals = sorted({feed.interval for feed in feeds})
    pace = (
        f"every {_seconds(intervals[0])}"
        if len(intervals) == 1
        else f"every {_seconds(intervals[0])} to {_seconds(intervals[-1])}"
    )
    rules = ", ".join(printable(rule.name, _NAME_CHARS) for rule in config.rules)
    kinds = [_channel_kind(channel) for channel in config.channels]
    line = (
        f"{'Polling' if once else 'Watching'} {counted(len(feeds), 'feed')} of "
        f"{counted(len(outlets), 'outlet')}"
        + ("" if once else f" ({pace})")
        + f"; {counted(len(config.rules), 'rule')}"
        + (f" ({rules})" if rules else "")
        + f"; {counted(len(kinds), 'delivery', 'deliveries')}"
        + (f" ({', '.join(kinds)})" if kinds else "")
    )
    if not config.pipeline:
        line += "; ingest only (pipeline = false)"
    return line + ("." if once else ". Ctrl+C stops.")


def cycle_line(cycle: CycleReport, *, at: datetime, next_poll: float | None = None) -> str:
    """The heartbeat of one poll cycle: feeds polled, new articles, errors, alerts."""
    polled = cycle.polled + cycle.failed
    detail = f" ({cycle.not_modified:,} unchanged)" if cycle.not_modified and cycle.polled else ""
    line = (
        f"{at:%H:%M:%S} polled {counted(polled, 'feed')}{detail}: "
        f"{counted(cycle.added, 'new article')}, {counted(cycle.failed, 'error')}, "
        f"{counted(cycle.alerts, 'alert')}"
    )
    if next_poll is not None:
        line += "; next poll now" if next_poll < 0.5 else f"; next poll in {next_poll:.0f} s"
    return line


def summary_line(report: CycleReport) -> str:
    """The totals of a run, as ``watch`` prints them when it stops."""
    return (
        f"{counted(report.polled + report.failed, 'poll')} "
        f"({report.not_modified:,} unchanged, {report.failed:,} failed), "
        f"{counted(report.added, 'new article')}, {counted(report.alerts, 'alert')}"
    )
