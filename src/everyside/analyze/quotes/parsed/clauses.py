"""What a reporting verb reports, in a parsed doc: its clause, object or the clause around it.

``Clauses`` turns a cue into the character span of what it reports: a clausal
complement, an object and infinitive ("urged voters to stay home"), an evaluative
complement ('called Trump a "con artist"'), or the clause a parenthetical cue stands in
("The pact is defensive, he said").
"""

from __future__ import annotations

from spacy.tokens import Token

from everyside.analyze.quotes.context import ContextPart
from everyside.analyze.quotes.parsed.syntax import SUBJECTS, ParsedSyntax

__all__ = ["Clauses"]


# Punctuation that sets a parenthetical cue off from the clause it reports.
_SET_OFF = frozenset((",", "—", "–", '"', "”", "''"))
# Right dependents of a cue that are not what it reports ("called it X, adding ...").
_NOT_COMPLEMENT = frozenset(
    ("punct", "cc", "conj", "advcl", "parataxis", "prt", "advmod", "npadvmod", "ccomp", "mark")
)


class Clauses(ContextPart):
    """The reported clause of a cue, as a character span of the doc."""

    def __init__(self, syntax: ParsedSyntax, *, objects: bool) -> None:
        super().__init__(syntax.ctx)
        self.syntax = syntax
        self.objects = objects
        # Cues that govern a quoted fragment but no clause: they report their complement.
        self.complement_cues: set[int] = set()

    def clause_span(
        self, first: int, last: int, within: int | None = None
    ) -> tuple[int, int] | None:
        """Character span of tokens ``first..last``, trimmed of "that" and punctuation.

        With ``within``, the span is clipped to that token's paragraph.
        """
        if within is not None:
            low, high = self.syntax.paragraph_tokens(within)
            first, last = max(first, low), min(last, high - 1)
        return self.ctx.clause(first, last, self.opens_clause)

    def opens_clause(self, token: Token) -> bool:
        """Whether a word opening a reported clause is no part of it.

        "that" as a marker, and a conjunction ("But, Carson added, he ...").
        """
        return (
            token.lower_ in self.lexicon.complementizers and token.dep_ == "mark"
        ) or token.dep_ == "cc"

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
        has_subject = any(c.dep_ in SUBJECTS for c in verb.children)
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
            own_subject = any(c.dep_ in SUBJECTS for c in child.children)
            joined = any(c.dep_ == "cc" for c in head.children if head.i < c.i < child.i)
            if self.syntax.is_cue[child.i] or not (own_subject or joined):
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
