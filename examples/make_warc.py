"""Build the demo web archive ``corpus/warc/crawl-2024-07.warc.gz``.

The archive imitates a small crawl of news sites made in July 2024. It holds

* one ``warcinfo`` record describing the crawl,
* for every page in ``examples/warc-pages/*.html`` a ``request`` record and a ``response``
  record (HTTP 200, ``Content-Type: text/html; charset=utf-8``); the target URI of a page
  is taken from its ``<link rel="canonical">`` element,
* one non-HTML response (a ``robots.txt`` served as ``text/plain``),
* one ``404 Not Found`` response for a page that had been removed.

The output is deterministic: record dates come from a fixed crawl start plus a fixed step,
record ids are UUIDv5 values derived from the target URI and record type, and gzip
members carry no timestamp, so running the script twice yields byte-identical files.

Usage::

    python examples/make_warc.py            # writes examples/corpus/warc/crawl-2024-07.warc.gz
    python examples/make_warc.py OUT.warc.gz
"""

from __future__ import annotations

import re
import sys
import uuid
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
PAGES = HERE / "warc-pages"
DEFAULT_OUT = HERE / "corpus" / "warc" / "crawl-2024-07.warc.gz"

CRAWL_START = datetime(2024, 7, 28, 3, 0, 0, tzinfo=UTC)
STEP = timedelta(seconds=7)
ID_NAMESPACE = uuid.UUID("6f1c1d52-9a53-4c1e-8f64-2d8f3f0c7a10")
USER_AGENT = "everyside-demo-crawler/0.1 (+https://github.com/everyside)"

ROBOTS_URL = "https://www.rheinland-kurier.example/robots.txt"
ROBOTS_TXT = (
    "User-agent: *\n"
    "Disallow: /suche/\n"
    "Disallow: /abo/checkout/\n"
    "Crawl-delay: 5\n"
    "\n"
    "Sitemap: https://www.rheinland-kurier.example/sitemap-news.xml\n"
)
MISSING_URL = "https://www.abnnews.example/world/live-updates-euro-2024-final-berlin"
NOT_FOUND_HTML = (
    '<!DOCTYPE html>\n<html lang="en"><head><title>Page not found | ABN News</title></head>\n'
    "<body><h1>Sorry, we can't find that page.</h1>\n"
    "<p>The page you requested may have been moved or deleted.</p>\n"
    '<p><a href="https://www.abnnews.example/">Go to the ABN News homepage</a></p></body></html>\n'
)


def record_id(uri: str, kind: str) -> str:
    """A stable WARC-Record-ID for one record."""
    return f"<urn:uuid:{uuid.uuid5(ID_NAMESPACE, kind + ' ' + uri)}>"


def warc_date(index: int) -> str:
    """The WARC-Date of the index-th fetch of the crawl, in WARC's ISO format."""
    return (CRAWL_START + STEP * index).strftime("%Y-%m-%dT%H:%M:%SZ")


def http_date(index: int) -> str:
    """The same moment in HTTP-date form, for the Date response header."""
    return (CRAWL_START + STEP * index).strftime("%a, %d %b %Y %H:%M:%S GMT")


def canonical_url(page: str) -> str:
    """The URL in a page's <link rel="canonical"> element."""
    match = re.search(r'<link rel="canonical" href="([^"]+)"', page)
    if match is None:
        raise ValueError("page has no canonical link")
    return match.group(1)


def write_fetch(
    writer: WARCWriter,
    index: int,
    uri: str,
    body: bytes,
    status: str,
    content_type: str,
) -> None:
    """Write a request record and the matching response record for one fetch."""
    parts = urlsplit(uri)
    date = warc_date(index)
    resp_id = record_id(uri, "response")
    http_headers = StatusAndHeaders(
        status,
        [
            ("Date", http_date(index)),
            ("Server", "nginx"),
            ("Content-Type", content_type),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "max-age=60"),
        ],
        protocol="HTTP/1.1",
    )
    response = writer.create_warc_record(
        uri,
        "response",
        payload=BytesIO(body),
        length=len(body),
        http_headers=http_headers,
        warc_headers_dict={"WARC-Date": date, "WARC-Record-ID": resp_id},
    )
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    req_headers = StatusAndHeaders(
        f"GET {path} HTTP/1.1",
        [
            ("Host", parts.netloc),
            ("User-Agent", USER_AGENT),
            ("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"),
            ("Accept-Language", "en;q=0.9,de;q=0.8,es;q=0.7,id;q=0.6"),
        ],
        protocol="HTTP/1.1",
        is_http_request=True,
    )
    request = writer.create_warc_record(
        uri,
        "request",
        payload=BytesIO(b""),
        length=0,
        http_headers=req_headers,
        warc_headers_dict={
            "WARC-Date": date,
            "WARC-Record-ID": record_id(uri, "request"),
            "WARC-Concurrent-To": resp_id,
        },
    )
    writer.write_record(request)
    writer.write_record(response)


def build(out_path: Path) -> int:
    """Write the archive to out_path and return the number of HTML pages in it."""
    pages = sorted(PAGES.glob("*.html"))
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with out_path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True, warc_version="WARC/1.1")
        info_fields = (
            "software: everyside make_warc.py (warcio)\r\n"
            "format: WARC File Format 1.1\r\n"
            f"http-header-user-agent: {USER_AGENT}\r\n"
            "description: Demo crawl of fictional news sites for the everyside example corpus\r\n"
            "isPartOf: everyside-demo-2024-07\r\n"
        ).encode()
        warcinfo = writer.create_warc_record(
            "",
            "warcinfo",
            payload=BytesIO(info_fields),
            length=len(info_fields),
            warc_content_type="application/warc-fields",
            warc_headers_dict={
                "WARC-Date": warc_date(0),
                "WARC-Record-ID": record_id(out_path.name, "warcinfo"),
                "WARC-Filename": out_path.name,
            },
        )
        writer.write_record(warcinfo)
        index = 1
        write_fetch(
            writer,
            index,
            ROBOTS_URL,
            ROBOTS_TXT.encode("utf-8"),
            "200 OK",
            "text/plain; charset=utf-8",
        )
        for page in pages:
            index += 1
            html = page.read_text(encoding="utf-8")
            write_fetch(
                writer,
                index,
                canonical_url(html),
                html.encode("utf-8"),
                "200 OK",
                "text/html; charset=utf-8",
            )
        index += 1
        write_fetch(
            writer,
            index,
            MISSING_URL,
            NOT_FOUND_HTML.encode("utf-8"),
            "404 Not Found",
            "text/html; charset=utf-8",
        )
    return len(pages)


def main(argv: list[str]) -> None:
    out = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUT
    count = build(out)
    print(f"wrote {out} with {count} article pages")


if __name__ == "__main__":
    main(sys.argv)
