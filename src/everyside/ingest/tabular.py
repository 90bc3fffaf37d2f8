"""JSONL and CSV files: one article per object or row, fields found by a documented mapping."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

from everyside.errors import IngestError
from everyside.ingest.article import build_article
from everyside.ingest.decode import stream_encoding
from everyside.ingest.metadata import parse_date
from everyside.ingest.sources import InputFile, bounded_lines, format_size
from everyside.ingest.text import split_paragraphs
from everyside.model import Article, Outlet, SourceRef
from everyside.settings import IngestOptions


def _field(record: Mapping[str, Any], names: tuple[str, ...]) -> str | None:
    for name in names:
        value = record.get(name)
        if value not in (None, ""):
            return str(value)
    return None


def _outlet_of_host(host: str | None) -> Outlet | None:
    # The site a record links to names its outlet when the record has no outlet field.
    return Outlet(name=host.removeprefix("www."), domain=host) if host else None


def record_to_article(
    record: Mapping[str, Any], source: SourceRef, options: IngestOptions
) -> Article:
    """Build an article from one JSON object or CSV row."""
    names = options.field_names
    text = _field(record, names["text"])
    if text is None:
        raise IngestError(source.locator, f"no text (looked for {', '.join(names['text'])})")
    outlet = _field(record, names["outlet"])
    url = _field(record, names["url"])
    host = urlsplit(url).hostname if url else None
    return build_article(
        title=_field(record, names["title"]),
        paragraphs=split_paragraphs(text),
        source=source,
        outlet=Outlet(name=outlet) if outlet else _outlet_of_host(host),
        default_outlet=options.outlet,
        url=url,
        author=_field(record, names["author"]),
        published_at=parse_date(_field(record, names["published"])),
    )


def _line_too_long(options: IngestOptions) -> str:
    return f"line too long (the limit is {format_size(options.max_document_bytes)} per document)"


# Bytes looked at to tell a CSV export's encoding: one read buffer, plenty for detection.
_ENCODING_SAMPLE = 8192


def _text_lines(stream: io.BufferedReader, locator: str, options: IngestOptions) -> Iterator[str]:
    """Decoded lines for the csv module, refusing a line too long to hold.

    Spreadsheet exports come in UTF-8, UTF-16 or a legacy code page (cp1252 in Western
    Excel); the encoding is told from a sample of the start, as for single documents.
    """
    encoding = stream_encoding(stream.peek(_ENCODING_SAMPLE)[:_ENCODING_SAMPLE])
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    limit = options.max_document_bytes
    number = 0
    while line := text.readline(limit + 1):
        number += 1
        if len(line) > limit and not line.endswith("\n"):
            raise IngestError(f"{locator}:{number}", _line_too_long(options))
        yield line


def read_jsonl(input_file: InputFile, options: IngestOptions) -> Iterator[Article | IngestError]:
    """Read a JSON Lines file, one article per line; a bad line is reported and skipped."""
    with input_file.open() as stream:
        for number, raw in enumerate(bounded_lines(stream, options.max_document_bytes), start=1):
            locator = f"{input_file.locator}:{number}"
            if raw is not None and not raw.strip():
                continue
            try:
                if raw is None:
                    raise IngestError(locator, _line_too_long(options))
                try:
                    record = json.loads(raw)
                except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                    raise IngestError(locator, f"invalid JSON ({exc})") from None
                if not isinstance(record, dict):
                    raise IngestError(locator, "not a JSON object")
                yield record_to_article(record, SourceRef(locator=locator, format="jsonl"), options)
            except IngestError as error:
                yield error


def read_csv(input_file: InputFile, options: IngestOptions) -> Iterator[Article | IngestError]:
    """Read a CSV file with a header row, one article per row."""
    csv.field_size_limit(min(options.max_document_bytes, sys.maxsize))
    with input_file.open() as stream:
        reader = csv.DictReader(_text_lines(stream, input_file.locator, options))
        try:
            columns = reader.fieldnames or []
        except (UnicodeDecodeError, csv.Error) as exc:
            raise IngestError(input_file.locator, f"unreadable CSV header ({exc})") from None
        text_names = options.field_names["text"]
        if not set(text_names) & set(columns):
            raise IngestError(
                input_file.locator,
                f"missing text column (looked for {', '.join(text_names)}; "
                f"found {', '.join(columns) or 'no header'})",
            )
        # A row is located by the line it starts on, which is where a person looks for it.
        start = reader.line_num + 1
        try:
            for row in reader:
                locator = f"{input_file.locator}:{start}"
                start = reader.line_num + 1
                try:
                    yield record_to_article(row, SourceRef(locator=locator, format="csv"), options)
                except IngestError as error:
                    yield error
        except (UnicodeDecodeError, csv.Error) as exc:
            yield IngestError(f"{input_file.locator}:{start}", f"unreadable CSV ({exc})")
