"""Small original articles in every input format, built in code so tests need no binary fixtures."""

from __future__ import annotations

import io
import json
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

PARAGRAPHS = [
    "The harbour authority of Port Wren approved a plan on Tuesday to dredge the eastern "
    "channel, ending two years of dispute between fishing crews and container operators.",
    "The work will cost 14 million euros and take about nine months, the authority said, "
    "adding that the channel would stay open to small boats throughout.",
    '"We listened to everyone who depends on this water," said harbour master Ilse Varga.',
    "Fishing associations welcomed the decision but asked for weekly reports on silt levels.",
]


def page(title: str, paragraphs: list[str], *, url: str, site: str = "Wren Courier") -> str:
    """A news page with navigation, cookie banner and footer around the article."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | {site}</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="{site}">
<meta name="author" content="Mara Lind">
<meta property="article:published_time" content="2024-06-18T09:30:00+00:00">
<link rel="canonical" href="{url}"></head>
<body><nav><a href="/">Home</a> <a href="/local">Local</a> <a href="/sport">Sport</a></nav>
<div class="cookie">We use cookies to improve your experience. Accept all</div>
<article><h1>{title}</h1>{body}</article>
<aside><h3>Related</h3><ul><li><a href="/x">Council votes on bus lanes</a></li></ul></aside>
<footer>© 2024 Wren Courier. All rights reserved.</footer></body></html>"""


def _html(paragraphs: list[str]) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def rss(items: list[tuple[str, str, list[str]]]) -> str:
    """An RSS 2.0 feed with full text in content:encoded."""
    entries = "".join(
        f"""<item><title>{title}</title><link>{link}</link><guid>{link}</guid>
<pubDate>Tue, 18 Jun 2024 09:30:00 +0000</pubDate><dc:creator>Mara Lind</dc:creator>
<description>{paragraphs[0][:60]}</description>
<content:encoded><![CDATA[{_html(paragraphs)}]]></content:encoded></item>"""
        for title, link, paragraphs in items
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Wren Courier</title>
<link>https://www.wrencourier.example/</link><description>Local news</description>
{entries}</channel></rss>"""


def atom(items: list[tuple[str, str, list[str]]]) -> str:
    """An Atom feed with HTML content."""
    entries = "".join(
        f"""<entry><title>{title}</title><link href="{link}"/><id>{link}</id>
<updated>2024-06-18T09:30:00Z</updated><author><name>Mara Lind</name></author>
<content type="html">{"".join(f"&lt;p&gt;{p}&lt;/p&gt;" for p in paragraphs)}</content></entry>"""
        for title, link, paragraphs in items
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wren Courier</title>
<link href="https://www.wrencourier.example/"/><id>urn:wren</id>
<updated>2024-06-18T09:30:00Z</updated>{entries}</feed>"""


def warc(pages: list[tuple[str, str]]) -> bytes:
    """A gzipped WARC with one HTML response per (url, html), plus a robots.txt and a 404."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)

    def response(url: str, status: str, content_type: str, payload: bytes) -> None:
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(payload), http_headers=headers
        )
        writer.write_record(record)

    for url, html in pages:
        response(url, "200 OK", "text/html; charset=utf-8", html.encode())
    response("https://www.wrencourier.example/robots.txt", "200 OK", "text/plain", b"User-agent: *")
    response("https://www.wrencourier.example/gone", "404 Not Found", "text/html", b"<p>gone</p>")
    return buffer.getvalue()


def jsonl(records: list[dict[str, str]]) -> str:
    """JSON Lines, one record a line."""
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


def write(path: Path, content: str | bytes) -> Path:
    """Write text (UTF-8) or bytes and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path
