"""The one options object of a comparison: every threshold in one place."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class CompareOptions:
    """How to compare a story's articles.

    Args:
        align_threshold: similarity at which two statements from different articles say
            the same thing (cosine of multilingual sentence embeddings, plus a small bonus
            for shared entities and numbers).
        cross_language_threshold: the same for two statements in different languages,
            whose embeddings agree less even when they say the same thing (measured:
            translations of one sentence score 0.6-0.75, unrelated sentences about 0.0).
        link_floor: every pair inside a statement group must reach this similarity, so
            that groups do not chain unrelated sentences through a middle one.
        quote_threshold: similarity at which two quotes by the same speaker are renderings
            of one quote.
        same_words_threshold: similarity at which quotes given to different speakers are
            flagged as the same words attributed to different people.
        consensus_share: a statement carried by more than this share of the story's outlets
            (and by two at least) is consensus.
        min_statement_words: shorter sentences (labels, fragments) are not statements.
        summary_sentences: length of the extractive summary.
    """

    align_threshold: float = 0.72
    cross_language_threshold: float = 0.5
    link_floor: float = 0.35
    quote_threshold: float = 0.62
    same_words_threshold: float = 0.9
    consensus_share: float = 0.5
    min_statement_words: int = 4
    summary_sentences: int = 5

    def __post_init__(self) -> None:
        for name in (
            "align_threshold",
            "cross_language_threshold",
            "link_floor",
            "quote_threshold",
            "consensus_share",
        ):
            if not 0.0 < getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must be in (0, 1]")
        if self.min_statement_words < 1 or self.summary_sentences < 1:
            raise ValueError("min_statement_words and summary_sentences must be at least 1")
