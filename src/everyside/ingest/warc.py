"""WARC web archives through warcio: every HTML response record is an article page.

warcio reads header lines with no length limit and inflates gzip members whole, so a
few kilobytes of ``.warc.gz`` can stand for gigabytes of one header line. The archive
is read through :class:`BoundedReader`, which holds the decompressed bytes of each gzip
member (one record in a ``.warc.gz``), each header line and the header lines of each
record to fixed limits, and stops the file with one clear error past them.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.exceptions import ArchiveLoadFailed

from everyside.errors import IngestError
from everyside.ingest.decode import decode_bytes
from everyside.ingest.html import parse_html_article
from everyside.ingest.sources import InputFile, format_size
from everyside.model import Article, SourceRef
from everyside.settings import IngestOptions

_HTML_TYPES = ("text/html", "application/xhtml+xml")

# Longest header line (WARC or HTTP) read; real ones are a URL or a cookie, far shorter.
MAX_HEADER_LINE_BYTES = 64_000
# Most header lines (WARC and HTTP headers together, and blank lines between records).
MAX_HEADER_LINES = 500
# A gzip member (one record of a .warc.gz) may inflate to this many times the document
# limit (100 MB by default): room for a large video record, none for a bomb.
RECORD_TO_DOCUMENT_LIMIT = 5


class WarcLimitExceeded(ValueError):
    """A WARC went past one of the reading limits (a decompression bomb, most likely)."""


class BoundedReader(DecompressingBufferedReader):  # type: ignore[misc]
    """warcio's decompressing reader with a ceiling on members, header lines and their count.

    ``readline`` is how warcio reads headers (record bodies are read with ``read``):
    a line longer than ``max_line`` bytes, or more than ``max_lines`` of them before
    the next record, raise :class:`WarcLimitExceeded`; so does a gzip member that
    inflates to more than ``max_member`` bytes. Memory stays within one inflated block
    (at most ~16 MB from warcio's 16 kB reads) plus a line.
    """

    def __init__(
        self, stream: Any, *, max_member: int, max_line: int, max_lines: int, **kwargs: Any
    ) -> None:
        super().__init__(stream, **kwargs)
        self.max_member = max_member
        self.max_line = max_line
        self.max_lines = max_lines
        self.lines = 0

    def record_started(self) -> None:
        """Start counting header lines afresh (called for every record read)."""
        self.lines = 0

    def _process_read(self, data: bytes) -> None:
        super()._process_read(data)
        if self.decompressor is not None and self.num_block_read > self.max_member:
            raise WarcLimitExceeded(
                f"a gzip member inflates to more than {format_size(self.max_member)} "
                "(the limit per WARC record; a decompression bomb?)"
            )

    def readline(self, length: int | None = None) -> bytes:
        """One line, at most ``length`` bytes; past the line or line-count limit, raise."""
        bounded = length is None or length > self.max_line
        line: bytes = super().readline(self.max_line + 1 if bounded else length)
        if bounded:
            self.lines += 1
            if len(line) > self.max_line:
                raise WarcLimitExceeded(
                    f"a header line longer than {format_size(self.max_line)} "
                    "(the limit per WARC header line)"
                )
            if self.lines > self.max_lines:
                raise WarcLimitExceeded(
                    f"more than {self.max_lines:,} header lines in one record "
                    "(the limit per WARC record)"
                )
        return line


def _bounded_archive(stream: Any, options: IngestOptions) -> ArchiveIterator:
    """warcio's iterator over ``stream``, reading through a :class:`BoundedReader`."""
    archive = ArchiveIterator(stream)
    # The iterator reads nothing until iterated; swap its reader before it does.
    archive.reader = BoundedReader(
        archive.fh,
        block_size=archive.reader.block_size,
        decomp_type=archive.reader.decomp_type,
        max_member=RECORD_TO_DOCUMENT_LIMIT * options.max_document_bytes,
        max_line=MAX_HEADER_LINE_BYTES,
        max_lines=MAX_HEADER_LINES,
    )
    return archive


def read_warc(input_file: InputFile, options: IngestOptions) -> Iterator[Article | IngestError]:
    """Read the successful HTML responses of a (possibly gzipped) WARC file, streaming."""
    records = 0
    with input_file.open() as stream:
        archive = _bounded_archive(stream, options)
        try:
            for record in archive:
                records += 1
                archive.reader.record_started()
                if record.rec_type is None:
                    yield _truncated(input_file.locator, records, "its header is cut short")
                    return
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                content_type = record.http_headers.get_header("Content-Type") or ""
                status = record.http_headers.get_statuscode()
                if status != "200" or not content_type.lower().startswith(_HTML_TYPES):
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                locator = f"{input_file.locator}#{url}"
                payload = record.content_stream().read(options.max_document_bytes + 1)
                if len(payload) <= options.max_document_bytes and _unread(record) > 0:
                    # warcio hands over what is there; bytes the header promised are missing.
                    yield _truncated(
                        input_file.locator, records, f"the record of {url} is cut short"
                    )
                    return
                try:
                    if len(payload) > options.max_document_bytes:
                        raise IngestError(locator, "record too large")
                    html, _ = decode_bytes(payload, locator)
                    yield parse_html_article(
                        html,
                        SourceRef(locator=locator, format="warc"),
                        url=url,
                        outlet=options.outlet,
                    )
                except IngestError as error:
                    yield error
        except WarcLimitExceeded as exc:
            yield IngestError(input_file.locator, f"WARC refused after {records} records: {exc}")
            return
        except (ArchiveLoadFailed, zlib.error, EOFError, OSError, ValueError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            yield IngestError(
                input_file.locator, f"truncated or corrupt WARC after {records} records ({reason})"
            )
            return
        except (AttributeError, KeyError, IndexError, TypeError) as exc:
            # warcio trips over some malformed records (a response without a target URI).
            yield IngestError(
                input_file.locator,
                f"corrupt WARC record after {records} records ({type(exc).__name__})",
            )
            return
        # warcio stops quietly at a record cut inside its (gzip or WARC) headers: the bytes
        # after the last whole record are that record's remains.
        if input_file.path is not None and archive.offset < input_file.path.stat().st_size:
            yield _truncated(input_file.locator, records + 1, "its headers are cut short")


def _unread(record: object) -> int:
    """Bytes of a record's block that the archive promised but did not deliver."""
    return int(getattr(getattr(record, "raw_stream", None), "limit", 0) or 0)


def _truncated(locator: str, records: int, detail: str) -> IngestError:
    return IngestError(locator, f"truncated WARC: {detail} (record {records})")
