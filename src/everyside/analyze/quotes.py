"""Find quotes in news text: direct, partial, unmarked and indirect, with cue, speaker and medium.

The spaCy component ``everyside_quotes`` writes a list of ``QuoteAnnotation`` to
``doc._.quotes``. It works in three steps:

1. Quote marks are paired on the characters of the text (``find_marked_spans``), for
   every language: straight, curly, low-9, guillemets and single marks, with the news
   conventions for unbalanced marks and quotes that run over several paragraphs.
2. With a dependency parse (English), a quote's cue is the reporting verb that governs
   it or stands next to it, and its speaker is that verb's subject; a reporting verb's
   clausal complement is an indirect quote. Without a parse (other languages), cue words
   from ``analyze/cues.py`` next to the quote are used, and the speaker is the nearest
   capitalized name beside the cue.
3. Pronoun and role-noun speakers ("he added", "the Kremlin official said") are linked
   to the most recent compatible named speaker or person mention before them.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from everyside.analyze.attribution import (
    AttributionModel,
    SpanBounds,
    char_span,
    is_candidate,
    load_model,
    span_candidates,
)
from everyside.analyze.cues import ANY, FEMALE, MALE, ORGANIZATION, CueLexicon, lexicon_for
from everyside.analyze.nlp import register_packing
from everyside.model import QuoteKind

__all__ = ["MarkedSpan", "QuoteAnnotation", "QuoteFinder", "find_marked_spans"]

EXTENSION = "quotes"

if not Doc.has_extension(EXTENSION):
    Doc.set_extension(EXTENSION, default=None)


@dataclass(frozen=True, slots=True)
class QuoteAnnotation:
    """One quote found in a doc; every position is a character span of ``doc.text``."""

    start: int  # the quoted content, without its quote marks
    end: int
    kind: QuoteKind
    cue: tuple[int, int] | None  # the cue verb or phrase: "said", "according to"
    speaker: tuple[int, int] | None  # the speaker as written: a name, "he", "a spokesman"
    speaker_antecedent: tuple[int, int] | None  # the named mention a pronoun/role refers to
    medium: str | None  # the agency or medium the quote came through: "TASS", "Reuters"

    def text(self, doc_text: str) -> str:
        """The quoted content."""
        return doc_text[self.start : self.end]

    def speaker_text(self, doc_text: str, *, resolved: bool = True) -> str | None:
        """The speaker: the named antecedent when known and ``resolved``, else as written."""
        span = (self.speaker_antecedent if resolved else None) or self.speaker
        return doc_text[span[0] : span[1]] if span else None

    def as_list(self) -> list[Any]:
        """The annotation as plain JSON/msgpack-ready values."""
        return [
            self.start,
            self.end,
            self.kind.value,
            list(self.cue) if self.cue else None,
            list(self.speaker) if self.speaker else None,
            list(self.speaker_antecedent) if self.speaker_antecedent else None,
            self.medium,
        ]

    @classmethod
    def from_list(cls, values: Sequence[Any]) -> QuoteAnnotation:
        """Rebuild an annotation from ``as_list`` output."""
        start, end, kind, cue, speaker, antecedent, medium = values
        return cls(
            int(start),
            int(end),
            QuoteKind(kind),
            (int(cue[0]), int(cue[1])) if cue else None,
            (int(speaker[0]), int(speaker[1])) if speaker else None,
            (int(antecedent[0]), int(antecedent[1])) if antecedent else None,
            medium,
        )


register_packing("quote", QuoteAnnotation)

# --------------------------------------------------------------------------------------
# Step 1: quote marks, paired on characters.
# --------------------------------------------------------------------------------------

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
_PARAGRAPH_BREAK = re.compile(r"\s*\n\s*")
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


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the paragraphs of ``text``: the non-blank stretches between newlines.

    Articles from ingest separate paragraphs with a blank line; other text often with a
    single newline. A paragraph never holds a newline, so both read the same.
    """
    spans, start = [], 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        if text[start : match.start()].strip():
            spans.append(_content(text, start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append(_content(text, start, len(text)))
    return spans


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


def _content(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim whitespace from both ends of ``text[start:end]``."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


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
        start, stop = _content(text, opened.end, end)
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


# --------------------------------------------------------------------------------------
# Shared records and helpers.
# --------------------------------------------------------------------------------------

# What a named mention is: a person, an organization, or not known.
PERSON_KIND, ORG_KIND, UNKNOWN = "person", "org", "unknown"
_ORG_ENTS = frozenset(("ORG", "NORP", "GPE", "FAC"))

# Speaker classes: how a speaker is written, which decides whether it needs an antecedent.
NAME, PRONOUN, ROLE, RELATIVE = "name", "pronoun", "role", "relative"

_TERMINATOR_BEFORE = re.compile(r"[.!?…][\"”’»)]*\s+(?=\S|$)")
_TERMINATOR_AFTER = re.compile(r"[.!?…](?=[\s\"”’»)]|$)")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


@dataclass(slots=True)
class _Draft:
    """A quote being built: content, kind and (once found) attribution."""

    start: int
    end: int
    kind: QuoteKind
    cue: tuple[int, int] | None = None
    cue_key: int | None = None  # identifies the attribution (one cue) a piece belongs to
    speaker: tuple[int, int] | None = None
    speaker_class: str | None = None
    speaker_gender: str = ANY
    speaker_head: int | None = None  # token index, or the relative clause's noun
    antecedent: tuple[int, int] | None = None
    medium: str | None = None

    def attribute(self, other: _Draft) -> None:
        """Take over another draft's attribution."""
        self.cue, self.cue_key = other.cue, other.cue_key
        self.speaker, self.speaker_class = other.speaker, other.speaker_class
        self.speaker_gender, self.speaker_head = other.speaker_gender, other.speaker_head
        self.antecedent, self.medium = other.antecedent, other.medium

    def freeze(self) -> QuoteAnnotation:
        """The finished, immutable annotation."""
        return QuoteAnnotation(
            self.start, self.end, self.kind, self.cue, self.speaker, self.antecedent, self.medium
        )


@dataclass(slots=True)
class _Named:
    """A named mention a pronoun or role noun can refer to."""

    start: int
    end: int
    gender: str
    words: frozenset[str]  # lowercase words of the mention and its title ("nato", "kremlin")
    salient: bool  # a speaker, or a person in subject position
    kind: str = UNKNOWN  # PERSON_KIND, ORG_KIND or UNKNOWN


def _words(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _WORD.findall(text))


def _gender_of_name(lexicon: CueLexicon, words: Sequence[str]) -> str:
    """Gender from an honorific or a known first name; ANY when neither tells."""
    for word in words[:3]:
        lower = word.lower()
        if lower in lexicon.honorifics:
            return lexicon.honorifics[lower]
        if lower in lexicon.female_names:
            return FEMALE
        if lower in lexicon.male_names:
            return MALE
    return ANY


def _agrees(wanted: str, mention: _Named) -> bool:
    """Whether a pronoun or role class (``m``, ``f``, ``x``, ``o``) fits a named mention."""
    if wanted == ORGANIZATION:
        return mention.kind != PERSON_KIND
    if mention.kind == ORG_KIND:
        return False
    return ANY in (wanted, mention.gender) or wanted == mention.gender


@dataclass(slots=True)
class _Frame:
    """What surrounds a marked span in its sentence: the text before and after it."""

    before: str  # from the sentence start (or the previous quote) to the opening mark
    after: str  # from the closing mark to the sentence end (or the next quote)
    before_start: int
    after_end: int
    paragraph: int
    content_last: str  # the last character inside the quote marks


class _Context:
    """Per-doc state shared by both finders: text, paragraphs, marked spans, tokens."""

    def __init__(self, doc: Doc, lexicon: CueLexicon) -> None:
        self.doc = doc
        self.text = doc.text
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
        return _covered(self.direct_spans, start, end) * 2 >= end - start or (
            _covered(self.marked_spans, start, end) * 5 >= (end - start) * 4
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

    def frame(self, index: int) -> _Frame:
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
        return _Frame(
            before[tail:],
            after,
            lower + tail,
            span.close_end + len(after),
            paragraph,
            self.text[span.end - 1],
        )


def _is_direct(span: MarkedSpan, frame: _Frame, cue_words: frozenset[str]) -> bool:
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


# --------------------------------------------------------------------------------------
# Step 2a: English, with a dependency parse.
# --------------------------------------------------------------------------------------

_SUBJECTS = frozenset(("nsubj", "nsubjpass", "csubj"))
# Clauses whose subject is their head's ("he added, noting that ..."; "smiled and said").
_SHARES_SUBJECT = frozenset(("advcl", "xcomp", "conj", "pcomp", "dep"))
# Right-hand parts of a speaker's noun phrase; anything else (relative clauses) ends it.
_NP_RIGHT = frozenset(
    (
        "prep",
        "pobj",
        "appos",
        "compound",
        "flat",
        "nummod",
        "nmod",
        "poss",
        "amod",
        "cc",
        "conj",
        "case",
    )
)
# Punctuation that sets a parenthetical cue off from the clause it reports.
_SET_OFF = frozenset((",", "—", "–", '"', "”", "''"))
# Right dependents of a cue that are not what it reports ("called it X, adding ...").
_NOT_COMPLEMENT = frozenset(
    ("punct", "cc", "conj", "advcl", "parataxis", "prt", "advmod", "npadvmod", "ccomp", "mark")
)
_NAME_ENTS = frozenset(("PERSON", "ORG", "NORP", "GPE", "FAC"))
# How many paragraphs back a pronoun may take the previous quote's speaker.
_CHAIN_PARAGRAPHS = 2
# Words never worth matching between a role noun and a person's title.
_ROLE_STOPWORDS = frozenset(
    ["the", "a", "an", "of", "for", "and", "in", "on", "at", "to", "'s", "’s"]
)
# Longest attribution we look for after a quote, in tokens ("he said on Wednesday at ...").
_AFTER_WINDOW = 14
_BEFORE_WINDOW = 14
# Unattributed fragments up to this many words are scare quotes or titles, not quotes.
_SCARE_WORDS = 3
# Longest attribution line after an unmarked paragraph, in tokens.
_ATTRIBUTION_TOKENS = 30
# Dependents by which a cue reports something itself (then its line is no attribution).
_REPORTED = frozenset(("ccomp", "xcomp", "dobj", "dative", "oprd", "parataxis"))
# Speech talks in the first or second person; narration rarely does.
_PERSONAL = re.compile(r"\b(?:I|we|We|us|Us|our|Our|my|My|me|you|You|your|Your)\b")
# Fewest words of an unmarked paragraph, or of a kept unattributed quote.
_MIN_QUOTE_WORDS = 4
# A learned attribution whose content overlaps a found quote this much (intersection
# over the longer span, as the scorer matches) repeats it.
_SAME_ATTRIBUTION = 0.5


# Small words a title may have in lower case: "Lost in Translation", "Game of Thrones".
_TITLE_SMALL = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "and",
        "or",
        "but",
        "with",
        "from",
        "by",
        "as",
        "vs",
    ]
)


def _is_title(text: str) -> bool:
    """Whether quoted text looks like a title: every word capitalized, no sentence end."""
    words = _WORD.findall(text)
    if len(words) < 2 or (text.rstrip(" ,").endswith((".", "!", "?")) and len(words) > 6):
        return False
    capitals = [w for w in words if w.lower() not in _TITLE_SMALL]
    return bool(capitals) and all(w[0].isupper() or w[0].isdigit() for w in capitals)


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


def _covered(spans: Iterable[tuple[int, int]], start: int, end: int) -> int:
    """How many characters of ``[start, end)`` the (disjoint) ``spans`` cover."""
    return sum(max(0, min(end, e) - max(start, s)) for s, e in spans)


def _is_pronoun(token: Token) -> bool:
    return token.pos_ == "PRON" or token.tag_ in ("PRP", "WP")


class _ParsedFinder:
    """Quotes in a parsed (English) doc: cues from the dependency tree."""

    def __init__(
        self,
        ctx: _Context,
        *,
        beliefs: bool,
        objects: bool,
        unmarked: bool,
        keep_unattributed: bool,
        model: AttributionModel | None = None,
    ) -> None:
        self.objects = objects
        self.model = model
        self.ctx = ctx
        self.doc = ctx.doc
        self.lexicon = ctx.lexicon
        self.beliefs = beliefs
        self.unmarked = unmarked
        self.keep_unattributed = keep_unattributed
        self.is_cue = ctx.cue_flags(self.lexicon.verbs)
        self.is_belief = ctx.flag(self.lexicon.belief_verbs) if beliefs else None
        self.drafts: list[_Draft] = []
        # Cues that govern a quoted fragment but no clause: they report their complement.
        self.complement_cues: set[int] = set()
        self.paragraph_bounds: dict[int, tuple[int, int]] = {}

    # --- cues and speakers -------------------------------------------------------------

    def cue_token(self, i: int, *, beliefs: bool = False) -> bool:
        """Whether token ``i`` is a reporting verb."""
        token = self.doc[i]
        if token.pos_ not in ("VERB", "AUX") and token.tag_[:2] != "VB":
            return False
        if self.is_cue[i]:
            return True
        return beliefs and self.is_belief is not None and bool(self.is_belief[i])

    def subject(self, verb: Token) -> Token | None:
        """The speaker of a reporting verb: its subject, or its head clause's."""
        current = verb
        low, high = self.paragraph_tokens(verb.i)
        for _ in range(4):
            for child in current.children:
                if child.dep_ in _SUBJECTS:
                    return child if low <= child.i < high else None
            if current.dep_ in _SHARES_SUBJECT and current.head.i != current.i:
                head = current.head
                if (
                    current.dep_ == "conj"
                    and self.is_cue[current.i]
                    and head.dep_ == "ccomp"
                    and self.is_cue[head.head.i]
                ):
                    # "said [voters had chosen change] and promised ...": the parser hangs
                    # the second cue on the reported clause, which ``clause_end`` leaves
                    # out of the report; its subject is the first cue's.
                    head = head.head
                current = head
                continue
            break
        for child in verb.rights:  # an inversion the parser missed: '"...," said Kim'
            if child.dep_ in ("dobj", "attr", "npadvmod", "appos", "dative", "oprd") and (
                child.pos_ == "PROPN" or child.ent_type_ == "PERSON"
            ):
                return child
        return None

    def speaker_span(self, head: Token) -> tuple[int, int]:
        """The speaker's noun phrase as written (without relative clauses)."""
        left = head.left_edge.i
        right = head.i
        for child in head.rights:
            if child.dep_ in _NP_RIGHT:
                right = child.right_edge.i
            elif child.dep_ != "punct":
                break
        right = min(right, head.i + 12)
        low, high = self.paragraph_tokens(head.i)
        left, right = max(left, low), min(right, high - 1)
        while left < right and (self.doc[left].is_punct or self.doc[left].is_space):
            left += 1
        while right > left and self.doc[right].is_punct:
            right -= 1
        return self.doc[left].idx, self.doc[right].idx + len(self.doc[right])

    def set_speaker(self, draft: _Draft, head: Token | None, verb: Token | None) -> None:
        """Fill a draft's speaker from the subject token ``head`` of ``verb``."""
        if head is None:
            return
        draft.speaker = self.speaker_span(head)
        lower = head.lower_
        if lower in self.lexicon.relatives and verb is not None and verb.dep_ == "relcl":
            draft.speaker_class = RELATIVE
            draft.speaker_head = verb.head.i
        elif _is_pronoun(head):
            draft.speaker_class = PRONOUN if lower in self.lexicon.pronouns else None
            draft.speaker_gender = self.lexicon.pronouns.get(lower, ANY)
            draft.speaker_head = head.i
        elif head.pos_ == "PROPN" or head.ent_type_ in _NAME_ENTS or self.appos_name(head):
            draft.speaker_class = NAME
            draft.speaker_head = head.i
        else:
            draft.speaker_class = ROLE
            draft.speaker_head = head.i

    @staticmethod
    def appos_name(head: Token) -> Token | None:
        """A name given in apposition: "a spokeswoman, Anna White,"."""
        for child in head.rights:
            if child.dep_ == "appos" and child.pos_ == "PROPN":
                return child
        return None

    def attribute(self, draft: _Draft, verb: Token) -> None:
        """Attribute a draft to reporting verb ``verb``: cue, speaker, medium."""
        cue_start, cue_end = verb.idx, verb.idx + len(verb)
        # Particles and multiword cues: "pointed out", "went on to say".
        for child in verb.rights:
            if child.dep_ == "prt" and child.i == verb.i + 1:
                cue_end = child.idx + len(child)
        draft.cue = (cue_start, cue_end)
        draft.cue_key = verb.i
        self.set_speaker(draft, self.subject(verb), verb)
        draft.medium = self.medium_after(verb.idx, verb.sent.end_char)

    def medium_after(self, start: int, end: int) -> str | None:
        """A medium named after a cue: "told Reuters", "said, launching TASS"."""
        return _find_medium(self.lexicon, self.ctx.text, start, end)

    # --- marked quotes -----------------------------------------------------------------

    def governing_cue(self, start: int, end: int) -> Token | None:
        """The nearest reporting verb above the tokens of a span, outside it."""
        tokens = self.ctx.tokens_between(start, end)
        low = self.paragraph_tokens(tokens.start)[0] if tokens else 0
        high = self.paragraph_tokens(max(tokens.start, tokens.stop - 1))[1] if tokens else 0
        best: tuple[int, Token] | None = None
        for i in tokens:
            token = self.doc[i]
            head = token.head
            if start <= head.idx < end:
                continue
            # The token's head is outside the span: walk up to a reporting verb, but not
            # into another paragraph (parses may run sentences over paragraph breaks).
            steps, current = 0, head
            while steps < 6 and low <= current.i < high:
                if self.cue_token(current.i, beliefs=self.beliefs):
                    if best is None or steps < best[0]:
                        best = (steps, current)
                    break
                if current.head.i == current.i:
                    break
                current, steps = current.head, steps + 1
        return best[1] if best else None

    def nearby_cue(self, start: int, end: int, *, last: bool) -> Token | None:
        """A reporting verb in a stretch of text next to a quote (first or last one)."""
        tokens = list(self.ctx.tokens_between(start, end))
        if last:
            tokens.reverse()
        for i in tokens:
            if self.is_cue[i] and self.cue_token(i) and self.ctx.in_marked(self.doc[i].idx) is None:
                return self.doc[i]
        return None

    def marked_quotes(self) -> None:
        """DIRECT and PARTIAL quotes from the marked spans, with their attribution."""
        ctx = self.ctx
        cue_words = self.lexicon.verbs
        for index, span in enumerate(ctx.marked):
            frame = ctx.frame(index)
            direct = _is_direct(span, frame, cue_words)
            draft = _Draft(span.start, span.end, QuoteKind.DIRECT if direct else QuoteKind.PARTIAL)
            title = _is_title(ctx.text[span.start : span.end])
            # A title ("Saturday Night Live") is attributed only by a cue right beside it.
            verb = None if title else self.governing_cue(span.start, span.end)
            if verb is not None and not direct and not self.reports_clause(verb):
                self.complement_cues.add(verb.i)
            if verb is None:
                after_tokens = ctx.tokens_between(span.close_end, frame.after_end)
                after_end = (
                    ctx.token_starts[after_tokens.start + _AFTER_WINDOW]
                    if len(after_tokens) > _AFTER_WINDOW
                    else frame.after_end
                )
                verb = self.nearby_cue(span.close_end, after_end, last=False)
            if verb is None:
                before_tokens = ctx.tokens_between(frame.before_start, span.open_start)
                before_start = (
                    ctx.token_starts[before_tokens.stop - _BEFORE_WINDOW]
                    if len(before_tokens) > _BEFORE_WINDOW
                    else frame.before_start
                )
                verb = self.nearby_cue(before_start, span.open_start, last=True)
            if verb is not None:
                self.attribute(draft, verb)
            elif not title and not self.inherit(draft, span, frame) and not direct:
                self.characterized(draft, span)
            if title and draft.cue is None:
                continue
            if direct:
                self.ctx.direct_spans.append((span.start, span.end))
            self.drafts.append(draft)

    def characterized(self, draft: _Draft, span: MarkedSpan) -> None:
        """A fragment in the object of a person's verb is that person's words.

        'Trump blamed the shootings on "sickos"': no verb of saying, but "sickos" is
        Trump's word, and what he said is the verb's complement.
        """
        tokens = self.ctx.tokens_between(span.start, span.end)
        if not tokens:
            return
        low, high = self.paragraph_tokens(tokens.start)
        current = self.doc[tokens.start]
        for _ in range(4):
            if not (low <= current.head.i < high) or current.head.i == current.i:
                return
            child, current = current, current.head
            if span.start <= current.idx < span.end:
                continue
            if current.pos_ == "VERB":
                break
        else:
            return
        if child.dep_ in _SUBJECTS or current.i > tokens.start:
            return  # the fragment is the subject, or stands before its verb
        subject = self.subject(current)
        if subject is None or not self.personal(subject):
            return
        self.attribute(draft, current)
        content = self.complement(current)
        if content is None or content[1] - content[0] <= span.end - span.start + 2:
            return
        if content[0] <= span.start and span.end <= content[1]:
            report = _Draft(content[0], content[1], QuoteKind.INDIRECT)
            report.attribute(draft)
            self.drafts.append(report)

    @staticmethod
    def personal(token: Token) -> bool:
        """Whether a subject names or points to a person (or a group of them)."""
        if token.ent_type_ in ("PERSON", "NORP") or token.pos_ == "PROPN":
            return True
        return token.lower_ in ("he", "she", "they", "i", "we", "who")

    @staticmethod
    def reports_clause(verb: Token) -> bool:
        """Whether a cue has a clausal complement (then that clause is what it reports)."""
        return any(c.dep_ in ("ccomp", "xcomp") for c in verb.children)

    def inherit(self, draft: _Draft, span: MarkedSpan, frame: _Frame) -> bool:
        """Attribute an unattributed quote as news style does: "X said:" or the last quote."""
        if draft.kind is not QuoteKind.DIRECT:
            return False
        ctx = self.ctx
        paragraph = frame.paragraph
        p_start = ctx.paragraphs[paragraph][0]
        if not ctx.text[p_start : span.open_start].strip() and paragraph > 0:
            prev_start, prev_end = ctx.paragraphs[paragraph - 1]
            if ctx.text[prev_start:prev_end].rstrip().endswith(":"):
                verb = self.nearby_cue(prev_start, prev_end, last=True)
                if verb is not None:
                    self.attribute(draft, verb)
                    return True
        # '"A," she said. "B."': B goes on A's attribution; so does a paragraph that is
        # only a quote, right after a paragraph ending in an attributed quote.
        opens_paragraph = not ctx.text[p_start : span.open_start].strip()
        for previous in reversed(self.drafts):
            if previous.cue is None or previous.kind is not QuoteKind.DIRECT:
                continue
            previous_paragraph = ctx.paragraph_of(previous.start)
            if previous_paragraph == paragraph or (
                opens_paragraph and previous_paragraph == paragraph - 1
            ):
                draft.attribute(previous)
                return True
            break
        return False

    # --- indirect quotes ---------------------------------------------------------------

    def paragraph_tokens(self, i: int) -> tuple[int, int]:
        """The token range ``[first, stop)`` of the paragraph holding token ``i``."""
        index = self.ctx.paragraph_of(self.doc[i].idx)
        bounds = self.paragraph_bounds.get(index)
        if bounds is None:
            p_start, p_end = self.ctx.paragraphs[index]
            tokens = self.ctx.tokens_between(p_start, p_end)
            bounds = self.paragraph_bounds[index] = (tokens.start, tokens.stop)
        return bounds

    def clause_span(
        self, first: int, last: int, within: int | None = None
    ) -> tuple[int, int] | None:
        """Character span of tokens ``first..last``, trimmed of "that" and punctuation.

        With ``within``, the span is clipped to that token's paragraph.
        """
        doc = self.doc
        if within is not None:
            low, high = self.paragraph_tokens(within)
            first, last = max(first, low), min(last, high - 1)
        while first <= last and (
            doc[first].is_punct
            or doc[first].is_space
            or (doc[first].lower_ in self.lexicon.complementizers and doc[first].dep_ == "mark")
            or doc[first].dep_ == "cc"  # "But, Carson added, he ...": not part of the report
        ):
            first += 1
        while last >= first and (doc[last].is_punct or doc[last].is_space):
            last -= 1
        if last - first < 1:
            return None
        return self.ctx.whole_marks(doc[first].idx, doc[last].idx + len(doc[last]))

    def content_of(self, verb: Token) -> tuple[int, int] | None:
        """The clause a reporting verb reports, as a character span."""
        # A cue may govern a quote and a clause ("'...,' he said, and that ..."): report the
        # clause that is not a direct quote, the one after the cue first.
        clauses = sorted(
            (c for c in verb.children if c.dep_ == "ccomp"), key=lambda c: (c.i < verb.i, c.i)
        )
        for child in clauses:
            span = self.clause_span(child.left_edge.i, self.clause_end(child), verb.i)
            if span is not None and not self.ctx.inside_direct(*span):
                return span
        if clauses:
            return None
        if verb.lower_ in self.lexicon.control_verbs:
            # "urged voters to stay home": the object and the infinitive clause.
            for child in verb.rights:
                if child.dep_ == "xcomp":
                    first = min(
                        (c.left_edge.i for c in verb.rights if c.dep_ in ("dobj", "dative")),
                        default=child.left_edge.i,
                    )
                    return self.clause_span(
                        min(first, child.left_edge.i), child.right_edge.i, verb.i
                    )
        if verb.i in self.complement_cues or (
            self.objects and any(c.dep_ in ("dobj", "prep") for c in verb.rights)
        ):
            return self.complement(verb)
        head = verb.head
        if head.i == verb.i:
            return None
        # "As previously reported, ..." has no speaker: only clauses with their own subject.
        has_subject = any(c.dep_ in _SUBJECTS for c in verb.children)
        as_clause = verb.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ == "as" for c in verb.children
        )
        # "The pact is defensive, he said" / "But, Carson added, he did not ...": the cue
        # stands beside its clause, set off by a comma.
        parenthetical = verb.dep_ in ("parataxis", "ccomp") and (
            (verb.i > head.i and self.set_off(verb.left_edge.i, -1))
            or (verb.i < head.i and self.set_off(verb.right_edge.i, 1))
        )
        if not (as_clause or parenthetical) or not has_subject:
            return None
        return self.around(verb, head)

    def clause_end(self, head: Token) -> int:
        """Last token of a reported clause, before a coordinated clause that is not reported.

        The parser often hangs the speaker's next verb on the reported clause: in 'she said
        she would run, and predicted a win' or 'said they should wait, notably stopping
        short of ...' the second verb is the speaker's, not part of what was said.
        """
        for child in head.rights:
            if child.dep_ != "conj" or child.pos_ not in ("VERB", "AUX"):
                continue
            own_subject = any(c.dep_ in _SUBJECTS for c in child.children)
            joined = any(c.dep_ == "cc" for c in head.children if head.i < c.i < child.i)
            if self.is_cue[child.i] or not (own_subject or joined):
                return child.left_edge.i - 1
        return head.right_edge.i

    def complement(self, verb: Token) -> tuple[int, int] | None:
        """What an evaluative cue says of its object: 'called [Trump a "con artist"]'."""
        parts = [c for c in verb.rights if c.dep_ not in _NOT_COMPLEMENT]
        if not parts:
            return None
        return self.clause_span(
            min(c.left_edge.i for c in parts), max(c.right_edge.i for c in parts), verb.i
        )

    def around(self, inner: Token, head: Token) -> tuple[int, int] | None:
        """The part of ``head``'s clause outside ``inner``'s subtree."""
        left, right = inner.left_edge.i, inner.right_edge.i
        if left > head.i:
            before = self.clause_span(head.left_edge.i, left - 1, inner.i)
            if before is not None and self.ctx.inside_direct(*before):
                return None  # '"...," Trump said in February': the cue of a direct quote
            if self.words_between(right + 1, head.right_edge.i):
                # "Take action now, they said, and you risk ...": the cue interrupts the
                # clause, which is reported whole (PolNeAR joins the two pieces too).
                return self.clause_span(head.left_edge.i, head.right_edge.i, inner.i)
            return before
        if right < head.i:
            if self.words_between(head.left_edge.i, left - 1):
                # "Within marriages, they said, women now ...": the whole clause again.
                return self.clause_span(head.left_edge.i, head.right_edge.i, inner.i)
            return self.clause_span(right + 1, head.right_edge.i, inner.i)
        return None

    def set_off(self, edge: int, step: int) -> bool:
        """Whether a subtree edge is (or is next to) a comma or dash setting it off."""
        for i in (edge, edge + step):
            if 0 <= i < len(self.doc) and self.doc[i].text in _SET_OFF:
                return True
        return False

    def words_between(self, first: int, last: int) -> bool:
        """Whether tokens ``first..last`` hold anything but punctuation and space."""
        return any(not (t.is_punct or t.is_space) for t in self.doc[first : last + 1])

    def indirect_quotes(self) -> None:
        """INDIRECT quotes: reporting verbs with a clause, and "according to"."""
        doc = self.doc
        candidates = np.flatnonzero(
            self.is_cue if self.is_belief is None else (self.is_cue | self.is_belief)
        )
        for i in candidates.tolist():
            if not self.cue_token(int(i), beliefs=self.beliefs):
                continue
            verb = doc[int(i)]
            if self.ctx.in_marked(verb.idx) is not None:
                continue  # a reporting verb inside a quote is the speaker's own words
            belief = self.is_belief is not None and self.is_belief[i] and not self.is_cue[i]
            if belief and not any(c.dep_ == "ccomp" for c in verb.children):
                continue
            content = self.content_of(verb)
            if content is None or self.ctx.inside_direct(*content):
                continue
            draft = _Draft(content[0], content[1], QuoteKind.INDIRECT)
            self.attribute(draft, verb)
            if draft.speaker is None and verb.dep_ not in ("ROOT", "ccomp", "conj", "advcl"):
                continue  # "a statement saying ...": no speaker worth a quote
            self.drafts.append(draft)
        self.according_to()

    def according_to(self) -> None:
        """Quotes attributed with a source phrase: "according to X, ...", "..., X said"."""
        text = self.ctx.text
        for phrase in self.lexicon.sources:
            for cue_span, tokens in self.ctx.unquoted_phrase(phrase):
                first, last = self.doc[tokens.start], self.doc[tokens.stop - 1]
                source = next((c for c in last.children if c.dep_ == "pobj"), None)
                if (
                    source is None
                    or source.lower_ in self.lexicon.relatives
                    or source.tag_.startswith("W")
                ):
                    continue
                head = first.head if first.head.i != first.i else first
                phrase_end = source.right_edge.i
                if head.i < first.i:
                    if self.words_between(phrase_end + 1, head.right_edge.i):
                        # "X happened, according to Y, and Z followed": the whole clause.
                        first_i, last_i = head.left_edge.i, head.right_edge.i
                    else:
                        first_i, last_i = head.left_edge.i, first.i - 1
                    content = self.clause_span(first_i, last_i, first.i)
                elif first.i > head.left_edge.i and self.words_between(
                    head.left_edge.i, first.i - 1
                ):
                    content = self.clause_span(head.left_edge.i, head.right_edge.i, first.i)
                else:
                    stop = max(head.right_edge.i, phrase_end)
                    content = self.clause_span(phrase_end + 1, stop, first.i)
                if content is None or self.ctx.inside_direct(*content):
                    continue
                draft = _Draft(content[0], content[1], QuoteKind.INDIRECT)
                draft.cue = cue_span
                draft.cue_key = first.i
                self.set_speaker(draft, source, None)
                draft.medium = _find_medium(self.lexicon, text, cue_span[0], first.sent.end_char)
                self.drafts.append(draft)

    # --- attributions the learned model finds -------------------------------------------

    def learned_quotes(self, model: AttributionModel) -> None:
        """INDIRECT attributions whose cue the model finds and the rules did not.

        Beliefs, intentions, polls, evaluations and noun cues ("his claim that"): the
        model decides which tokens are cues and which part of the parse they report.
        """
        doc = self.doc
        taken = {d.cue_key for d in self.drafts if d.cue_key is not None}
        found = [(d.start, d.end) for d in self.drafts]
        # Token flags and sentence bounds once per doc: Token.sent walks the doc.
        in_content = np.zeros(len(doc), dtype=bool)
        for start, end in found:
            tokens = self.ctx.tokens_between(start, end)
            in_content[tokens.start : tokens.stop] = True
        sentences = [sent for sent in doc.sents for _ in range(len(sent))]
        for token in doc:
            if token.i in taken or not is_candidate(token):
                continue
            low, high = self.paragraph_tokens(token.i)
            sent = sentences[token.i]
            offered = span_candidates(token, SpanBounds(max(low, sent.start), min(high, sent.end)))
            if not offered:
                continue
            best = model.best_span(
                token,
                offered,
                in_quote=self.ctx.in_marked(token.idx) is not None,
                in_content=bool(in_content[token.i]),
            )
            if best is None or best[0] < model.threshold:
                continue
            content = char_span(doc, *best[1])
            if content is None or self.ctx.inside_direct(*content):
                continue
            if any(
                _covered([other], *content)
                >= _SAME_ATTRIBUTION * max(content[1] - content[0], other[1] - other[0])
                for other in found
            ):
                continue
            draft = _Draft(content[0], content[1], QuoteKind.INDIRECT)
            draft.cue = (token.idx, token.idx + len(token))
            draft.cue_key = token.i
            source = self.source(token)
            if source is not None and not content[0] <= source.idx < content[1]:
                self.set_speaker(draft, source, token)
            draft.medium = self.medium_after(token.idx, sent.end_char)
            self.drafts.append(draft)
            found.append(content)
            tokens = self.ctx.tokens_between(*content)
            in_content[tokens.start : tokens.stop] = True

    def source(self, cue: Token) -> Token | None:
        """Who an attribution cue the model found is attributed to.

        "according to X": X; a noun: its owner ("his claim", "a claim by X") or the
        subject of the verb it is the object of ("X made the claim"); an adjective: the
        subject of its copula ("X is confident that"); a verb: its agent or subject.
        """
        children = list(cue.children)
        if cue.lower_ == "according":
            to = next((c for c in children if c.lower_ == "to"), None)
            return next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
        for child in children:
            if child.dep_ == "poss":
                return child
            if (child.dep_ == "agent" and cue.pos_ == "VERB") or (
                child.dep_ == "prep" and child.lower_ in ("by", "from") and cue.pos_ == "NOUN"
            ):
                return next((c for c in child.children if c.dep_ == "pobj"), None)
        if cue.pos_ in ("NOUN", "ADJ") and cue.dep_ in ("dobj", "attr", "acomp", "oprd"):
            return self.subject(cue.head)
        if cue.pos_ == "VERB":
            return self.subject(cue)
        return None

    # --- unmarked quotes ---------------------------------------------------------------

    def unmarked_quotes(self) -> None:
        """A paragraph of speech without marks, attributed by the next line ("X said, ...").

        Translated and rewritten news drops quote marks: "We must unite. ...", then a
        paragraph "Stoltenberg said, speaking at a panel.". Both must look the part: the
        speech has a first- or second-person word, and the attribution line starts with
        its speaker (or cue), has a cue that reports nothing itself, and is short.
        """
        ctx = self.ctx
        covered = [(d.start, d.end) for d in self.drafts]
        for index in range(len(ctx.paragraphs) - 1):
            p_start, p_end = ctx.paragraphs[index]
            if any(s < p_end and e > p_start for s, e in covered):
                continue
            if any(m.open_start < p_end and m.close_end > p_start for m in ctx.marked):
                continue
            speech = self.ctx.text[p_start:p_end]
            words = _WORD.findall(speech)
            if len(words) < _MIN_QUOTE_WORDS or not _PERSONAL.search(speech):
                continue
            verb = self.attribution_line(*ctx.paragraphs[index + 1])
            if verb is None:
                continue
            draft = _Draft(p_start, p_end, QuoteKind.UNMARKED)
            self.attribute(draft, verb)
            self.drafts.append(draft)

    def attribution_line(self, start: int, end: int) -> Token | None:
        """The cue of a paragraph that only attributes: "X said, speaking at ...".

        The first sentence must start with its subject (or with the cue, "said X"),
        and its cue must govern no clause or object and be followed by a comma, a full
        stop or a preposition ("said in a statement").
        """
        tokens = self.ctx.tokens_between(start, end)
        if not tokens:
            return None
        low, high = self.paragraph_tokens(tokens.start)
        # The parse may run the sentence on from the paragraph before: clip it.
        if min(self.doc[tokens.start].sent.end, high) - low > _ATTRIBUTION_TOKENS:
            return None
        for i in range(tokens.start, min(tokens.stop, tokens.start + 6)):
            if not (self.is_cue[i] and self.cue_token(i)):
                continue
            verb = self.doc[i]
            is_root = verb.dep_ == "ROOT" or not low <= verb.head.i < high
            if not is_root or any(c.dep_ in _REPORTED for c in verb.children):
                return None
            subject = self.subject(verb)
            if subject is None:
                return None
            if subject.left_edge.i != tokens.start and i != tokens.start:
                return None
            following = self.doc[i + 1] if i + 1 < len(self.doc) else None
            if (
                following is not None
                and following.i > subject.i
                and not (
                    following.is_punct or following.dep_ in ("prep", "advmod", "npadvmod", "prt")
                )
            ):
                return None
            return verb
        return None

    def find(self) -> list[_Draft]:
        """All drafts of the doc, in text order."""
        self.marked_quotes()
        self.indirect_quotes()
        if self.model is not None:
            self.learned_quotes(self.model)
        if self.unmarked:
            self.unmarked_quotes()
        return _settle(self.drafts, self.ctx.text, self.keep_unattributed)

    # --- antecedents -------------------------------------------------------------------

    def named_mentions(self) -> list[_Named]:
        """Persons named in the doc, with their titles, for antecedent resolution."""
        mentions = []
        doc = self.doc
        for ent in doc.ents:
            if ent.label_ != "PERSON" and ent.label_ not in _ORG_ENTS:
                continue
            root = ent.root
            np_start = root.left_edge.i if root.left_edge.i >= ent.start - 6 else ent.start
            title = doc[np_start : ent.end].text
            before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
            words = [before, *ent.text.split()]
            salient = root.dep_ in _SUBJECTS or (root.dep_ == "pobj" and root.head.lower_ == "to")
            kind = PERSON_KIND if ent.label_ == "PERSON" else ORG_KIND
            gender = _gender_of_name(self.lexicon, words) if kind == PERSON_KIND else ANY
            mentions.append(
                _Named(ent.start_char, ent.end_char, gender, _words(title), salient, kind)
            )
        return mentions

    def name_span(self, token: Token) -> tuple[int, int]:
        """The name inside a speaker phrase: its PERSON/ORG entity, or its proper-noun run."""
        if token.ent_iob_ in ("B", "I") and token.ent_type_ in _NAME_ENTS:
            start = token.i
            while start > 0 and self.doc[start].ent_iob_ == "I":
                start -= 1
            end = token.i + 1
            while end < len(self.doc) and self.doc[end].ent_iob_ == "I":
                end += 1
            span = self.doc[start:end]
            return span.start_char, span.end_char
        start = token.i
        while start > 0 and self.doc[start - 1].pos_ == "PROPN" and start > token.i - 4:
            start -= 1
        return self.doc[start].idx, token.idx + len(token)

    def resolve(self, drafts: list[_Draft]) -> None:
        """Link pronoun, relative and role speakers to named mentions before them.

        A pronoun goes first to the previous quote's speaker, when that speaker agrees
        and was quoted in the last few paragraphs ("the NATO chief said ... he added");
        otherwise to the most recent agreeing named person (see ``_pick``).
        """
        named = self.named_mentions()
        speakers: dict[int, _Named] = {}
        for draft in drafts:
            if draft.speaker_class == NAME and draft.speaker_head is not None:
                speakers[id(draft)] = self.named_speaker(draft)
        named += speakers.values()
        named.sort(key=lambda n: n.start)
        starts = [n.start for n in named]
        by_start = {n.start: n for n in named}
        # The previous speaker (resolved), its paragraph and where it was written.
        last: tuple[_Named, int, int] | None = None
        for draft in sorted(drafts, key=lambda d: d.speaker[0] if d.speaker else d.start):
            if draft.speaker is None or draft.speaker_head is None:
                continue
            position = draft.speaker[0]
            paragraph = self.ctx.paragraph_of(position)
            head = self.doc[draft.speaker_head]
            if draft.speaker_class == NAME:
                # "National Rally leader Marine Le Pen": the speaker is the person, not
                # the party her title names.
                name = speakers[id(draft)]
                if self.ctx.text[name.start - 1] == " " and any(
                    draft.speaker[0] <= ent.start_char and ent.end_char <= name.start
                    for ent in self.doc.ents
                ):
                    draft.antecedent = (name.start, name.end)
            elif draft.speaker_class == RELATIVE:
                if head.pos_ == "PROPN" or head.ent_type_ in _NAME_ENTS:
                    draft.antecedent = self.name_span(head)
                else:
                    draft.antecedent = _pick(named, starts, head.idx, ANY, frozenset())
            elif draft.speaker_class == PRONOUN:
                if (
                    last is not None
                    and last[1] >= paragraph - _CHAIN_PARAGRAPHS
                    and last[0].end <= position
                    and _agrees(draft.speaker_gender, last[0])
                    and not _named_since(named, last[0], last[2], position, draft.speaker_gender)
                ):
                    draft.antecedent = (last[0].start, last[0].end)
                else:
                    draft.antecedent = _pick(
                        named, starts, position, draft.speaker_gender, frozenset()
                    )
            elif draft.speaker_class == ROLE and any(
                c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in head.lefts
            ):  # "a spokesman" is someone new, "the spokesman" someone named before
                role = _words(self.ctx.text[draft.speaker[0] : draft.speaker[1]]) - _ROLE_STOPWORDS
                wanted = ORGANIZATION if head.lower_ in self.lexicon.organization_nouns else ANY
                draft.antecedent = _pick(named, starts, position, wanted, role)
            resolved = speakers.get(id(draft))
            if resolved is None and draft.antecedent is not None:
                resolved = by_start.get(draft.antecedent[0])
            if resolved is not None:
                last = (resolved, paragraph, draft.speaker[1])

    def named_speaker(self, draft: _Draft) -> _Named:
        """The named mention a NAME speaker makes (its name, gender, kind, title words)."""
        assert draft.speaker is not None and draft.speaker_head is not None
        head = self.doc[draft.speaker_head]
        name = head if head.pos_ == "PROPN" else (self.appos_name(head) or head)
        start, end = self.name_span(name)
        gender = _gender_of_name(self.lexicon, self.ctx.text[max(0, start - 5) : end].split())
        if name.ent_type_ in _ORG_ENTS:
            kind = ORG_KIND
        elif name.ent_type_ == "PERSON":
            kind = PERSON_KIND
        else:
            kind = UNKNOWN
        words = _words(self.ctx.text[draft.speaker[0] : draft.speaker[1]])
        return _Named(start, end, gender, words, True, kind)


def _pick(
    named: list[_Named], starts: list[int], before: int, gender: str, role: frozenset[str]
) -> tuple[int, int] | None:
    """The most recent agreeing named mention before ``before``; by shared title words for roles.

    Speakers and persons in subject position win over other mentions; a role noun
    ("the head of NATO") prefers a mention whose title shares a word ("NATO").
    """
    stop = bisect_left(starts, before)
    fallback: _Named | None = None
    if role:
        for mention in reversed(named[:stop]):
            if role & mention.words and _agrees(gender, mention):
                return mention.start, mention.end
    for mention in reversed(named[:stop]):
        if mention.end > before or not _agrees(gender, mention):
            continue
        if mention.salient:
            return mention.start, mention.end
        if fallback is None:
            fallback = mention
    return (fallback.start, fallback.end) if fallback else None


def _named_since(
    mentions: list[_Named], speaker: _Named, after: int, before: int, gender: str
) -> bool:
    """Whether another agreeing person is named as a subject between ``after`` and ``before``.

    ``speaker`` is the previous quote's (resolved) speaker, written up to ``after``. A
    person named since as a subject is what a pronoun more likely refers to ("Sunak had
    stood at the lectern. '...,' he said").
    """
    return any(
        mention.salient
        and mention.kind == PERSON_KIND
        and after <= mention.start
        and mention.end <= before
        and not (mention.words & speaker.words)
        and _agrees(gender, mention)
        for mention in mentions
    )


def _find_medium(lexicon: CueLexicon, text: str, start: int, end: int) -> str | None:
    """The medium named by a marker phrase in ``text[start:end]``: "told Reuters" -> "Reuters"."""
    window = text[start:end]
    for marker, needs_hint in lexicon.medium_markers:
        pattern = _medium_pattern(marker)
        for match in pattern.finditer(window):
            name = match.group(1).strip().rstrip(".,;:")
            if needs_hint and not (_words(name) & lexicon.media_words):
                continue
            return name
    return None


_MEDIUM_PATTERNS: dict[str, re.Pattern[str]] = {}


def _medium_pattern(marker: str) -> re.Pattern[str]:
    """A compiled regex for a medium marker followed by a capitalized name (cached)."""
    pattern = _MEDIUM_PATTERNS.get(marker)
    if pattern is None:
        name = r"(?:[A-Z][\w&.’'-]*|[A-Z]{2,})"
        pattern = re.compile(
            r"\b(?i:" + re.escape(marker) + r")\s+(?:the\s+)?"
            r"(" + name + r"(?:\s+(?:of\s+|de\s+|al\s+)?" + name + r")*)"
        )
        _MEDIUM_PATTERNS[marker] = pattern
    return pattern


def _settle(drafts: list[_Draft], text: str, keep_unattributed: bool) -> list[_Draft]:
    """Attribute fragments inside indirect quotes, drop unattributed quotes; sort."""
    hosts = [d for d in drafts if d.kind is QuoteKind.INDIRECT and d.cue is not None]
    kept = []
    for draft in drafts:
        if draft.cue is None and draft.kind is QuoteKind.PARTIAL:
            for host in hosts:
                if host.start <= draft.start and draft.end <= host.end:
                    draft.attribute(host)
                    break
        words = len(_WORD.findall(text[draft.start : draft.end]))
        if draft.kind is QuoteKind.PARTIAL and words <= _SCARE_WORDS and draft.speaker is None:
            continue  # a cue but nobody saying it: "the so-called 'plan'"
        if draft.cue is None:
            if not keep_unattributed:
                continue
            if draft.kind is QuoteKind.PARTIAL and words <= _SCARE_WORDS:
                continue  # a scare quote or a title: "Saturday Night Live"
            if words < _MIN_QUOTE_WORDS:
                continue
        kept.append(draft)
    kept.sort(key=lambda d: (d.start, d.end))
    return kept


# --------------------------------------------------------------------------------------
# Step 2b: other languages, tokens and sentences only.
# --------------------------------------------------------------------------------------

# How far from a cue a speaker may stand, in tokens.
_SPEAKER_REACH = 3
# Longest insertion between a subject and its cue ("X, für den ..., sprach"), in tokens.
_INSERTION_REACH = 12
# Longest role before an apposed name ("dijo el alcalde de Houston, X"), in tokens.
_ROLE_WORDS = 6
# Most tokens from a sentence start to a colon that introduces a quote ("Kim ging weiter:").
_COLON_WORDS = 6
_HYPHEN = re.compile(r"[-‑]")
# How far after a cue the reported clause may start (after "," ":" or "that"), in tokens.
_CLAUSE_REACH = 8


class _LexicalFinder:
    """Quotes in a doc without a parse: quote marks, cue words and capitalized names."""

    def __init__(self, ctx: _Context, *, unmarked: bool, keep_unattributed: bool) -> None:
        self.ctx = ctx
        self.doc = ctx.doc
        self.lexicon = ctx.lexicon
        self.keep_unattributed = keep_unattributed
        self.unmarked = unmarked
        self.is_cue = ctx.cue_flags(
            self.lexicon.verbs | self.lexicon.quote_only_verbs | self.lexicon.clitic_cues.keys()
        )
        self.quote_only = ctx.flag(self.lexicon.quote_only_verbs)
        self.drafts: list[_Draft] = []
        self.used_cues: set[int] = set()  # cues that attribute a marked quote
        self.sentence_of = np.zeros(len(self.doc), dtype=np.int64)
        self.sentences: list[tuple[int, int]] = []
        if self.doc.has_annotation("SENT_START"):
            for number, sentence in enumerate(self.doc.sents):
                self.sentences.append((sentence.start, sentence.end))
                self.sentence_of[sentence.start : sentence.end] = number
        else:  # no sentencizer: one sentence
            self.sentences.append((0, len(self.doc)))
        # Each sentence's first word: a paragraph break is a space token opening it.
        self.openers = [
            next((j for j in range(low, high) if not self.doc[j].is_space), low)
            for low, high in self.sentences
        ]
        self.drop_particle_verbs()

    def drop_particle_verbs(self) -> None:
        """Unflag cues whose clause ends in a particle that makes them another verb.

        German separates particles from their verb: "Kliniken sagten Operationen ab"
        (cancelled), "die Verbündeten sagten zu, ..." (promised) report no speech.
        """
        particles = self.lexicon.separable_particles
        if not particles:
            return
        for i in np.flatnonzero(self.is_cue).tolist():
            high = self.sentences[int(self.sentence_of[i])][1]
            end = next((j for j in range(i + 1, high) if self.doc[j].is_punct), high)
            if end - 1 > i and self.doc[i].lower_ in particles.get(self.doc[end - 1].lower_, ()):
                self.is_cue[i] = False

    # --- names --------------------------------------------------------------------------

    def is_name(self, i: int) -> bool:
        """Whether token ``i`` may be part of a name: capitalized and not a function word.

        A hyphenated word counts when one of its ends is capitalized ("US-Präsident",
        "Jong-un", "28-Jährige"). A stop word opening a sentence is capitalized for its
        position alone ("Zugleich sagten ...", "Además, ..."), so there it is no name.
        """
        token = self.doc[i]
        parts = _HYPHEN.split(token.text)
        if not (parts[0][:1].isupper() or parts[-1][:1].isupper()) or not parts[-1].isalpha():
            return False
        if not all(part.isalnum() for part in parts) or token.lower_ in self.lexicon.non_names:
            return False
        return not (token.is_stop and i == self.openers[int(self.sentence_of[i])])

    def run_tokens(self, i: int, step: int, low: int, high: int) -> tuple[int, int] | None:
        """First and last token of the capitalized name at token ``i``, read toward ``step``."""
        if not (low <= i < high) or not self.is_name(i):
            return None
        last = i
        j = i + step
        while low <= j < high:
            token = self.doc[j]
            if self.is_name(j) or (step > 0 and token.is_alpha and self.hyphenated(j)):
                last = j
            elif not (token.lower_ in self.lexicon.name_particles or token.text in "-‑"):
                break
            j += step
        return min(i, last), max(i, last)

    def hyphenated(self, i: int) -> bool:
        """Whether token ``i`` ends a word split at a hyphen ("Jong-un" as "Jong", "-", "un")."""
        return (
            i >= 2
            and self.doc[i - 1].text in "-‑"
            and not self.doc[i - 1].whitespace_
            and not self.doc[i - 2].whitespace_
        )

    def char_span(self, first: int, last: int) -> tuple[int, int]:
        """Character span of tokens ``first..last``."""
        return self.doc[first].idx, self.doc[last].idx + len(self.doc[last])

    def name_run(self, i: int, step: int, low: int, high: int) -> tuple[int, int] | None:
        """Character span of the capitalized name at token ``i`` going in direction ``step``."""
        run = self.run_tokens(i, step, low, high)
        return self.char_span(*run) if run is not None else None

    def after_preposition(self, first: int) -> bool:
        """Whether a preposition stands before token ``first``, or before its article.

        "in Norddeutschland", "über den Élysée-Palast": a place or an object.
        """
        before = first - 1
        if before > 0 and self.doc[before].lower_ in self.lexicon.definite_articles:
            before -= 1
        return before >= 0 and self.doc[before].lower_ in self.lexicon.prepositions

    def person_start(self, first: int, last: int) -> int | None:
        """Where a person's name starts in a run of names: at its first known first name."""
        names = self.lexicon.male_names | self.lexicon.female_names
        for j in range(first, last + 1):
            if any(part.lower() in names for part in _HYPHEN.split(self.doc[j].text)):
                return j
        return None

    def is_role(self, first: int, last: int) -> bool:
        """Whether a run is a role noun: one capitalized noun after a definite article.

        Only where every noun is capitalized (German "betonte der Norweger"); an
        organization ("die Nato") or a known first name stays a name.
        """
        word = self.doc[first]
        return (
            self.lexicon.capitalized_nouns
            and first == last
            and first > 0
            and self.doc[first - 1].lower_ in self.lexicon.definite_articles
            and word.lower_ not in self.lexicon.organization_nouns
            and not word.text.isupper()
            and self.person_start(first, last) is None
        )

    def speaker_near(self, cue: int, *, after_first: bool) -> tuple[tuple[int, int], str] | None:
        """The speaker next to cue token ``cue``: a pronoun, a name or a role noun."""
        low, high = self.sentences[int(self.sentence_of[cue])]
        token = self.doc[cue]
        clitic = self.lexicon.clitic_cues.get(token.lower_)
        if clitic:  # "ujarnya": the pronoun is the cue's own suffix
            end = token.idx + len(token)
            return (end - clitic, end), PRONOUN
        for step in (1, -1) if after_first else (-1, 1):
            found = self.speaker_beside(cue, step, low, high)
            if found is not None:
                return found
        return None

    def speaker_beside(
        self, cue: int, step: int, low: int, high: int
    ) -> tuple[tuple[int, int], str] | None:
        """The speaker on one side of a cue (``step`` -1: before it, 1: after it)."""
        for distance in range(1, _SPEAKER_REACH + 1):
            j = cue + step * distance
            if not low <= j < high:
                break
            other = self.doc[j]
            if other.lower_ in self.lexicon.pronouns:
                return (other.idx, other.idx + len(other)), PRONOUN
            run = self.run_tokens(j, step, low, high)
            if run is not None:
                if not self.after_preposition(run[0]):
                    return self.char_span(*run), ROLE if self.is_role(*run) else NAME
                # A place or an object ("in Norddeutschland sagten"), unless it completes
                # the name before it: "Kedutaan Besar AS di Hanoi menyatakan".
                owner = self.run_tokens(run[0] - 2, -1, low, high) if step < 0 else None
                if owner is None or self.after_preposition(owner[0]):
                    return None
                return self.char_span(owner[0], run[1]), NAME
            if other.is_punct or other.is_space:
                if step < 0 and distance == 1 and other.text == ",":
                    run = self.set_off_subject(cue - 1, low)
                    return (self.char_span(*run), NAME) if run is not None else None
                if step < 0 and distance == 1 and other.text == ")" and j - 2 >= low:
                    # "Das Bundesamt für ... (BSI) betonte": the subject's abbreviation.
                    run = self.run_tokens(j - 1, -1, j - 1, j)
                    if run is not None and self.doc[j - 2].text == "(":
                        return self.char_span(*run), NAME
                break  # titles and articles may stand between cue and speaker, not commas
        if step > 0:
            run = self.role_apposition(cue, high)
            return (self.char_span(*run), NAME) if run is not None else None
        return None

    def set_off_subject(self, comma: int, low: int) -> tuple[int, int] | None:
        """A subject set off from its cue by commas (the cue follows token ``comma``).

        An apposition ("El secretario general, Jens Stoltenberg, describió") or a name
        opening the sentence before an insertion ("Jens Stoltenberg, für den es der
        letzte Gipfel war, sprach"; "Marine Le Pen, por su parte, aseguró").
        """
        run = self.run_tokens(comma - 1, -1, low, comma)
        if run is not None and run[0] > low and self.doc[run[0] - 1].text == ",":
            return run
        opening = next(
            (
                j
                for j in range(comma - 1, max(low, comma - _INSERTION_REACH) - 1, -1)
                if self.doc[j].text == ","
            ),
            None,
        )
        if opening is None:
            return None
        run = self.run_tokens(opening - 1, -1, low, opening)
        opener = self.openers[int(self.sentence_of[comma])]
        articles = self.lexicon.definite_articles
        if run is None or any(self.doc[j].lower_ not in articles for j in range(opener, run[0])):
            return None
        return run

    def role_apposition(self, cue: int, high: int) -> tuple[int, int] | None:
        """A name apposed to a role after a cue: "declaró el alcalde de Houston, John Whitmire"."""
        if cue + 1 >= high or self.doc[cue + 1].lower_ not in self.lexicon.definite_articles:
            return None
        for j in range(cue + 2, min(high, cue + 2 + _ROLE_WORDS)):
            if self.doc[j].text == ",":
                return self.run_tokens(j + 1, 1, j + 1, high)
            if self.doc[j].is_punct:
                break
        return None

    def colon_speaker(self, start: int, end: int) -> tuple[tuple[int, int], tuple[int, int]] | None:
        """The colon and the name of "X ...: „…“" before a quote with no cue word.

        News introduces a quote with its speaker and a colon ("Kim ging noch weiter: Es
        handle sich um den „stärksten Vertrag“", a crosshead "Biden: „…“"): the sentence
        opens with the name and reaches the colon within a few words.
        """
        colon = self.ctx.text.find(":", start, end)
        if colon < 0:
            return None
        tokens = self.ctx.tokens_between(start, colon)
        if not tokens or len(tokens) > _COLON_WORDS:
            return None
        number = int(self.sentence_of[tokens.start])
        low, high = self.sentences[number]
        if tokens.start != self.openers[number]:
            return None
        run = self.run_tokens(tokens.start, 1, low, high)
        if run is None or self.is_role(*run):
            return None
        return (colon, colon + 1), self.char_span(*run)

    def attribute(self, draft: _Draft, cue: int, *, after_first: bool) -> None:
        """Attribute a draft to cue token ``cue``."""
        token = self.doc[cue]
        draft.cue = (token.idx, token.idx + len(token))
        draft.cue_key = cue
        found = self.speaker_near(cue, after_first=after_first)
        if found is not None:
            draft.speaker, draft.speaker_class = found
            if found[1] == PRONOUN:
                word = self.ctx.text[found[0][0] : found[0][1]].lower()
                draft.speaker_gender = self.lexicon.pronouns.get(word, ANY)
        high = self.sentences[int(self.sentence_of[cue])][1]
        draft.medium = _find_medium(
            self.lexicon, self.ctx.text, token.idx, self.doc[high - 1].idx + len(self.doc[high - 1])
        )

    def cue_in(self, start: int, end: int, *, last: bool) -> int | None:
        """The first (or last) cue token within ``[start, end)`` outside quote marks."""
        tokens = [i for i in self.ctx.tokens_between(start, end) if self.is_cue[i]]
        if last:
            tokens.reverse()
        for i in tokens:
            if self.ctx.in_marked(self.doc[i].idx) is None:
                return i
        return None

    # --- quotes -------------------------------------------------------------------------

    def marked_quotes(self) -> None:
        """DIRECT and PARTIAL quotes, attributed by a cue word next to them."""
        ctx = self.ctx
        for index, span in enumerate(ctx.marked):
            frame = ctx.frame(index)
            direct = _is_direct(span, frame, self.lexicon.verbs)
            draft = _Draft(span.start, span.end, QuoteKind.DIRECT if direct else QuoteKind.PARTIAL)
            cue = self.cue_in(span.close_end, frame.after_end, last=False)
            if cue is not None and len(ctx.tokens_between(span.close_end, ctx.doc[cue].idx)) <= 4:
                self.attribute(draft, cue, after_first=True)
            else:
                cue = self.cue_in(frame.before_start, span.open_start, last=True)
                if cue is not None:
                    self.attribute(draft, cue, after_first=False)
            colon = None if cue is not None else self.colon_speaker(frame.before_start, span.start)
            if cue is not None:
                self.used_cues.add(cue)
            elif colon is not None:
                draft.cue, draft.speaker = colon
                draft.speaker_class = NAME
            elif direct:
                for previous in reversed(self.drafts):  # "X said. "More words.""
                    if previous.cue is not None and ctx.paragraph_of(previous.start) >= (
                        frame.paragraph - 1
                    ):
                        draft.attribute(previous)
                    break
            if direct:
                self.ctx.direct_spans.append((span.start, span.end))
            self.drafts.append(draft)

    def clause(self, first: int, last: int) -> tuple[int, int] | None:
        """Character span of tokens ``first..last`` trimmed of punctuation and "that"."""
        doc = self.doc
        while first <= last and (
            doc[first].is_punct
            or doc[first].is_space  # a paragraph break opening the sentence
            or doc[first].lower_ in self.lexicon.complementizers
        ):
            first += 1
        while last >= first and (doc[last].is_punct or doc[last].is_space):
            last -= 1
        if last - first < 1:
            return None
        return self.ctx.whole_marks(doc[first].idx, doc[last].idx + len(doc[last]))

    def indirect_quotes(self) -> None:
        """INDIRECT quotes: "X sagte, dass ...", "..., kata dia, ...", "según X, ..."."""
        doc = self.doc
        for i in np.flatnonzero(self.is_cue).tolist():
            cue = int(i)
            if cue in self.used_cues or self.quote_only[cue]:
                continue
            if self.ctx.in_marked(doc[cue].idx) is not None:
                continue
            low, high = self.sentences[int(self.sentence_of[cue])]
            content: tuple[int, int] | None = None
            after_first = False
            if cue > low and doc[cue - 1].text == ",":
                # Postposed: "Die Lage sei ernst, sagte Scholz." / "..., kata dia, ..."
                speaker = self.speaker_beside(cue, 1, low, high)
                if speaker is not None:
                    # "Die Ukraine werde Mitglied, betonte er, doch ...": a cue set off by
                    # commas interrupts the clause it reports, which is reported whole.
                    after = self.ctx.token_at(max(speaker[0][1], doc[cue].idx + 1) - 1) + 1
                    interrupts = after < high - 1 and doc[after].text == ","
                    content = self.clause(low, high - 1 if interrupts else cue - 2)
                    after_first = True
            if content is None:
                opener = next(
                    (
                        j
                        for j in range(cue + 1, min(high, cue + 1 + _CLAUSE_REACH))
                        if doc[j].text in (",", ":")
                        or doc[j].lower_ in self.lexicon.complementizers
                    ),
                    None,
                )
                speaker_before = self.speaker_near(cue, after_first=False)
                if opener is not None:
                    content = self.clause(opener + 1, high - 1)
                elif speaker_before is not None and self.lexicon.complementizers:
                    content = self.clause(cue + 1, high - 1)  # "Kim menyebut perjanjian ..."
            if content is None or self.ctx.inside_direct(*content):
                continue
            draft = _Draft(content[0], content[1], QuoteKind.INDIRECT)
            self.attribute(draft, cue, after_first=after_first)
            if draft.speaker is None:
                continue
            self.drafts.append(draft)
        self.sources()

    def sources(self) -> None:
        """Quotes attributed with a source phrase: "según X, ...", "menurut X, ..."."""
        doc = self.doc
        phrases = [(p, False) for p in self.lexicon.sources]
        phrases += [(p, True) for p in self.lexicon.postposed_sources]
        for phrase, postposed in phrases:
            for cue_span, tokens in self.ctx.unquoted_phrase(phrase):
                first, last = tokens.start, tokens.stop - 1
                low, high = self.sentences[int(self.sentence_of[first])]
                if postposed:
                    run = self.name_run(first - 1, -1, low, high)
                    content = self.clause(last + 1, high - 1)
                else:
                    run = self.name_run(last + 1, 1, low, high)
                    if run is None:
                        continue
                    after = self.ctx.token_at(run[1] - 1) + 1
                    if after < high and doc[after].text == ",":
                        content = self.clause(after + 1, high - 1)
                    elif first > low and doc[first - 1].text == ",":
                        content = self.clause(low, first - 2)
                    else:
                        content = self.clause(after, high - 1)
                if run is None or content is None or self.ctx.inside_direct(*content):
                    continue
                draft = _Draft(content[0], content[1], QuoteKind.INDIRECT)
                draft.cue = cue_span
                draft.cue_key = first
                draft.speaker, draft.speaker_class = run, NAME
                self.drafts.append(draft)

    def reported_continuations(self) -> None:
        """INDIRECT quotes that go on in the subjunctive after an attributed sentence.

        German reports speech in the subjunctive and drops the cue once the speaker is
        known: '„...“, sagte Sunak. Er übernehme die Verantwortung, es sei ...'. A
        sentence with no cue and no quote marks that holds a subjunctive form and follows
        an attributed sentence of its paragraph continues that attribution.
        """
        markers = self.lexicon.subjunctive_markers
        if not markers:
            return
        by_sentence = {
            int(self.sentence_of[self.ctx.token_at(d.start)]): d
            for d in self.drafts
            if d.cue is not None
        }
        flags = self.ctx.flag(markers)
        for number, (low, high) in enumerate(self.sentences):
            previous = by_sentence.get(number - 1)
            if previous is None or number in by_sentence or not flags[low:high].any():
                continue
            cues = self.is_cue[low:high] & ~self.quote_only[low:high]  # "so" is an adverb here
            if cues.any() or any(
                self.ctx.in_marked(self.doc[j].idx) is not None for j in range(low, high)
            ):
                continue
            if self.ctx.paragraph_of(self.doc[low].idx) != self.ctx.paragraph_of(previous.start):
                continue
            content = self.clause(low, high - 1)
            if content is None:
                continue
            draft = _Draft(content[0], content[1], QuoteKind.INDIRECT)
            draft.attribute(previous)
            self.drafts.append(draft)
            by_sentence[number] = draft

    def find(self) -> list[_Draft]:
        """All drafts of the doc, in text order."""
        self.marked_quotes()
        self.indirect_quotes()
        self.reported_continuations()
        return _settle(self.drafts, self.ctx.text, self.keep_unattributed)

    def person_mentions(self, drafts: list[_Draft]) -> list[_Named]:
        """Named speakers and the persons named outside quote marks, in text order.

        Without a parse, a name run is a person when it holds a known first name ("US-
        Präsident Joe Biden") or ends in a named speaker's last word ("Putin"); the
        mention is the name without its title. It is salient (likely a subject) unless a
        preposition comes before it ("exigió a Emmanuel Macron").
        """
        doc = self.doc
        mentions: list[_Named] = []
        surnames = set()
        for draft in drafts:
            if draft.speaker is not None and draft.speaker_class == NAME:
                text = self.ctx.text[draft.speaker[0] : draft.speaker[1]]
                surnames.add(text.rsplit(None, 1)[-1].lower())
                mentions.append(_Named(*draft.speaker, ANY, _words(text), True))
        i = 0
        while i < len(doc):
            low, high = self.sentences[int(self.sentence_of[i])]
            run = self.run_tokens(i, 1, low, high)
            if run is None or self.ctx.in_marked(doc[i].idx) is not None:
                i += 1
                continue
            first = self.person_start(*run)
            if first is None and doc[run[1]].lower_ in surnames:
                first = run[0]
            if first is not None:
                words = [t.text for t in doc[run[0] : run[1] + 1]]
                mentions.append(
                    _Named(
                        *self.char_span(first, run[1]),
                        _gender_of_name(self.lexicon, words),
                        _words(" ".join(words)),
                        not self.after_preposition(run[0]),
                        PERSON_KIND,
                    )
                )
            i = run[1] + 1
        mentions.sort(key=lambda m: m.start)
        return mentions

    def full_name(self, speaker: tuple[int, int], mentions: list[_Named]) -> tuple[int, int] | None:
        """The person a named speaker is, when the text gives more than the speaker as written.

        A title before the name is dropped ("CrowdStrike-Chef George Kurtz" -> "George
        Kurtz"); a name given alone is the full name it began or ended earlier ("Kim" ->
        "Kim Jong Un", "Putin" -> "Wladimir Putin").
        """
        tokens = self.ctx.tokens_between(*speaker)
        if not tokens:
            return None
        first = self.person_start(tokens.start, tokens.stop - 1)
        if first is not None and first > tokens.start:
            return self.char_span(first, tokens.stop - 1)
        if len(tokens) > 1:
            return None
        word = self.doc[tokens.start].lower_
        for mention in reversed(mentions):
            names = self.ctx.text[mention.start : mention.end].lower().split()
            if mention.end <= speaker[0] and len(names) > 1 and word in (names[0], names[-1]):
                return mention.start, mention.end
        return None

    def resolve(self, drafts: list[_Draft]) -> None:
        """Link pronoun, role and unwritten speakers to the person they refer to.

        A named speaker with a title before the name resolves to the name. A pronoun, a
        role noun ("der Norweger") or a cue with no written speaker ("añadió") goes to
        the previous quote's speaker when it was quoted in the last two paragraphs and no
        other person has been named as a subject since; otherwise to the most recent
        person named before it (``_pick``).
        """
        mentions = self.person_mentions(drafts)
        starts = [m.start for m in mentions]
        # The previous speaker (resolved), its paragraph and where it was written.
        last: tuple[_Named, int, int] | None = None
        for draft in sorted(drafts, key=lambda d: d.speaker[0] if d.speaker else d.start):
            if draft.cue is None:
                continue
            where = draft.speaker[0] if draft.speaker else draft.cue[0]
            paragraph = self.ctx.paragraph_of(where)
            if draft.speaker is not None and draft.speaker_class == NAME:
                draft.antecedent = self.full_name(draft.speaker, mentions)
            elif draft.speaker_class in (PRONOUN, ROLE, None):
                gender = draft.speaker_gender
                if (
                    last is not None
                    and last[1] >= paragraph - _CHAIN_PARAGRAPHS
                    and last[0].end <= where
                    and _agrees(gender, last[0])
                    and not _named_since(mentions, last[0], last[2], where, gender)
                ):
                    draft.antecedent = (last[0].start, last[0].end)
                else:
                    draft.antecedent = _pick(mentions, starts, where, gender, frozenset())
            else:
                continue
            resolved = draft.antecedent or draft.speaker
            if resolved is not None:
                text = self.ctx.text[resolved[0] : resolved[1]]
                gender = _gender_of_name(self.lexicon, text.split())
                written = (draft.speaker or draft.cue)[1]
                last = (_Named(*resolved, gender, _words(text), True), paragraph, written)


# --------------------------------------------------------------------------------------
# The spaCy component.
# --------------------------------------------------------------------------------------


# The finder's switches and their defaults (the factory's default config). Calibrated
# on PolNeAR train: beliefs and objects raise recall on all attributions but cost more
# precision on speech than they add (docs/quotes.md), so they are off.
DEFAULT_SETTINGS: dict[str, bool] = {
    "beliefs": False,
    "objects": False,
    "all_attributions": False,
    "unmarked": True,
    "keep_unattributed": False,
}


class QuoteFinder:
    """spaCy component that finds quotes and writes them to ``doc._.quotes``.

    Args:
        nlp: the pipeline; its language picks the cue lexicon unless ``language`` is set.
        name: the component's name in the pipeline.
        language: ISO 639-1 code of the cue lexicon to use (default: ``nlp.lang``).
        beliefs: also report "X believes/thinks that ..." clauses as indirect quotes.
        objects: also report the object of a cue as what was said ("announced the
            deal", "accused Clinton of lying"), as PolNeAR annotates it.
        all_attributions: also report attributions that are not speech (beliefs,
            intentions, polls, evaluations, noun cues: "his claim that ..."), found by
            the learned model of ``analyze/attribution.py``.
        unmarked: find paragraphs of speech without quote marks ("X said, speaking ...").
        keep_unattributed: keep quotes no cue attributes (whole sentences in marks of at
            least four words; never scare quotes or titles).
        overwrite: replace quotes already on the doc instead of keeping them.
    """

    def __init__(
        self,
        nlp: Language,
        name: str = "everyside_quotes",
        *,
        language: str | None = None,
        beliefs: bool = False,
        objects: bool = False,
        all_attributions: bool = False,
        unmarked: bool = True,
        keep_unattributed: bool = False,
        overwrite: bool = False,
    ) -> None:
        self.name = name
        self.language = language or nlp.lang
        self.lexicon = lexicon_for(self.language)
        self.beliefs = beliefs
        self.objects = objects
        self.all_attributions = all_attributions
        self.unmarked = unmarked
        self.keep_unattributed = keep_unattributed
        self.overwrite = overwrite

    def __call__(self, doc: Doc) -> Doc:
        """Find the quotes of ``doc`` and write them to ``doc._.quotes``."""
        self.set_annotations(doc, self.find_quotes(doc))
        return doc

    def find_quotes(self, doc: Doc) -> list[QuoteAnnotation]:
        """The quotes of ``doc``, in text order, without writing them."""
        if not doc.text.strip():
            return []
        ctx = _Context(doc, self.lexicon)
        if doc.has_annotation("DEP"):
            parsed = _ParsedFinder(
                ctx,
                beliefs=self.beliefs,
                objects=self.objects,
                unmarked=self.unmarked,
                keep_unattributed=self.keep_unattributed,
                model=load_model() if self.all_attributions else None,
            )
            drafts = parsed.find()
            parsed.resolve(drafts)
        else:
            lexical = _LexicalFinder(
                ctx, unmarked=self.unmarked, keep_unattributed=self.keep_unattributed
            )
            drafts = lexical.find()
            lexical.resolve(drafts)
        return [draft.freeze() for draft in drafts]

    def set_annotations(self, doc: Doc, quotes: list[QuoteAnnotation]) -> None:
        """Write quotes to ``doc._.quotes``, keeping earlier ones unless ``overwrite``."""
        existing: list[QuoteAnnotation] = getattr(doc._, EXTENSION) or []
        if existing and not self.overwrite:
            taken = [(q.start, q.end) for q in existing]
            quotes = existing + [
                q for q in quotes if not any(q.start < e and s < q.end for s, e in taken)
            ]
            quotes.sort(key=lambda q: (q.start, q.end))
        setattr(doc._, EXTENSION, quotes)


@Language.factory(
    "everyside_quotes",
    assigns=[f"doc._.{EXTENSION}"],
    requires=["doc.sents"],
    default_config={"language": None, **DEFAULT_SETTINGS, "overwrite": False},
)
def make_quote_finder(
    nlp: Language,
    name: str,
    language: str | None,
    beliefs: bool,
    objects: bool,
    all_attributions: bool,
    unmarked: bool,
    keep_unattributed: bool,
    overwrite: bool,
) -> QuoteFinder:
    """Build the ``everyside_quotes`` component (see ``QuoteFinder`` for the settings)."""
    return QuoteFinder(
        nlp,
        name,
        language=language,
        beliefs=beliefs,
        objects=objects,
        all_attributions=all_attributions,
        unmarked=unmarked,
        keep_unattributed=keep_unattributed,
        overwrite=overwrite,
    )


@Language.component("everyside_paragraph_breaks", assigns=["token.is_sent_start"])
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence at every paragraph; put it before the parser.

    The parser otherwise runs sentences over blank lines ('...," he said.\\n\\n"Next'),
    which attaches quotes to the cue of another paragraph.
    """
    if len(doc) < 2:
        return doc
    starts = doc.to_array("IDX").tolist()
    for match in _PARAGRAPH_BREAK.finditer(doc.text):
        index = bisect_left(starts, match.end())
        if 0 < index < len(doc) and starts[index] == match.end():
            doc[index].is_sent_start = True
    return doc
