"""When each feed is polled next: its own interval, and exponential backoff after errors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class Backoff:
    """The wait after ``failures`` errors in a row: ``retry`` doubled each time, up to ``cap``."""

    retry: float = 60.0
    cap: float = 6 * 3600.0

    def __post_init__(self) -> None:
        if self.retry <= 0 or self.cap < self.retry:
            raise ValueError("retry must be positive and the cap at least retry")

    def delay(self, failures: int) -> float:
        """Seconds to wait after this many failures in a row (at least one)."""
        # The exponent is bounded first: 2**failures overflows a float after ~1000 failures.
        return min(self.retry * 2.0 ** min(max(failures - 1, 0), 60), self.cap)


class Schedule:
    """Next-poll times of the feeds not being fetched right now; the soonest comes first.

    A feed is taken out while it is fetched and put back with its next time, so a slow
    feed holds only itself up.
    """

    def __init__(self) -> None:
        self._next: dict[str, datetime] = {}

    def __len__(self) -> int:
        return len(self._next)

    def put(self, url: str, when: datetime) -> None:
        """Poll this feed at ``when`` (again)."""
        self._next[url] = when

    def take_due(self, now: datetime) -> list[str]:
        """Remove and return the feeds due by ``now``, most overdue first."""
        due = sorted((when, url) for url, when in self._next.items() if when <= now)
        for _, url in due:
            del self._next[url]
        return [url for _, url in due]

    def next_due(self) -> datetime | None:
        """When the soonest waiting feed is due; None when none waits."""
        return min(self._next.values(), default=None)

    def seconds_until_next(self, now: datetime) -> float | None:
        """Seconds from ``now`` until the soonest feed is due (0 when overdue)."""
        soonest = self.next_due()
        return None if soonest is None else max((soonest - now).total_seconds(), 0.0)
