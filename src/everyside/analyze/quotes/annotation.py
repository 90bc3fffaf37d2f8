"""The record the quote finder writes: ``QuoteAnnotation``, one quote with its attribution.

It lives on ``doc._.quotes`` (registered here as a guarded extension) and travels with
docs packed by spaCy (``register_packing``); ``analyze/pipeline.py`` turns it into the
``Quote`` record of ``everyside.model``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc

from everyside.analyze.nlp import register_packing
from everyside.model import QuoteKind

__all__ = ["EXTENSION", "QuoteAnnotation"]


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
