"""A hostile-input corpus, generated: decompression bombs, terminal escapes, huge fields.

Each function writes one probe into a folder (a test's ``tmp_path``) and returns its path;
nothing large is kept in the repository. ``python -m tests.ingest.hostile DIR`` writes
the whole corpus, to try it by hand: ``everyside --db /tmp/h.db ingest DIR``.
"""

from __future__ import annotations

import sys
import zlib
from pathlib import Path

ARTICLE = (
    "The county council approved a plan to repair the sea wall on Tuesday, after months "
    "of complaints from residents of the harbour district about flooding in the winter."
)
# A name with a newline that forges a second error line, colour and an OSC-8 link.
# (No slash in it: it is a file name.)
HOSTILE_NAME = "evil\nerror: forged line \x1b[31mred\x1b]8;;https:attacker.example\x07link"
HOSTILE_TITLE = "[blink]Blinking[/blink] [/bold] \x1b]8;;http://attacker.example/\x1b\\click"


def _gzip_member(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    return compressor.compress(data) + compressor.flush()


def small_warc_bomb(folder: Path, inflated: int = 21_000_000) -> Path:
    """A few kB of .warc.gz that inflate to one header line of ``inflated`` bytes."""
    path = folder / "small-bomb.warc.gz"
    path.write_bytes(_gzip_member(b"A" * inflated))
    return path


def huge_warc_bomb(folder: Path, gigabytes: int = 10) -> Path:
    """A .warc.gz whose one record claims and inflates to ``gigabytes`` GB of zeros (~10 MB).

    A valid WARC header, then a body of zeros. The deflate stream is one compressed
    megabyte of zeros, byte-aligned by a full flush and repeated, so it costs
    milliseconds to write; the gzip trailer's checksum is not computed, because a reader
    must stop long before it.
    """
    size = gigabytes * 1_000_000_000
    header = (
        b"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: http://bomb.example/\r\n"
        b"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000000>\r\n"
        b"Content-Type: application/octet-stream\r\n" + f"Content-Length: {size}\r\n\r\n".encode()
    )
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    start = compressor.compress(header) + compressor.flush(zlib.Z_FULL_FLUSH)
    megabyte = bytes(1_000_000)
    block = compressor.compress(megabyte) + compressor.flush(zlib.Z_FULL_FLUSH)
    path = folder / "huge-bomb.warc.gz"
    with path.open("wb") as stream:
        stream.write(start)
        for _ in range(size // len(megabyte)):
            stream.write(block)
        stream.write(compressor.flush())
    return path


def header_count_bomb(folder: Path, lines: int = 5_000_000) -> Path:
    """A .warc.gz record with millions of short header lines."""
    path = folder / "headers-bomb.warc.gz"
    path.write_bytes(_gzip_member(b"WARC/1.0\r\n" + b"X: y\r\n" * lines))
    return path


def warc_record(url: str, html: str) -> bytes:
    """One gzip member holding a WARC response record with a 200 HTML page."""
    http = ("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html).encode()
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Target-URI: {url}\r\n"
        "WARC-Record-ID: <urn:uuid:11111111-1111-1111-1111-111111111111>\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    ).encode()
    return _gzip_member(head + http + b"\r\n\r\n")


def spanning_csv(folder: Path, field_bytes: int, later_rows: int = 3) -> Path:
    """A CSV whose second row has a quoted field of ``field_bytes`` spanning many lines."""
    line = "word " * 19 + "word\n"
    big = line * (field_bytes // len(line) + 1)
    rows = ["title,text", f'First,"{ARTICLE}"', f'Huge,"{big}"']
    rows += [f'Later {number},"{ARTICLE} Row {number}."' for number in range(later_rows)]
    path = folder / "spanning.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def long_text(folder: Path, chars: int = 10_000_000) -> Path:
    """A plain-text article of ``chars`` characters, in paragraphs."""
    paragraph = ARTICLE + "\n\n"
    path = folder / "long.txt"
    path.write_text("A very long article\n\n" + paragraph * (chars // len(paragraph) + 1))
    return path


def many_paragraph_feed(folder: Path, paragraphs: int = 20_000) -> Path:
    """An RSS feed whose one item has ``paragraphs`` short paragraphs."""
    body = "".join(f"<p>Paragraph {number} of the story.</p>" for number in range(paragraphs))
    escaped = body.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    path = folder / "paragraphs.xml"
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbor Ledger</title>'
        "<link>https://ledger.example/</link><item><title>Sea wall</title>"
        "<link>https://ledger.example/sea-wall</link>"
        f"<description>{escaped}</description></item></channel></rss>",
        encoding="utf-8",
    )
    return path


def hostile_name(folder: Path) -> Path:
    """A binary file (so it fails) whose name holds a newline and terminal escapes."""
    path = folder / f"{HOSTILE_NAME}.txt"
    path.write_bytes(b"\x00\x01binary")
    return path


def hostile_title(folder: Path) -> Path:
    """A text article whose title is Rich markup and an OSC-8 link."""
    path = folder / "markup.txt"
    path.write_text(f"{HOSTILE_TITLE}\n\n{ARTICLE}\n\n{ARTICLE} Again.\n", encoding="utf-8")
    return path


def write_corpus(folder: Path) -> list[Path]:
    """Every probe, small sizes where the size is not the point."""
    folder.mkdir(parents=True, exist_ok=True)
    return [
        small_warc_bomb(folder),
        huge_warc_bomb(folder),
        header_count_bomb(folder),
        spanning_csv(folder, 21_000_000),
        long_text(folder),
        many_paragraph_feed(folder),
        hostile_name(folder),
        hostile_title(folder),
    ]


if __name__ == "__main__":
    for written in write_corpus(Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")):
        print(repr(str(written)))
