"""JSONL and CSV files: one article per object or row, fields found by a documented mapping."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
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


class NoText(IngestError):
    """A record without a text field: an error in a file of articles, or the sign of a file
    that holds something else (gold answers, a config) when no record of it has one."""


def record_to_article(
    record: Mapping[str, Any], source: SourceRef, options: IngestOptions
) -> Article:
    """Build an article from one JSON object or CSV row."""
    names = options.field_names
    text = _field(record, names["text"])
    if text is None:
        raise NoText(source.locator, f"no text (looked for {', '.join(names['text'])})")
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


def _too_long(what: str, options: IngestOptions) -> str:
    return f"{what} too long (the limit is {format_size(options.max_document_bytes)} per document)"


def _line_too_long(options: IngestOptions) -> str:
    return _too_long("line", options)


# Bytes looked at to tell a CSV export's encoding: one read buffer, plenty for detection.
_ENCODING_SAMPLE = 8192
# Characters read at a time: a line longer than this is read (and measured) in pieces.
_PIECE_CHARS = 1 << 20
_LINE_ENDS = ("\n", "\r")


@dataclass(frozen=True, slots=True)
class _Record:
    """The raw text of one CSV record (it may span lines), or None when it was too long."""

    line: int
    text: str | None


def _quoted_at_end(piece: str, quoted: bool, field_start: bool) -> tuple[bool, bool]:
    """Whether a CSV record is inside a quoted field after ``piece``, and at a field's start.

    Follows the csv module's excel dialect: a quote opens a quoted field only at the start
    of a field, ``""`` inside one is a quote, a lone quote closes it.
    """
    pos = 0
    if not quoted and field_start and piece.startswith('"'):
        quoted, pos = True, 1
    while True:
        if quoted:
            end = piece.find('"', pos)
            if end < 0:
                return True, False
            if piece.startswith('"', end + 1):
                pos = end + 2
                continue
            quoted, pos = False, end + 1
        else:
            opening = piece.find(',"', pos)
            if opening < 0:
                return False, piece.endswith(",")
            quoted, pos = True, opening + 2


def _records(text: io.TextIOWrapper, limit: int) -> Iterator[_Record]:
    """The records of a CSV stream, each held to ``limit`` characters.

    A quoted field may span lines; the csv module, given a field past its limit, raises
    and leaves the reader inside that field, so every later row is lost. Records are
    therefore split here first: one too long is skipped to its end (never held whole) and
    yielded with ``text=None``, and the rows after it are read as usual.
    """
    line = start = 1
    parts: list[str] = []
    size = 0
    quoted, field_start = False, True
    while piece := text.readline(_PIECE_CHARS):
        if piece.endswith('"') and not piece.endswith(_LINE_ENDS):
            piece += text.read(1)  # a quote cut from its partner would read as a lone one
        quoted, field_start = _quoted_at_end(piece, quoted, field_start)
        size += len(piece)
        if size <= limit:
            parts.append(piece)
        elif parts:
            parts = []  # too long: drop what was kept, read on to the record's end
        if not piece.endswith(_LINE_ENDS):
            continue  # the rest of a long line comes next
        line += 1
        if not quoted:
            yield _Record(start, "".join(parts) if size <= limit else None)
            start, parts, size, field_start = line, [], 0, True
    if size:
        yield _Record(start, "".join(parts) if size <= limit else None)


def _fields(record: str) -> list[str]:
    """The fields of one CSV record."""
    return next(csv.reader([record]), [])


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
    """Read a CSV file with a header row, one article per row; a row too long is skipped.

    Spreadsheet exports come in UTF-8, UTF-16 or a legacy code page (cp1252 in Western
    Excel); the encoding is told from a sample of the start, as for single documents.
    A row is located by the line it starts on, which is where a person looks for it.
    """
    limit = options.max_document_bytes
    csv.field_size_limit(min(limit, sys.maxsize))
    with input_file.open() as stream:
        encoding = stream_encoding(stream.peek(_ENCODING_SAMPLE)[:_ENCODING_SAMPLE])
        records = _records(io.TextIOWrapper(stream, encoding=encoding, newline=""), limit)
        start = 1
        try:
            columns: list[str] = []
            for record in records:
                start = record.line
                if record.text is None:
                    raise IngestError(
                        f"{input_file.locator}:{start}", _too_long("CSV header", options)
                    )
                if columns := _fields(record.text):
                    break
        except (UnicodeDecodeError, csv.Error) as exc:
            raise IngestError(input_file.locator, f"unreadable CSV header ({exc})") from None
        text_names = options.field_names["text"]
        if not set(text_names) & set(columns):
            raise IngestError(
                input_file.locator,
                f"missing text column (looked for {', '.join(text_names)}; "
                f"found {', '.join(columns) or 'no header'})",
            )
        try:
            for record in records:
                start = record.line
                locator = f"{input_file.locator}:{start}"
                try:
                    if record.text is None:
                        raise IngestError(locator, _too_long("row", options))
                    try:
                        values = _fields(record.text)
                    except csv.Error as exc:
                        raise IngestError(locator, f"unreadable CSV row ({exc})") from None
                    if not values:
                        continue
                    row = dict(zip(columns, values, strict=False))
                    yield record_to_article(row, SourceRef(locator=locator, format="csv"), options)
                except IngestError as error:
                    yield error
        except UnicodeDecodeError as exc:
            yield IngestError(f"{input_file.locator}:{start}", f"unreadable CSV ({exc})")
