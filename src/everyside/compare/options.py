"""The one options object of a comparison: every threshold in one place."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class CompareOptions:
    """How to compare a story's articles.

    Args:
        align_probability: probability, by the learned pair model (``pairs.py``), at which
            two statements from different articles state the same fact and are aligned.
        link_floor: every pair inside a statement group must reach this probability, so
            that groups do not chain unrelated sentences through a middle one.
        join_probability: a statement no pair aligns joins a group of two or more whose
            members it matches at this mean probability (every pair above ``link_floor``).
        absent_probability: an outlet "does not report" a fact only when none of its
            sentences reaches this probability against the fact's statements; between it
            and ``align_probability`` the fact is "possibly covered" by the outlet.
        only_probability: a statement of one outlet is that outlet's own ("only X
            reports") when no other outlet has a sentence reaching this probability;
            otherwise it is "possibly shared" and names the closest sentence.
        credit_probability: an outlet is credited with a statement (summary, consensus)
            only when its sentence is aligned at least this surely.
        quote_threshold: similarity at which two quotes by the same speaker are renderings
            of one quote.
        same_words_threshold: similarity at which quotes given to different speakers are
            flagged as the same words attributed to different people.
        consensus_share: a statement carried by more than this share of the story's outlets
            (and by two at least) is consensus.
        min_statement_words: shorter sentences (labels, fragments) are not statements.
        summary_sentences: length of the extractive summary.
        cross_language_quote_threshold: ``quote_threshold`` for two renderings in different
            languages, whose embeddings agree less even on a faithful translation (measured
            on the demo corpus: translated quotes 0.5-0.75, other quotes of one speaker
            mostly below 0.45).
    """

    align_probability: float = 0.5
    link_floor: float = 0.2
    join_probability: float = 0.35
    absent_probability: float = 0.05
    credit_probability: float = 0.9
    only_probability: float = 0.3
    quote_threshold: float = 0.62
    same_words_threshold: float = 0.9
    consensus_share: float = 0.5
    min_statement_words: int = 4
    summary_sentences: int = 5
    cross_language_quote_threshold: float = 0.5

    def __post_init__(self) -> None:
        for name in (
            "align_probability",
            "link_floor",
            "join_probability",
            "absent_probability",
            "credit_probability",
            "only_probability",
            "quote_threshold",
            "consensus_share",
            "cross_language_quote_threshold",
        ):
            if not 0.0 < getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must be in (0, 1]")
        if self.min_statement_words < 1 or self.summary_sentences < 1:
            raise ValueError("min_statement_words and summary_sentences must be at least 1")
