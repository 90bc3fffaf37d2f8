"""What both quote finders share about one doc: ``Context`` and the text helpers around it.

``Context`` holds the doc's paragraphs, its marked spans and token offsets, finds the
sentence frame of a quote in marks, and trims token ranges into reported clauses (one
``clause`` for the parsed and the lexical finder). ``is_direct`` tells whole-sentence
quotes from fragments.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from everyside.analyze.cues import CueLexicon
from everyside.analyze.nlp import doc_text
from everyside.analyze.paragraphs import paragraph_spans
from everyside.analyze.quotes.marks import MarkedSpan, find_marked_spans

__all__ = ["WORD", "Context", "ContextPart", "Frame", "covered", "is_direct", "word_set"]


_TERMINATOR_BEFORE = re.compile(r"[.!?…][\"”’»)]*\s+(?=\S|$)")
_TERMINATOR_AFTER = re.compile(r"[.!?…](?=[\s\"”’»)]|$)")
WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def word_set(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in WORD.findall(text))


def covered(spans: Iterable[tuple[int, int]], start: int, end: int) -> int:
    """How many characters of ``[start, end)`` the (disjoint) ``spans`` cover."""
    return sum(max(0, min(end, e) - max(start, s)) for s, e in spans)


_IDIOM_PATTERNS: dict[str, re.Pattern[str] | None] = {}


def _idiom_pattern(lexicon: CueLexicon) -> re.Pattern[str] | None:
    """One compiled regex for a lexicon's idioms (cached per language)."""
    if lexicon.language not in _IDIOM_PATTERNS:
        _IDIOM_PATTERNS[lexicon.language] = (
            re.compile(
                r"\b(?:" + "|".join(re.escape(i) for i in lexicon.idioms) + r")\b", re.IGNORECASE
            )
            if lexicon.idioms
            else None
        )
    return _IDIOM_PATTERNS[lexicon.language]


@dataclass(slots=True)
class Frame:
    """What surrounds a marked span in its sentence: the text before and after it."""

    before: str  # from the sentence start (or the previous quote) to the opening mark
    after: str  # from the closing mark to the sentence end (or the next quote)
    before_start: int
    after_end: int
    paragraph: int
    content_last: str  # the last character inside the quote marks


class Context:
    """Per-doc state shared by both finders: text, paragraphs, marked spans, tokens."""

    def __init__(self, doc: Doc, lexicon: CueLexicon) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.lexicon = lexicon
        self.paragraphs = paragraph_spans(self.text)
        self.paragraph_starts = [p[0] for p in self.paragraphs]
        self.marked = find_marked_spans(self.text, self.paragraphs)
        self.marked_starts = [m.open_start for m in self.marked]
        self.marked_spans = [(m.start, m.end) for m in self.marked]
        # Spans a finder has reported as DIRECT quotes so far.
        self.direct_spans: list[tuple[int, int]] = []
        # One vectorized pass over the tokens: offsets and lowercase ids.
        array = doc.to_array(["IDX", "LOWER"]) if len(doc) else np.zeros((0, 2), "uint64")
        self.token_starts: list[int] = array[:, 0].astype(np.int64).tolist()
        self.lower_ids = array[:, 1]

    def inside_direct(self, start: int, end: int) -> bool:
        """Whether a span repeats a quote in marks: half inside a DIRECT one, or nearly all."""
        return covered(self.direct_spans, start, end) * 2 >= end - start or (
            covered(self.marked_spans, start, end) * 5 >= (end - start) * 4
        )

    def token_at(self, char: int) -> int:
        """Index of the token that contains (or starts after) a character offset."""
        return max(0, bisect_right(self.token_starts, char) - 1)

    def unquoted_phrase(self, phrase: str) -> Iterator[tuple[tuple[int, int], range]]:
        """Each occurrence of a phrase outside quote marks: its span and its tokens."""
        for match in re.finditer(r"\b" + re.escape(phrase) + r"\b", self.text, re.IGNORECASE):
            if self.in_marked(match.start()) is not None:
                continue
            tokens = self.tokens_between(match.start(), match.end())
            if tokens:
                yield (match.start(), match.end()), tokens

    def tokens_between(self, start: int, end: int) -> range:
        """Indexes of the tokens that start within ``[start, end)``."""
        return range(bisect_left(self.token_starts, start), bisect_left(self.token_starts, end))

    def flag(self, forms: Iterable[str]) -> np.ndarray[Any, np.dtype[np.bool_]]:
        """A boolean per token: is its lowercase form one of ``forms``."""
        ids = np.fromiter((get_string_id(f) for f in forms), dtype=np.uint64)
        return np.isin(self.lower_ids, ids)

    def cue_flags(self, forms: Iterable[str]) -> np.ndarray[Any, np.dtype[np.bool_]]:
        """``flag`` for cue words, leaving out those inside idioms ("that said")."""
        flags = self.flag(forms)
        pattern = _idiom_pattern(self.lexicon)
        if pattern is not None and flags.any():
            for match in pattern.finditer(self.text):
                flags[self.tokens_between(match.start(), match.end())] = False
        return flags

    def whole_marks(self, start: int, end: int) -> tuple[int, int]:
        """Widen a span so that it does not cut a quote in marks in half."""
        inside = self.in_marked(end - 1)
        if inside is not None and inside.open_start >= start and inside.close_end > end:
            end = inside.close_end
        inside = self.in_marked(start)
        if inside is not None and inside.open_start < start and inside.close_end <= end:
            start = inside.open_start
        return start, end

    def paragraph_of(self, char: int) -> int:
        """Index of the paragraph containing a character offset."""
        return max(0, bisect_right(self.paragraph_starts, char) - 1)

    def in_marked(self, char: int) -> MarkedSpan | None:
        """The marked span whose marks enclose a character offset, if any."""
        index = bisect_right(self.marked_starts, char) - 1
        while index >= 0:
            span = self.marked[index]
            if span.open_start <= char < span.close_end:
                return span
            if span.paragraphs == 1 and span.close_end < char:
                return None
            index -= 1
        return None

    def frame(self, index: int) -> Frame:
        """The sentence context of marked span ``index``."""
        span = self.marked[index]
        paragraph = self.paragraph_of(span.open_start)
        p_start, _ = self.paragraphs[paragraph]
        last = self.paragraph_of(max(span.open_start, span.close_end - 1))
        p_end = self.paragraphs[last][1]
        lower = p_start
        if index > 0 and self.marked[index - 1].close_end > p_start:
            lower = self.marked[index - 1].close_end
        upper = p_end
        if index + 1 < len(self.marked) and self.marked[index + 1].open_start < p_end:
            upper = self.marked[index + 1].open_start
        before = self.text[lower : span.open_start]
        tail = 0
        for match in _TERMINATOR_BEFORE.finditer(before):
            tail = match.end()
        after = self.text[span.close_end : upper]
        end = _TERMINATOR_AFTER.search(after)
        if end is not None:
            after = after[: end.end()]
        return Frame(
            before[tail:],
            after,
            lower + tail,
            span.close_end + len(after),
            paragraph,
            self.text[span.end - 1],
        )

    def clause(
        self, first: int, last: int, opens: Callable[[Token], bool]
    ) -> tuple[int, int] | None:
        """Character span of tokens ``first..last`` as a reported clause, or None if too short.

        Punctuation and space are trimmed from both ends, and so are the words at its start
        that ``opens`` says introduce the clause ("that"); a quote in marks is kept whole.
        """
        doc = self.doc
        while first <= last and (doc[first].is_punct or doc[first].is_space or opens(doc[first])):
            first += 1
        while last >= first and (doc[last].is_punct or doc[last].is_space):
            last -= 1
        if last - first < 1:
            return None
        return self.whole_marks(doc[first].idx, doc[last].idx + len(doc[last]))


class ContextPart:
    """Base of the finders' parts: the doc's ``Context``, the doc and its cue lexicon."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.doc = ctx.doc
        self.lexicon = ctx.lexicon


def is_direct(span: MarkedSpan, frame: Frame, cue_words: frozenset[str]) -> bool:
    """Whether a marked span is whole sentences (DIRECT) rather than a fragment (PARTIAL)."""
    if span.paragraphs > 1:
        return True
    before = frame.before.strip()
    starts_clause = (
        not before
        or before.endswith((":", ",", "—", "–"))
        or before.rsplit(None, 1)[-1].lower() in cue_words
    )
    if not starts_clause:
        return False
    after = frame.after.strip()
    return (
        not after
        or after[0] in ",.;:!?—–-)"
        or frame.content_last in ",.;:!?…—–-"
        or len(after.split()) <= 12
    )
