"""Cues and speakers in a parsed doc: which tokens report speech, and who is their subject.

``ParsedSyntax`` reads the dependency tree for the other parts of the English path: a
reporting verb's subject and its noun phrase, the class of a speaker (name, pronoun,
role, relative), the cue that governs or stands beside a quote, and the paragraph
bounds a parse must not cross.
"""

from __future__ import annotations

from spacy.tokens import Token

from everyside.analyze.cues import ANY
from everyside.analyze.quotes.context import Context, ContextPart
from everyside.analyze.quotes.drafts import Draft, find_medium
from everyside.analyze.quotes.speakers import NAME, PRONOUN, RELATIVE, ROLE

__all__ = ["NAME_ENTS", "SUBJECTS", "ParsedSyntax"]


SUBJECTS = frozenset(("nsubj", "nsubjpass", "csubj"))
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
NAME_ENTS = frozenset(("PERSON", "ORG", "NORP", "GPE", "FAC"))


def _is_pronoun(token: Token) -> bool:
    return token.pos_ == "PRON" or token.tag_ in ("PRP", "WP")


class ParsedSyntax(ContextPart):
    """Reporting verbs, their subjects and the paragraph bounds of one parsed doc."""

    def __init__(self, ctx: Context, *, beliefs: bool) -> None:
        super().__init__(ctx)
        self.beliefs = beliefs
        self.is_cue = ctx.cue_flags(self.lexicon.verbs)
        self.is_belief = ctx.flag(self.lexicon.belief_verbs) if beliefs else None
        self.paragraph_bounds: dict[int, tuple[int, int]] = {}

    def paragraph_tokens(self, i: int) -> tuple[int, int]:
        """The token range ``[first, stop)`` of the paragraph holding token ``i``."""
        index = self.ctx.paragraph_of(self.doc[i].idx)
        bounds = self.paragraph_bounds.get(index)
        if bounds is None:
            p_start, p_end = self.ctx.paragraphs[index]
            tokens = self.ctx.tokens_between(p_start, p_end)
            bounds = self.paragraph_bounds[index] = (tokens.start, tokens.stop)
        return bounds

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
                if child.dep_ in SUBJECTS:
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

    def set_speaker(self, draft: Draft, head: Token | None, verb: Token | None) -> None:
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
        elif head.pos_ == "PROPN" or head.ent_type_ in NAME_ENTS or self.appos_name(head):
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

    def attribute(self, draft: Draft, verb: Token) -> None:
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
        return find_medium(self.lexicon, self.ctx.text, start, end)

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
