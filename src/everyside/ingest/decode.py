"""Turn raw bytes into text: byte-order marks, UTF-8, then charset detection."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from everyside.errors import IngestError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Share of control characters (other than whitespace) above which bytes are not text.
_MAX_CONTROL_SHARE = 0.01


def _bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark at the start declares, if there is one."""
    return next((encoding for bom, encoding in _BOMS if data.startswith(bom)), None)


def decode_bytes(data: bytes, locator: str) -> tuple[str, str]:
    """Decode a document and return ``(text, encoding)``; raise IngestError if it is not text."""
    if not data.strip():
        raise IngestError(locator, "empty file")
    if (marked := _bom_encoding(data)) is not None:
        try:
            return data.decode(marked), marked
        except UnicodeDecodeError as exc:
            raise IngestError(locator, f"invalid {marked} text: {exc.reason}") from None
    if b"\x00" in data:
        raise IngestError(locator, "binary file, not text (contains NUL bytes)")
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            raise IngestError(locator, "binary file or unknown text encoding") from None
        text, encoding = str(best), best.encoding
    controls = sum(1 for char in text if ord(char) < 32 and char not in "\t\n\r\f")
    if controls > _MAX_CONTROL_SHARE * len(text):
        raise IngestError(locator, "binary file, not text (control characters)")
    return text, encoding


def stream_encoding(sample: bytes) -> str:
    """The encoding of a stream told from its first bytes: BOM, UTF-8, else detection."""
    if (marked := _bom_encoding(sample)) is not None:
        return marked
    try:
        # The sample may end inside a character; only a bad byte before that counts.
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        best = from_bytes(sample).best()
        return best.encoding if best is not None else "utf-8"
