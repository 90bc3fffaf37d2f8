"""Assemble a clean Article from what a reader found: title, paragraphs and metadata."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

from everyside.errors import IngestError
from everyside.ingest.boilerplate import clean_paragraphs
from everyside.ingest.dedup import article_id, content_hash
from everyside.ingest.metadata import parse_source_line, split_dateline
from everyside.ingest.urldate import published_from_url
from everyside.model import (
    PARAGRAPH_SEPARATOR,
    Article,
    Boilerplate,
    BoilerplateKind,
    Outlet,
    SourceRef,
)

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_UNTITLED_LENGTH = 100
# Longest article body stored, in characters. spaCy refuses longer texts (its
# ``max_length``), so a longer article could never be analyzed: it is refused here, once,
# with its own error, instead of failing every later ``analyze``. A million characters is
# some 170,000 words, a book rather than a news article: past it, the input is a dump or a
# mis-split file, and a cut-off copy would be compared as if it were the article.
MAX_ARTICLE_CHARS = 1_000_000


def tidy(text: str) -> str:
    """Collapse runs of spaces (non-breaking ones too) and trim."""
    return _SPACES.sub(" ", text).strip()


def _source_lines(kept: list[str], removed: list[Boilerplate]) -> str | None:
    """Take ``Source: X`` and ``By Name, Outlet`` lines off the top and bottom; the outlet named."""
    named = None
    for index in (len(kept) - 1, 0):  # last first: popping it leaves the first in place
        if 0 <= index < len(kept) and (name := parse_source_line(kept[index])) is not None:
            removed.append(Boilerplate(kind=BoilerplateKind.BYLINE, text=kept.pop(index)))
            named = named or name
    return named


def _too_long(source: SourceRef, length: int) -> IngestError:
    return IngestError(
        source.locator,
        f"article text too long ({length:,} characters; the limit is "
        f"{MAX_ARTICLE_CHARS:,} per article, what the language analysis reads)",
    )


def build_article(
    *,
    title: str | None,
    paragraphs: Iterable[str],
    source: SourceRef,
    outlet: Outlet | None = None,
    default_outlet: str | None = None,
    url: str | None = None,
    place: str | None = None,
    author: str | None = None,
    published_at: datetime | None = None,
    view_count: int | None = None,
    boilerplate: Iterable[Boilerplate] = (),
) -> Article:
    """Clean paragraphs of boilerplate and build the Article with its content-hash id.

    The outlet is the one the source names (``outlet``), else the one a first or last
    ``Source: X`` / ``By Name, Outlet`` line or a ``(Reuters) -`` dateline names, else
    ``default_outlet`` (given by the user for inputs that name none). The publication
    time is the one the source states, else the day the URL's path names (``/2020/06/24/``).
    Raises IngestError when no article text is left, or more than ``MAX_ARTICLE_CHARS``.
    """
    removed = list(boilerplate)
    paragraphs = list(paragraphs)
    if (raw := sum(map(len, paragraphs))) > 2 * MAX_ARTICLE_CHARS:
        # Cleaning cannot bring this under the limit; refuse before spending seconds on it.
        raise _too_long(source, raw)
    lines = [tidy(p) for p in paragraphs]
    lines = [line for line in lines if line]
    title = tidy(title or "")
    while lines and title and lines[0].casefold() == title.casefold():
        removed.append(Boilerplate(kind=BoilerplateKind.REPEATED_TITLE, text=lines.pop(0)))
    kept, dropped = clean_paragraphs(lines)
    removed.extend(dropped)
    named = _source_lines(kept, removed)
    if kept:
        dateline, rest = split_dateline(kept[0])
        if dateline is not None and rest.strip():
            removed.append(Boilerplate(kind=BoilerplateKind.DATELINE, text=dateline.text))
            kept[0] = rest.strip()
            place = place or dateline.place
            named = named or dateline.agency
    named = named or default_outlet
    outlet = outlet or (Outlet(name=named) if named else None)
    if not kept:
        raise IngestError(source.locator, "no article text found")
    body = PARAGRAPH_SEPARATOR.join(kept)
    if len(body) > MAX_ARTICLE_CHARS:
        raise _too_long(source, len(body))
    if not title:
        title = kept[0] if len(kept[0]) <= _UNTITLED_LENGTH else kept[0][:_UNTITLED_LENGTH] + "…"
    digest = content_hash(body)
    return Article(
        id=article_id(digest),
        title=title,
        body=body,
        content_hash=digest,
        source=source,
        outlet=outlet,
        url=url,
        place=place,
        author=tidy(author) if author else None,
        published_at=published_at or published_from_url(url),
        view_count=view_count,
        boilerplate=removed,
    )
