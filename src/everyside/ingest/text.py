"""Plain-text articles as scraped from news sites, with their header lines and boilerplate."""

from __future__ import annotations

import re
from collections.abc import Iterator

from everyside.errors import IngestError
from everyside.ingest.article import build_article, tidy
from everyside.ingest.decode import decode_bytes
from everyside.ingest.metadata import parse_byline, parse_timestamp
from everyside.ingest.sources import InputFile
from everyside.model import Article, Boilerplate, BoilerplateKind, Outlet, SourceRef
from everyside.settings import IngestOptions

_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*(?:\n[ \t\u00a0]*)+")
# A first line longer than this is a paragraph, not a headline.
_MAX_TITLE_CHARS = 300
# Header lines (repeated title, byline, time) appear within the first few paragraphs.
_HEADER_SCAN = 4


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs separated by blank lines, or one per line when the text has no blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _BLANK_LINE.search(text.strip()):
        blocks = _BLANK_LINE.split(text)
        return [" ".join(block.split()) for block in blocks if block.strip()]
    return [line for line in text.split("\n") if line.strip()]


def parse_text_article(text: str, source: SourceRef, *, outlet: str | None = None) -> Article:
    """Read one plain-text article: title, header lines, then body paragraphs."""
    paragraphs = [tidy(p) for p in split_paragraphs(text)]
    if not paragraphs:
        raise IngestError(source.locator, "no article text found")
    title = paragraphs.pop(0) if len(paragraphs[0]) <= _MAX_TITLE_CHARS else None
    removed: list[Boilerplate] = []
    place = published_at = view_count = None
    outlet_name = None
    header_end = 0
    for index, paragraph in enumerate(paragraphs[:_HEADER_SCAN]):
        if title and paragraph.casefold() == title.casefold():
            removed.append(Boilerplate(kind=BoilerplateKind.REPEATED_TITLE, text=paragraph))
        elif (byline := parse_byline(paragraph)) is not None:
            removed.append(Boilerplate(kind=BoilerplateKind.BYLINE, text=paragraph))
            place, outlet_name = byline.place, byline.outlet
        elif (stamp := parse_timestamp(paragraph)) is not None:
            removed.append(Boilerplate(kind=BoilerplateKind.TIMESTAMP, text=paragraph))
            published_at, view_count = stamp.published_at, stamp.view_count
        else:
            break
        header_end = index + 1
    return build_article(
        title=title,
        paragraphs=paragraphs[header_end:],
        source=source,
        outlet=Outlet(name=outlet_name) if outlet_name else None,
        default_outlet=outlet,
        place=place,
        published_at=published_at,
        view_count=view_count,
        boilerplate=removed,
    )


def read_text(input_file: InputFile, options: IngestOptions) -> Iterator[Article | IngestError]:
    """Read a plain-text file holding one article."""
    text, _ = decode_bytes(input_file.read(options.max_document_bytes), input_file.locator)
    source = SourceRef(locator=input_file.locator, format="text")
    yield parse_text_article(text, source, outlet=options.outlet)
