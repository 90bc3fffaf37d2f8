"""The publication date a news URL carries in its path: ``/2020/06/24/``, ``-20200624-``.

Forms read: ``2020/06/24``, ``2020-6-24``, ``2020_06_24``, ``2020-06/24/``, ``2020/jun/24``
and ``20200624`` standing alone between separators.

Only the path is read (never the host, query or fragment), and only a four-digit year from
1990 on followed by a month and a day that make a real date no later than tomorrow; a year
alone is no date. ``/2020/06/`` names only the month: :func:`url_date` reports it as such,
and :func:`published_from_url` does not use it, since the first of the month would sit weeks
away from the day the article appeared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

EARLIEST = date(1990, 1, 1)

_YEAR = r"(?P<year>(?:19|20)\d\d)"
# 2020/06/24, 2020-6-24, 2020_06_24: one separator, used twice.
_SEPARATED = re.compile(
    rf"(?<![0-9]){_YEAR}(?P<sep>[/_-])(?P<month>\d{{1,2}})(?P=sep)(?P<day>\d{{1,2}})(?![0-9])"
)
# 2020-06/24/ (a month folder, then a day folder).
_DAY_FOLDER = re.compile(rf"(?<![0-9]){_YEAR}[_-](?P<month>\d{{1,2}})/(?P<day>\d{{1,2}})(?=/)")
# 2020/jun/24 (The Guardian, the Los Angeles Times): English month abbreviations.
_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_NAMED = re.compile(
    rf"(?<![0-9]){_YEAR}/(?P<name>{'|'.join(_MONTH_NAMES)})/(?P<day>\d{{1,2}})(?![0-9])", re.I
)
# 20200624 as a token of its own (between separators), not the middle of a longer number or id.
_COMPACT = re.compile(rf"(?<![0-9A-Za-z]){_YEAR}(?P<month>\d\d)(?P<day>\d\d)(?![0-9A-Za-z])")
# 2020/06/ or 2020-06/: a month folder, closed by a slash or the end of the path.
_MONTH = re.compile(rf"(?<![0-9]){_YEAR}[/_-](?P<month>\d{{1,2}})(?=/|$)")


@dataclass(frozen=True, slots=True)
class UrlDate:
    """A date read from a URL; ``precise`` is False when the URL names only the month."""

    value: date
    precise: bool


def _url_path(url: str) -> str:
    """The path of a URL (everything before ``?`` or ``#`` when it does not parse)."""
    try:
        return urlsplit(url).path
    except ValueError:  # a malformed IPv6 host, say
        return re.split(r"[?#]", url, maxsplit=1)[0]


def _month_number(name: str) -> str:
    """``"jun"`` as ``"6"``."""
    return str(_MONTH_NAMES.index(name.lower()) + 1)


def _valid(year: str, month: str, day: str, latest: date) -> date | None:
    """The date, if it exists and lies between 1990 and ``latest``."""
    try:
        value = date(int(year), int(month), int(day))
    except ValueError:
        return None
    return value if EARLIEST <= value <= latest else None


def url_date(url: str | None, *, today: date | None = None) -> UrlDate | None:
    """The date in a URL's path, the first full date first; None when it names none.

    ``today`` (the ingest day, by default the local one) bounds it: a date more than a day
    after it is an id or a typo, not a publication date (a day of slack for time zones).
    """
    if not url:
        return None
    path = _url_path(url)
    latest = (today or date.today()) + timedelta(days=1)
    for pattern in (_SEPARATED, _DAY_FOLDER, _NAMED, _COMPACT):
        for match in pattern.finditer(path):
            month = match.groupdict().get("month") or _month_number(match["name"])
            found = _valid(match["year"], month, match["day"], latest)
            if found is not None:
                return UrlDate(found, precise=True)
    for match in _MONTH.finditer(path):
        found = _valid(match["year"], match["month"], "1", latest)
        if found is not None:
            return UrlDate(found, precise=False)
    return None


def published_from_url(url: str | None, *, today: date | None = None) -> datetime | None:
    """The publication day a URL names (as midnight, like a date-only field), or None.

    A month without a day is not used (see the module doc).
    """
    found = url_date(url, today=today)
    if found is None or not found.precise:
        return None
    return datetime(found.value.year, found.value.month, found.value.day)
