r"""Text that came from the input, made safe to show: control characters escaped, length capped.

File names, titles, outlet names and error messages are input: a file may be named
``"\x1b]8;;http://evil\x1b\\"`` or ``"a\nerror: forged"``, and a title may read
``[blink]`` or ``[/bold]``. Everything printed on a terminal goes through
:func:`printable`: plain output directly, Rich output through :func:`rich_text` (a
``Text``, never read as markup) or :func:`rich_markup` (inside a markup string). Every
error message goes through :func:`clip`. This module imports nothing from everyside, so
every layer may use it.
"""

from __future__ import annotations

import unicodedata

from rich.markup import escape
from rich.text import Text

__all__ = [
    "MAX_LOCATOR_CHARS",
    "MAX_MESSAGE_CHARS",
    "clip",
    "printable",
    "rich_markup",
    "rich_text",
    "same_length_printable",
]

# Longest error message kept: enough for a path, a URL and a reason.
MAX_MESSAGE_CHARS = 500
# Longest locator kept (a path, or a WARC file and a record's URL).
MAX_LOCATOR_CHARS = 1000
# Unicode categories never shown as they are: controls, unassigned/private/surrogate
# code points and line or paragraph separators.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cs", "Co", "Cn", "Zl", "Zp"})
# Format characters that reorder or hide text on a terminal (bidirectional overrides).
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _shown(char: str) -> str:
    if char == " " or (
        char not in _BIDI_CONTROLS and unicodedata.category(char) not in _HIDDEN_CATEGORIES
    ):
        return char
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def printable(text: str, limit: int | None = None) -> str:
    """``text`` with control characters, separators and bidi overrides shown as ``\\xNN``.

    The result holds no newline and no escape sequence, so it is one line that a terminal
    prints as it is; with ``limit`` it is cut to about that many characters.
    """
    if limit is not None and len(text) > limit:
        text = _cut(text, limit)
    if text.isprintable():  # the common case: nothing to escape
        return text
    return "".join(map(_shown, text))


def same_length_printable(text: str) -> str:
    """``text`` with every character :func:`printable` escapes, newlines apart, as U+FFFD.

    For texts styled by character spans (an article body with its annotations): each
    character stays one character, so the spans still fit.
    """
    if text.isprintable():
        return text
    return "".join(char if char == "\n" or len(_shown(char)) == 1 else "\ufffd" for char in text)


def rich_text(text: str, style: str = "", limit: int | None = None) -> Text:
    """Input text as a Rich ``Text``: escaped as by :func:`printable`, never read as markup."""
    return Text(printable(text, limit), style=style)


def rich_markup(text: str, limit: int | None = None) -> str:
    """Input text to put inside a Rich markup string: escaped as by :func:`printable`, and
    its square brackets escaped so that ``[blink]`` or ``[/bold]`` print as they read."""
    return escape(printable(text, limit))


def clip(text: str, limit: int = MAX_MESSAGE_CHARS, *, one_line: bool = True) -> str:
    """An error message as one line of at most about ``limit`` characters.

    Line breaks become spaces (unless ``one_line`` is false: a locator stays the exact
    name); a longer text keeps its start and says how much it left out. Control
    characters stay (JSON output carries them escaped); terminals get :func:`printable`.
    """
    if len(text) > limit:
        text = _cut(text, limit)
    if one_line and ("\n" in text or "\r" in text):
        text = " ".join(text.splitlines())
    return text


def _cut(text: str, limit: int) -> str:
    return f"{text[:limit]}… ({len(text) - limit:,} more characters)"
