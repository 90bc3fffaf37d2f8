"""WARC web archives through warcio: every HTML response record is an article page."""

from __future__ import annotations

import zlib
from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from everyside.errors import IngestError
from everyside.ingest.decode import decode_bytes
from everyside.ingest.html import parse_html_article
from everyside.ingest.sources import InputFile
from everyside.model import Article, SourceRef
from everyside.settings import IngestOptions

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(input_file: InputFile, options: IngestOptions) -> Iterator[Article | IngestError]:
    """Read the successful HTML responses of a (possibly gzipped) WARC file, streaming."""
    records = 0
    with input_file.open() as stream:
        archive = ArchiveIterator(stream)
        try:
            for record in archive:
                records += 1
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
        except (ArchiveLoadFailed, zlib.error, EOFError, OSError, ValueError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            yield IngestError(
                input_file.locator, f"truncated or corrupt WARC after {records} records ({reason})"
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
