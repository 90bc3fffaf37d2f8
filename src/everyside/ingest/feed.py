"""RSS and Atom feeds through feedparser: one article per item, full content or summary."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit
from xml.sax import SAXParseException

import feedparser

from everyside.errors import IngestError
from everyside.ingest.article import build_article
from everyside.ingest.html import html_paragraphs
from everyside.ingest.metadata import parse_date
from everyside.ingest.outlets import outlet_name_from_title
from everyside.ingest.sources import InputFile
from everyside.model import Article, Outlet, SourceRef
from everyside.settings import IngestOptions

_CLOSED_ROOT = re.compile(rb"</(?:rss|feed|rdf:RDF)>\s*$", re.I)


def _entry_text(entry: Any) -> str:
    """The fullest text an item carries: its content, else its summary."""
    contents = entry.get("content") or []
    if contents:
        return str(max((c.get("value", "") for c in contents), key=len))
    return str(entry.get("summary", ""))


def read_feed(input_file: InputFile, options: IngestOptions) -> Iterator[Article | IngestError]:
    """Read every item of an RSS or Atom feed as an article."""
    data = input_file.read(options.max_document_bytes)
    parsed = feedparser.parse(data)
    if not parsed.entries:
        if parsed.get("bozo"):
            reason = str(parsed.get("bozo_exception", "unreadable XML")).splitlines()[0]
            raise IngestError(input_file.locator, f"malformed feed: {reason}")
        raise IngestError(input_file.locator, "feed has no items")
    entries = list(parsed.entries)
    # Sloppy XML (a bare "&", "&nbsp;") also makes feedparser complain; only a document
    # whose root element never closes was cut short.
    cut_short = isinstance(
        parsed.get("bozo_exception"), SAXParseException
    ) and not _CLOSED_ROOT.search(data[-512:])
    if cut_short:
        # The XML breaks off: the last item read is the one it broke in, so it is incomplete.
        entries.pop()
    channel = parsed.feed
    feed_link = channel.get("link")
    domain = urlsplit(feed_link).hostname if feed_link else None
    title = channel.get("title")
    outlet_name = outlet_name_from_title(title) if title else domain
    outlet = Outlet(name=outlet_name, domain=domain) if outlet_name else None
    for number, entry in enumerate(entries, start=1):
        key = entry.get("link") or entry.get("id") or f"item {number}"
        source = SourceRef(locator=f"{input_file.locator}#{key}", format="feed")
        try:
            yield build_article(
                title=entry.get("title"),
                paragraphs=html_paragraphs(_entry_text(entry)),
                source=source,
                outlet=outlet,
                default_outlet=options.outlet,
                url=entry.get("link"),
                author=entry.get("author"),
                published_at=parse_date(entry.get("published") or entry.get("updated")),
            )
        except IngestError as error:
            yield error
    if cut_short:
        reason = str(parsed["bozo_exception"]).splitlines()[0]
        yield IngestError(
            input_file.locator, f"malformed feed after {len(entries)} items: {reason}"
        )
