"""Read publication metadata from the lines around an article: bylines, times, datelines."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from dateutil import parser as date_parser

from everyside.ingest import patterns


@dataclass(frozen=True, slots=True)
class Byline:
    """A ``Place • Outlet`` line."""

    place: str
    outlet: str


@dataclass(frozen=True, slots=True)
class Timestamp:
    """A publication time line, with the view counter some sites print beside it."""

    published_at: datetime | None
    view_count: int | None


@dataclass(frozen=True, slots=True)
class Dateline:
    """The ``JAKARTA -`` or ``(Reuters) -`` opening of a first paragraph."""

    text: str
    place: str | None
    agency: str | None


def parse_byline(line: str) -> Byline | None:
    """Read a ``Kyiv  •  UNN`` line, or return None."""
    match = patterns.BYLINE_LINE.match(line)
    if not match:
        return None
    return Byline(place=match["place"].strip(), outlet=match["outlet"].strip())


def parse_source_line(line: str) -> str | None:
    """The outlet a ``Source: X`` or ``By Name, Outlet`` line names, or None."""
    match = patterns.SOURCE_LINE.match(line) or patterns.BY_LINE.match(line)
    return match["outlet"].strip() if match else None


def parse_timestamp(line: str) -> Timestamp | None:
    """Read a ``June 20 2024, 12:17 AM  •  113463 views`` line, or return None."""
    match = patterns.TIMESTAMP_LINE.match(line)
    if not match:
        return None
    return Timestamp(parse_date(match["date"]), parse_count(match["views"]))


def parse_date(text: str | None) -> datetime | None:
    """Parse a date or date-time in any common notation; None when it is not one."""
    if not text or not text.strip():
        return None
    try:
        return date_parser.parse(text.strip(), dayfirst=bool(re.match(r"\d{1,2}\.", text)))
    except (ValueError, OverflowError):
        return None


def parse_count(text: str | None) -> int | None:
    """Read ``113463`` or ``113,463`` as an integer."""
    if not text:
        return None
    digits = re.sub(r"\D", "", text)
    return int(digits) if digits else None


def split_dateline(paragraph: str) -> tuple[Dateline | None, str]:
    """Split a leading dateline off a paragraph; return it (or None) and the rest."""
    match = patterns.DATELINE.match(paragraph)
    if not match:
        lead = patterns.AGENCY_LEAD.match(paragraph)
        if not lead:
            return None, paragraph
        dateline = Dateline(text=lead.group(0).strip(), place=None, agency=lead["agency"].strip())
        return dateline, paragraph[lead.end() :]
    place = match["caps"] or match["titled"]
    return (
        Dateline(text=match.group(0).strip(), place=place.title(), agency=match["agency"]),
        paragraph[match.end() :],
    )
