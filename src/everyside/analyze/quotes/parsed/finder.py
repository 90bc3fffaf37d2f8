"""The English path of the quote finder: ``ParsedFinder`` runs its parts over a parsed doc.

In order: quotes in marks (``MarkedQuotes``), indirect quotes by rule
(``IndirectQuotes``), optionally the learned attributions (``LearnedQuotes``) and
paragraphs of speech without marks (``UnmarkedQuotes``); then the drafts are settled
and their speakers resolved (``ParsedAntecedents``).
"""

from __future__ import annotations

from everyside.analyze.attribution import AttributionModel
from everyside.analyze.quotes.context import Context
from everyside.analyze.quotes.drafts import Draft, settle
from everyside.analyze.quotes.parsed.antecedents import ParsedAntecedents
from everyside.analyze.quotes.parsed.clauses import Clauses
from everyside.analyze.quotes.parsed.indirect import IndirectQuotes
from everyside.analyze.quotes.parsed.learned import LearnedQuotes
from everyside.analyze.quotes.parsed.marked import MarkedQuotes
from everyside.analyze.quotes.parsed.syntax import ParsedSyntax
from everyside.analyze.quotes.parsed.unmarked import UnmarkedQuotes

__all__ = ["ParsedFinder"]


class ParsedFinder:
    """Quotes in a parsed (English) doc: cues from the dependency tree."""

    def __init__(
        self,
        ctx: Context,
        *,
        beliefs: bool,
        objects: bool,
        unmarked: bool,
        keep_unattributed: bool,
        model: AttributionModel | None = None,
    ) -> None:
        self.ctx = ctx
        self.model = model
        self.unmarked = unmarked
        self.keep_unattributed = keep_unattributed
        self.syntax = ParsedSyntax(ctx, beliefs=beliefs)
        self.clauses = Clauses(self.syntax, objects=objects)
        self.drafts: list[Draft] = []

    def find(self) -> list[Draft]:
        """All drafts of the doc, in text order."""
        parts = (self.syntax, self.clauses, self.drafts)
        MarkedQuotes(*parts).marked_quotes()
        IndirectQuotes(*parts).indirect_quotes()
        if self.model is not None:
            LearnedQuotes(*parts).learned_quotes(self.model)
        if self.unmarked:
            UnmarkedQuotes(*parts).unmarked_quotes()
        return settle(self.drafts, self.ctx.text, self.keep_unattributed)

    def resolve(self, drafts: list[Draft]) -> None:
        """Link pronoun, relative and role speakers to the named mentions they refer to."""
        ParsedAntecedents(self.syntax).resolve(drafts)
