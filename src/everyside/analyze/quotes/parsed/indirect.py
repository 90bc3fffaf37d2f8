"""Indirect quotes in a parsed doc: a reporting verb's clause, and "according to X".

Every reporting verb outside quote marks that reports a clause (see ``Clauses``)
gives an INDIRECT quote attributed to its subject; so does a source phrase ("according
to X, ...", from the cue lexicon) with the clause it stands in.
"""

from __future__ import annotations

import numpy as np

from everyside.analyze.quotes.drafts import Draft, find_medium
from everyside.analyze.quotes.parsed.part import ParsedPart
from everyside.model import QuoteKind

__all__ = ["IndirectQuotes"]


class IndirectQuotes(ParsedPart):
    """INDIRECT quotes of a parsed doc, found by the rules."""

    def indirect_quotes(self) -> None:
        """INDIRECT quotes: reporting verbs with a clause, and "according to"."""
        doc = self.doc
        candidates = np.flatnonzero(
            self.syntax.is_cue
            if self.syntax.is_belief is None
            else (self.syntax.is_cue | self.syntax.is_belief)
        )
        for i in candidates.tolist():
            if not self.syntax.cue_token(int(i), beliefs=self.syntax.beliefs):
                continue
            verb = doc[int(i)]
            if self.ctx.in_marked(verb.idx) is not None:
                continue  # a reporting verb inside a quote is the speaker's own words
            belief = (
                self.syntax.is_belief is not None
                and self.syntax.is_belief[i]
                and not self.syntax.is_cue[i]
            )
            if belief and not any(c.dep_ == "ccomp" for c in verb.children):
                continue
            content = self.clauses.content_of(verb)
            if content is None or self.ctx.inside_direct(*content):
                continue
            draft = Draft(content[0], content[1], QuoteKind.INDIRECT)
            self.syntax.attribute(draft, verb)
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
                    if self.clauses.words_between(phrase_end + 1, head.right_edge.i):
                        # "X happened, according to Y, and Z followed": the whole clause.
                        first_i, last_i = head.left_edge.i, head.right_edge.i
                    else:
                        first_i, last_i = head.left_edge.i, first.i - 1
                    content = self.clauses.clause_span(first_i, last_i, first.i)
                elif first.i > head.left_edge.i and self.clauses.words_between(
                    head.left_edge.i, first.i - 1
                ):
                    content = self.clauses.clause_span(head.left_edge.i, head.right_edge.i, first.i)
                else:
                    stop = max(head.right_edge.i, phrase_end)
                    content = self.clauses.clause_span(phrase_end + 1, stop, first.i)
                if content is None or self.ctx.inside_direct(*content):
                    continue
                draft = Draft(content[0], content[1], QuoteKind.INDIRECT)
                draft.cue = cue_span
                draft.cue_key = first.i
                self.syntax.set_speaker(draft, source, None)
                draft.medium = find_medium(self.lexicon, text, cue_span[0], first.sent.end_char)
                self.drafts.append(draft)
