"""What every part of the parsed finder works with: ``ParsedPart``.

A part (quotes in marks, indirect, learned, unmarked) reads the doc through the shared
``ParsedSyntax`` and ``Clauses`` and adds what it finds to the finder's drafts, which
later parts read.
"""

from __future__ import annotations

from everyside.analyze.quotes.context import ContextPart
from everyside.analyze.quotes.drafts import Draft
from everyside.analyze.quotes.parsed.clauses import Clauses
from everyside.analyze.quotes.parsed.syntax import ParsedSyntax

__all__ = ["ParsedPart"]


class ParsedPart(ContextPart):
    """Base of the parsed finder's parts: the shared syntax, clauses and drafts."""

    def __init__(self, syntax: ParsedSyntax, clauses: Clauses, drafts: list[Draft]) -> None:
        super().__init__(syntax.ctx)
        self.syntax = syntax
        self.clauses = clauses
        self.drafts = drafts  # the finder's drafts so far; found quotes are added to it
