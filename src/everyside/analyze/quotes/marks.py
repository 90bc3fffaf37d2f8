"""Step 1 of the quote finder: quote marks paired on the characters of a text.

For every language: straight, curly, low-9, guillemets and single marks, with the news
conventions for unbalanced marks and for quotes that run over several paragraphs
(``find_marked_spans``). Works on text alone, without tokens.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from everyside.analyze.paragraphs import paragraph_spans, trim

__all__ = ["MarkedSpan", "find_marked_spans"]


# Doubled apostrophes/backticks are the double quotes of some wire copy ('' ... '').
_MARK = re.compile(r"''|``|[\"“”„‟«»‹›「」『』＂]|['‘’‚‛]")
_SINGLE_MARKS = frozenset("'‘’‚‛")
# For each opening mark, the marks that may close it.
_CLOSERS: dict[str, frozenset[str]] = {
    '"': frozenset(('"', "''", "”")),
    "''": frozenset(("''", '"', "”")),
    "``": frozenset(("''", '"', "”")),
    "＂": frozenset(("＂",)),
    "“": frozenset(("”", "“", '"')),  # “ also closes: German „…“ and sloppy “…“
    "„": frozenset(("“", "”", '"')),
    "‟": frozenset(("”",)),
    "”": frozenset(("”",)),  # Swedish/Finnish ”…”
    "«": frozenset(("»",)),
    "»": frozenset(("«",)),  # German »…«
    "‹": frozenset(("›",)),
    "›": frozenset(("‹",)),
    "「": frozenset(("」",)),
    "『": frozenset(("』",)),
    "‘": frozenset(("’", "'")),
    "'": frozenset(("'", "’")),
    "‚": frozenset(("‘", "’")),
    "‛": frozenset(("’",)),
}
# Marks that only ever close, and those that can only close when already open.
_CLOSE_ONLY = frozenset(("」", "』", "›"))
# Characters after which a mark still counts as opening ("(“", "—“", "/'").
_OPEN_BEFORE = frozenset(" \t\n\u00a0([{<—–-/:") | frozenset("\"“„«»‹'‘‚")
# Characters before which a mark still counts as closing ("”,", "”.", "”)").
_CLOSE_AFTER = frozenset(" \t\n\u00a0.,;:!?)]}>…—–-/*") | frozenset("\"”»«›'’")
_SPACED_MARKS = frozenset("«»‹›")
# Elisions that open with an apostrophe, not a quote: 'em, 'til, '90s, 'n'.
_ELISION = re.compile(r"(?:em|til|tis|twas|cause|bout|n|s|d|ll|re|ve|[0-9]{2}s?)\b", re.I)
# Longest single-quoted stretch we accept: beyond it the marks are surely apostrophes.
_MAX_SINGLE_CHARS = 600


@dataclass(frozen=True, slots=True)
class MarkedSpan:
    """Text between quote marks: the marks' outer span and the content inside them."""

    open_start: int  # the opening mark
    start: int  # the content, whitespace trimmed
    end: int
    close_end: int  # the end of the closing mark, or of the paragraph when unclosed
    closed: bool
    paragraphs: int  # how many paragraphs the quote runs over


@dataclass(slots=True)
class _Mark:
    start: int
    end: int
    char: str
    paragraph: int
    opening: bool
    closing: bool


def _marks(text: str, paragraphs: Sequence[tuple[int, int]]) -> list[_Mark]:
    """Every quote mark with whether its neighbours let it open or close a quote."""
    marks = []
    starts = [p[0] for p in paragraphs]
    for match in _MARK.finditer(text):
        start, end, char = match.start(), match.end(), match.group()
        index = bisect_right(starts, start) - 1
        if index < 0 or start >= paragraphs[index][1]:
            continue
        p_start, p_end = paragraphs[index]
        before = text[start - 1] if start > p_start else " "
        after = text[end] if end < p_end else " "
        # French guillemets take a space inside: « Nous ne reculerons pas ».
        spaced = char in _SPACED_MARKS
        opening = (
            before in _OPEN_BEFORE and (spaced or not after.isspace()) and char not in _CLOSE_ONLY
        )
        closing = (spaced or not before.isspace()) and after in _CLOSE_AFTER
        if char in _SINGLE_MARKS:
            if before.isalnum() and after.isalnum():
                continue  # an apostrophe inside a word: don't, Trump’s, O'Rourke
            if opening and _ELISION.match(text, end) and char != "‘":
                continue
        marks.append(_Mark(start, end, char, index, opening, closing))
    return marks


def _pair(
    text: str,
    marks: list[_Mark],
    paragraphs: Sequence[tuple[int, int]],
    *,
    single: bool,
) -> list[MarkedSpan]:
    """Pair opening and closing marks of one family (double or single) into spans."""
    spans: list[MarkedSpan] = []
    opened: _Mark | None = None
    first_paragraph = 0

    def close_at(end: int, close_end: int, closed: bool, paragraph: int) -> None:
        assert opened is not None
        start, stop = trim(text, opened.end, end)
        if stop > start:
            spans.append(
                MarkedSpan(
                    opened.start, start, stop, close_end, closed, paragraph - first_paragraph + 1
                )
            )

    for index, mark in enumerate(marks):
        if opened is not None and mark.paragraph != opened.paragraph:
            # The paragraph ended inside a quote. News convention: a quote that goes on in
            # the next paragraph leaves the first one open and opens the next one again.
            continues = (
                not single
                and mark.paragraph == opened.paragraph + 1
                and mark.opening
                and not text[paragraphs[mark.paragraph][0] : mark.start].strip()
            )
            if continues:
                opened = _Mark(opened.start, opened.end, opened.char, mark.paragraph, True, False)
                continue
            if not single:
                end = paragraphs[opened.paragraph][1]
                close_at(end, end, False, opened.paragraph)
            opened = None
        if opened is None:
            starts_quote = mark.opening
            if not starts_quote and mark.closing and not single:
                # A stray mark glued to the word before ('with" a huge amount", while'):
                # it opens when the next mark in the paragraph can only close.
                following = marks[index + 1] if index + 1 < len(marks) else None
                starts_quote = (
                    following is not None
                    and following.paragraph == mark.paragraph
                    and following.closing
                    and not following.opening
                    and mark.char
                    in _CLOSERS.get(following.char, frozenset()) | frozenset(('"', "''", "”"))
                )
            if starts_quote and mark.char in _CLOSERS:
                opened, first_paragraph = mark, mark.paragraph
            continue
        if mark.char in _CLOSERS[opened.char] and (mark.closing or not mark.opening):
            if single and _possessive(text, mark, marks[index + 1 :]):
                continue  # "the voters’ verdict": an apostrophe, the quote goes on
            close_at(mark.start, mark.end, True, mark.paragraph)
            opened = None
        elif mark.opening and not mark.closing and mark.char in _CLOSERS and not single:
            # A new quote opens before the last one closed: the last one was never closed.
            close_at(mark.start, mark.start, False, mark.paragraph)
            opened, first_paragraph = mark, mark.paragraph
    if opened is not None and not single:
        end = paragraphs[opened.paragraph][1]
        close_at(end, end, False, opened.paragraph)
    if single:
        spans = [s for s in spans if s.closed and s.end - s.start <= _MAX_SINGLE_CHARS]
    return spans


def _possessive(text: str, mark: _Mark, following: Sequence[_Mark]) -> bool:
    """Whether a closing single mark is a plural possessive ("voters’ verdict").

    It is when it follows an "s", a lowercase word goes on after it, and a later mark
    in the paragraph can still close the quote.
    """
    if text[mark.start - 1 : mark.start] not in ("s", "S"):
        return False
    if (
        not text[mark.end : mark.end + 1].isspace()
        or not text[mark.end + 1 : mark.end + 2].islower()
    ):
        return False
    return any(m.paragraph == mark.paragraph and m.closing for m in following)


def find_marked_spans(
    text: str, paragraphs: Sequence[tuple[int, int]] | None = None
) -> list[MarkedSpan]:
    """Spans of text between quote marks, in order; single quotes only outside double ones."""
    if paragraphs is None:
        paragraphs = paragraph_spans(text)
    marks = _marks(text, paragraphs)
    doubles = _pair(
        text, [m for m in marks if m.char not in _SINGLE_MARKS], paragraphs, single=False
    )
    outer = [(s.open_start, s.close_end) for s in doubles]
    outer_starts = [o[0] for o in outer]

    def inside_double(mark: _Mark) -> bool:
        index = bisect_right(outer_starts, mark.start) - 1
        return index >= 0 and mark.start < outer[index][1]

    singles_marks = [m for m in marks if m.char in _SINGLE_MARKS and not inside_double(m)]
    singles = _pair(text, singles_marks, paragraphs, single=True)
    return sorted(doubles + singles, key=lambda s: s.start)
