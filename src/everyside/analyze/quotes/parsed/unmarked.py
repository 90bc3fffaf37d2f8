"""Speech without quote marks in a parsed doc: a paragraph attributed by the line after it.

Translated and rewritten news drops quote marks ("We must unite. ...", then
"Stoltenberg said, speaking at a panel."). ``UnmarkedQuotes`` reports such a paragraph
as UNMARKED when it talks in the first or second person and the next paragraph only
attributes it.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from everyside.analyze.quotes.context import WORD
from everyside.analyze.quotes.drafts import MIN_QUOTE_WORDS, Draft
from everyside.analyze.quotes.parsed.part import ParsedPart
from everyside.model import QuoteKind

__all__ = ["UnmarkedQuotes"]


# Longest attribution line after an unmarked paragraph, in tokens.
_ATTRIBUTION_TOKENS = 30
# Dependents by which a cue reports something itself (then its line is no attribution).
_REPORTED = frozenset(("ccomp", "xcomp", "dobj", "dative", "oprd", "parataxis"))
# Speech talks in the first or second person; narration rarely does.
_PERSONAL = re.compile(r"\b(?:I|we|We|us|Us|our|Our|my|My|me|you|You|your|Your)\b")


class UnmarkedQuotes(ParsedPart):
    """UNMARKED quotes of a parsed doc: paragraphs of speech without marks."""

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
            words = WORD.findall(speech)
            if len(words) < MIN_QUOTE_WORDS or not _PERSONAL.search(speech):
                continue
            verb = self.attribution_line(*ctx.paragraphs[index + 1])
            if verb is None:
                continue
            draft = Draft(p_start, p_end, QuoteKind.UNMARKED)
            self.syntax.attribute(draft, verb)
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
        low, high = self.syntax.paragraph_tokens(tokens.start)
        # The parse may run the sentence on from the paragraph before: clip it.
        if min(self.doc[tokens.start].sent.end, high) - low > _ATTRIBUTION_TOKENS:
            return None
        for i in range(tokens.start, min(tokens.stop, tokens.start + 6)):
            if not (self.syntax.is_cue[i] and self.syntax.cue_token(i)):
                continue
            verb = self.doc[i]
            is_root = verb.dep_ == "ROOT" or not low <= verb.head.i < high
            if not is_root or any(c.dep_ in _REPORTED for c in verb.children):
                return None
            subject = self.syntax.subject(verb)
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
