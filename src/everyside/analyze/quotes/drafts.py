"""A quote while it is being found (``Draft``), the medium it came through, and settling.

Both finders build drafts and attribute them; ``find_medium`` reads the agency or medium
a cue names ("told Reuters"), and ``settle`` gives fragments inside indirect quotes
their host's attribution and drops what is not worth a quote before the drafts freeze
into ``QuoteAnnotation``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from everyside.analyze.cues import ANY, CueLexicon
from everyside.analyze.quotes.annotation import QuoteAnnotation
from everyside.analyze.quotes.context import WORD, word_set
from everyside.model import QuoteKind

__all__ = ["MIN_QUOTE_WORDS", "Draft", "find_medium", "settle"]


# Unattributed fragments up to this many words are scare quotes or titles, not quotes.
_SCARE_WORDS = 3
# Fewest words of an unmarked paragraph, or of a kept unattributed quote.
MIN_QUOTE_WORDS = 4


@dataclass(slots=True)
class Draft:
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

    def attribute(self, other: Draft) -> None:
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


def find_medium(lexicon: CueLexicon, text: str, start: int, end: int) -> str | None:
    """The medium named by a marker phrase in ``text[start:end]``: "told Reuters" -> "Reuters"."""
    window = text[start:end]
    for marker, needs_hint in lexicon.medium_markers:
        pattern = _medium_pattern(marker)
        for match in pattern.finditer(window):
            name = match.group(1).strip().rstrip(".,;:")
            if needs_hint and not (word_set(name) & lexicon.media_words):
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


def settle(drafts: list[Draft], text: str, keep_unattributed: bool) -> list[Draft]:
    """Attribute fragments inside indirect quotes, drop unattributed quotes; sort."""
    hosts = [d for d in drafts if d.kind is QuoteKind.INDIRECT and d.cue is not None]
    kept = []
    for draft in drafts:
        if draft.cue is None and draft.kind is QuoteKind.PARTIAL:
            for host in hosts:
                if host.start <= draft.start and draft.end <= host.end:
                    draft.attribute(host)
                    break
        words = len(WORD.findall(text[draft.start : draft.end]))
        if draft.kind is QuoteKind.PARTIAL and words <= _SCARE_WORDS and draft.speaker is None:
            continue  # a cue but nobody saying it: "the so-called 'plan'"
        if draft.cue is None:
            if not keep_unattributed:
                continue
            if draft.kind is QuoteKind.PARTIAL and words <= _SCARE_WORDS:
                continue  # a scare quote or a title: "Saturday Night Live"
            if words < MIN_QUOTE_WORDS:
                continue
        kept.append(draft)
    kept.sort(key=lambda d: (d.start, d.end))
    return kept
