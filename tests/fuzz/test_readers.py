"""Property tests of every reader, the decoder and the boilerplate remover (issue 20).

Invariants, for any bytes: a reader yields articles and IngestErrors and raises nothing
but IngestError; every message is one bounded line; every article has a non-empty body
within the article limit, and the id its body hashes to; reading again gives the same
articles (re-ingest is idempotent); each input is read in bounded time.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import tempfile
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from everyside.errors import IngestError
from everyside.escaping import MAX_MESSAGE_CHARS
from everyside.ingest.article import MAX_ARTICLE_CHARS
from everyside.ingest.boilerplate import classify_paragraph, clean_paragraphs, split_teaser
from everyside.ingest.decode import decode_bytes, stream_encoding
from everyside.ingest.dedup import article_id, content_hash
from everyside.ingest.pipeline import READERS
from everyside.ingest.sources import InputFile
from everyside.ingest.tabular import _fields, _records
from everyside.model import Article
from everyside.settings import IngestOptions
from tests.fuzz.profile import EXAMPLE_SECONDS, fuzz
from tests.ingest.hostile import ARTICLE, warc_record

_SUFFIX = {"text": ".txt", "html": ".html", "feed": ".xml", "warc": ".warc.gz"}
_SUFFIX |= {"jsonl": ".jsonl", "csv": ".csv"}
# Small limits, so that examples reach them.
OPTIONS = IngestOptions(max_document_bytes=20_000, near_duplicates=False)

words = st.sampled_from(
    ["the", "council", "said", "Reuters", "—", "«", "»", "“", "”", '"', "'", "&amp;",
     "[bold]", "\x1b[31m", "\u202e", "\x00", "\r", "\n", "\n\n", "<p>", "</p>", ",", "2024",
     "3,5", "€1.2m", "Source:", "By", "Jan", "ñ", "日本", "\ud7ff", "\t", "  ", ARTICLE]
)  # fmt: skip
prose = st.lists(words, max_size=60).map(" ".join)
# Text that looks like the format, with hostile pieces in it, or any bytes at all.
any_bytes = st.binary(max_size=4_000)


def _items(fmt: str, data: bytes) -> list[Article | IngestError]:
    """Everything a reader makes of ``data``, checking the invariants on the way."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{_SUFFIX[fmt]}"
        path.write_bytes(data)
        started = time.perf_counter()
        items: list[Article | IngestError] = []
        try:
            items.extend(READERS[fmt](InputFile(str(path), path), OPTIONS))
        except IngestError as error:  # an input that cannot be read at all
            items.append(error)
        seconds = time.perf_counter() - started
    assert seconds < EXAMPLE_SECONDS, f"{fmt}: {seconds:.1f} s for {data[:300]!r}"
    for item in items:
        if isinstance(item, IngestError):
            assert "\n" not in item.problem and len(item.problem) <= MAX_MESSAGE_CHARS + 40
        else:
            assert item.body.strip() and len(item.body) <= MAX_ARTICLE_CHARS
            assert item.content_hash == content_hash(item.body)
            assert item.id == article_id(item.content_hash)
    return items


def _check(fmt: str, data: bytes) -> None:
    first = _items(fmt, data)
    again = _items(fmt, data)
    assert [_key(item) for item in first] == [_key(item) for item in again]


def _key(item: Article | IngestError) -> str:
    return item.id if isinstance(item, Article) else f"error {item.problem}"


@fuzz
@given(st.one_of(prose.map(str.encode), any_bytes))
def test_text_reader(data: bytes) -> None:
    _check("text", data)


def _html(paragraphs: list[str], tag: str) -> str:
    inner = "".join(f"<{tag}>{p}</{tag}>" for p in paragraphs)
    return f"<html><head><title>{paragraphs[0] if paragraphs else ''}</title></head><body>{inner}"


html_pages = st.builds(_html, st.lists(prose, max_size=8), st.sampled_from(["p", "div", "li"]))


@fuzz
@given(st.one_of(html_pages.map(str.encode), any_bytes))
def test_html_reader(data: bytes) -> None:
    _check("html", data)


def _feed(items: list[tuple[str, str]], cut: int) -> bytes:
    body = "".join(
        f"<item><title>{title}</title><link>https://x.example/{n}</link>"
        f"<description><![CDATA[{text}]]></description></item>"
        for n, (title, text) in enumerate(items)
    )
    xml = f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{body}</channel></rss>'
    data = xml.encode()
    return data[: len(data) - cut] if cut else data


feeds = st.builds(_feed, st.lists(st.tuples(prose, prose), max_size=5), st.integers(0, 40))


@fuzz
@given(st.one_of(feeds, any_bytes))
def test_feed_reader(data: bytes) -> None:
    _check("feed", data)


def _warc(pages: list[str], gzipped: bool, cut: int, flip: int | None) -> bytes:
    data = b"".join(
        warc_record(f"https://x.example/{n}", _html([page, page], "p"))
        for n, page in enumerate(pages)
    )
    if not gzipped:
        data = gzip.decompress(data)
    if cut:
        data = data[: max(0, len(data) - cut)]
    if flip is not None and data:
        index = flip % len(data)
        data = data[:index] + bytes([data[index] ^ 0xFF]) + data[index + 1 :]
    return data


warcs = st.builds(
    _warc,
    st.lists(prose, max_size=4),
    st.booleans(),
    st.integers(0, 200),
    st.none() | st.integers(0, 10_000),
)


@fuzz
@given(st.one_of(warcs, any_bytes, any_bytes.map(lambda b: zlib.compress(b, 9))))
def test_warc_reader(data: bytes) -> None:
    _check("warc", data)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | prose,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(prose, inner, max_size=3),
    max_leaves=8,
)
records = st.fixed_dictionaries(
    {"text": prose | json_values},
    optional={"title": prose, "published": prose, "url": prose, "outlet": prose},
)


@fuzz
@given(st.one_of(st.lists(records | json_values, max_size=5), any_bytes))
def test_jsonl_reader(lines: list[object] | bytes) -> None:
    if isinstance(lines, bytes):
        _check("jsonl", lines)
    else:
        _check("jsonl", "\n".join(json.dumps(line) for line in lines).encode())


cells = st.text(alphabet='ab ,"\n\r\t\x00é', max_size=30) | prose


@fuzz
@given(st.lists(st.lists(cells, min_size=1, max_size=4), max_size=6), any_bytes)
def test_csv_reader(rows: list[list[str]], noise: bytes) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["title", "text", "published"])
    writer.writerows(rows)
    _check("csv", out.getvalue().encode())
    _check("csv", noise)


@fuzz
@given(st.text(alphabet='a,"\n\r ', max_size=80))
def test_csv_records_split_as_the_csv_module_reads(text: str) -> None:
    # The record splitter that bounds a row must agree with the csv module on every row.
    try:
        expected = [row for row in csv.reader(io.StringIO(text, newline="")) if row]
    except csv.Error:
        return
    wrapper = io.TextIOWrapper(io.BytesIO(text.encode()), encoding="utf-8", newline="")
    found = [
        fields
        for record in _records(wrapper, 10_000)
        if record.text is not None and (fields := _fields(record.text))
    ]
    assert found == expected


@fuzz
@given(any_bytes | prose.map(lambda text: text.encode("utf-16")))
def test_decoder(data: bytes) -> None:
    try:
        text, encoding = decode_bytes(data, "input")
    except IngestError as error:
        assert "\n" not in error.problem
    else:
        assert isinstance(text, str) and encoding
    assert stream_encoding(data[:8192])


def _paragraph_lists() -> st.SearchStrategy[list[str]]:
    return st.lists(prose | st.text(max_size=200), max_size=12)


@fuzz
@given(_paragraph_lists())
def test_boilerplate_remover(paragraphs: list[str]) -> None:
    started = time.perf_counter()
    kept, removed = clean_paragraphs(paragraphs)
    for paragraph in paragraphs:
        classify_paragraph(paragraph)
        body, teaser = split_teaser(paragraph)
        assert teaser is None or body == "" or paragraph.startswith(body)
    assert time.perf_counter() - started < EXAMPLE_SECONDS
    # Nothing is invented: all but the last kept paragraph are inputs, unchanged, in order.
    assert _is_subsequence(kept[:-1], paragraphs)
    assert len(kept) + len(removed) in (len(paragraphs), len(paragraphs) + 1)


def _is_subsequence(part: list[str], whole: list[str]) -> bool:
    remaining: Iterator[str] = iter(whole)
    return all(any(item == other for other in remaining) for item in part)
