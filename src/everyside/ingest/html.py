"""HTML pages through trafilatura, keeping its metadata: title, author, date, site, URL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.settings import Document

from everyside.errors import IngestError
from everyside.ingest.article import build_article
from everyside.ingest.decode import decode_bytes
from everyside.ingest.metadata import parse_date
from everyside.ingest.outlets import outlet_name_from_title
from everyside.ingest.sources import InputFile
from everyside.model import Article, Outlet, SourceRef
from everyside.settings import IngestOptions

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# Fewer words than this is a menu, consent wall or app shell that extraction fell back on,
# not an article: the shortest news briefs run to several sentences.
MIN_ARTICLE_WORDS = 15
_BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "li", "blockquote", "pre", "td")
# htmldate returns the full publication time when asked for it in this format.
_DATE_PARAMS = {
    "extensive_search": True,
    "original_date": True,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}
# Publication times that pages state exactly. htmldate prefers a date in the URL
# (/2024/06/18/), which has no time of day, so these are read first.
_PUBLISHED_XPATH = (
    "//meta[@property='article:published_time' or @name='article:published_time'"
    " or @itemprop='datePublished' or @name='pubdate' or @name='publish-date']/@content"
    " | //time[@itemprop='datePublished' or @pubdate]/@datetime"
)


def parse_html_article(
    html: str, source: SourceRef, *, url: str | None = None, outlet: str | None = None
) -> Article:
    """Extract the main article of a web page; ``outlet`` names it when the page does not."""
    try:
        # lxml refuses a str that declares its own encoding; the text is decoded already.
        tree = lxml.html.document_fromstring(_XML_DECLARATION.sub("", html, count=1))
    except (etree.ParserError, ValueError):
        raise IngestError(source.locator, "not an HTML document") from None
    stated = [str(value) for value in tree.xpath(_PUBLISHED_XPATH)]
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params=_DATE_PARAMS,
    )
    if not isinstance(document, Document) or not (document.text or "").strip():
        raise IngestError(source.locator, "no article text found in the HTML")
    text = document.text or ""
    if len(text.split()) < MIN_ARTICLE_WORDS:
        raise IngestError(
            source.locator,
            f"no article text found in the HTML (only {len(text.split())} words of page chrome)",
        )
    page_url = document.url or url
    domain = document.hostname or (urlsplit(page_url).hostname if page_url else None)
    site_name = outlet_name_from_title(document.sitename) if document.sitename else domain
    return build_article(
        title=document.title,
        paragraphs=text.split("\n"),
        source=source,
        outlet=Outlet(name=site_name, domain=domain) if site_name else None,
        default_outlet=outlet,
        url=page_url,
        author=document.author,
        published_at=parse_date(stated[0] if stated else document.date),
    )


def html_paragraphs(fragment: str) -> list[str]:
    """The text of each block element of an HTML fragment (feed content, say)."""
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return [fragment]
    outer = _outer_blocks(root)
    if not outer:
        return str(root.text_content()).split("\n")
    return [str(block.text_content()) for block in outer]


def _outer_blocks(root: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The block elements not inside another one, in document order; linear in the tree.

    Nested blocks (a <p> inside a <blockquote>) would otherwise be read twice. The walk
    does not descend into a block, so each element is looked at once, however many
    paragraphs a feed item has and however deep they nest.
    """
    outer = []
    pending = list(reversed(root))
    while pending:
        element = pending.pop()
        if element.tag in _BLOCK_TAGS:
            outer.append(element)
        else:
            pending.extend(reversed(element))
    return outer


def read_html(input_file: InputFile, options: IngestOptions) -> Iterator[Article | IngestError]:
    """Read an HTML file holding one article page."""
    html, _ = decode_bytes(input_file.read(options.max_document_bytes), input_file.locator)
    source = SourceRef(locator=input_file.locator, format="html")
    yield parse_html_article(html, source, outlet=options.outlet)
