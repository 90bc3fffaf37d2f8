"""Find the inputs of an ingest: files, directories (recursively), glob patterns and stdin."""

from __future__ import annotations

import glob
import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from everyside.errors import IngestError

STDIN = "-"

_EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".warc": "warc",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
}
_COMPOUND_EXTENSIONS = {".warc.gz": "warc", ".arc.gz": "warc"}


@dataclass(frozen=True, slots=True)
class InputFile:
    """One input to read: a file on disk or standard input."""

    locator: str
    path: Path | None = None

    def open(self) -> io.BufferedReader:
        """Open the input for buffered binary reading."""
        if self.path is None:
            stdin = sys.stdin.buffer
            return stdin if isinstance(stdin, io.BufferedReader) else io.BufferedReader(stdin)  # type: ignore[arg-type]
        return self.path.open("rb")

    def read(self, max_bytes: int) -> bytes:
        """Read the whole input, refusing anything larger than ``max_bytes``."""
        if self.path is not None:
            size = self.path.stat().st_size
            if size > max_bytes:
                raise IngestError(self.locator, _too_large(size, max_bytes))
        with self.open() as stream:
            data = stream.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise IngestError(self.locator, _too_large(None, max_bytes))
        return data


def format_size(size: int) -> str:
    """A byte count for people: 812 bytes, 2.0 kB, 100.0 MB."""
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{size / 1e3:.1f} kB"
    return f"{size / 1e6:.1f} MB"


def _too_large(size: int | None, limit: int) -> str:
    shown = format_size(size) if size is not None else "more than the limit"
    return f"file too large ({shown}; the limit is {format_size(limit)} per document)"


def bounded_lines(stream: BinaryIO, limit: int) -> Iterator[bytes | None]:
    """The lines of a binary stream; ``None`` stands for a line longer than ``limit`` bytes.

    A too-long line is skipped in chunks, never held in memory whole.
    """
    while line := stream.readline(limit + 1):
        if len(line) > limit and not line.endswith(b"\n"):
            while (chunk := stream.readline(1 << 20)) and not chunk.endswith(b"\n"):
                pass
            yield None
        else:
            yield line


def format_from_name(name: str) -> str | None:
    """The reader a file name implies, or None when the extension is not one we read."""
    lower = name.lower()
    for suffix, fmt in _COMPOUND_EXTENSIONS.items():
        if lower.endswith(suffix):
            return fmt
    return _EXTENSIONS.get(Path(lower).suffix)


def sniff_format(head: bytes) -> str:
    """Guess the reader from the first bytes of an input with no telling name."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith(b"warc/") or head.startswith(b"\x1f\x8b"):
        return "warc"
    if stripped.startswith(b"{"):
        return "jsonl"
    if stripped.startswith(b"<"):
        if b"<rss" in stripped or b"<feed" in stripped or b"<rdf:rdf" in stripped:
            return "feed"
        return "html"
    return "text"


def expand_pattern(pattern: str) -> list[InputFile]:
    """Every input one command-line argument names: a path, a directory or a glob pattern.

    Files inside directories are taken only when their extension names a format we
    read; files named explicitly are always taken. Raises IngestError when nothing
    matches.
    """
    if pattern == STDIN:
        return [InputFile(STDIN)]
    path = Path(pattern)
    if path.is_dir():
        found = [
            InputFile(str(child), child)
            for child in sorted(path.rglob("*"))
            if child.is_file() and not _hidden(child, path) and format_from_name(child.name)
        ]
        if found:
            return found
        raise IngestError(pattern, "no file in a format everyside reads in this directory")
    if path.is_file():
        return [InputFile(str(path), path)]
    if glob.has_magic(pattern):
        matches = sorted(Path(match) for match in glob.glob(pattern, recursive=True))
        files = [InputFile(str(match), match) for match in matches if match.is_file()]
        if files:
            return files
        raise IngestError(pattern, "no file matches this pattern")
    raise IngestError(pattern, "no such file or directory")


def detect_format(input_file: InputFile) -> str:
    """The reader for an input: from its file name, else from its first bytes."""
    if input_file.path is not None:
        by_name = format_from_name(input_file.path.name)
        if by_name:
            return by_name
        with input_file.path.open("rb") as stream:
            return sniff_format(stream.read(512))
    stdin = sys.stdin.buffer
    head = stdin.peek(512)[:512] if isinstance(stdin, io.BufferedReader) else b""
    return sniff_format(head)


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)
