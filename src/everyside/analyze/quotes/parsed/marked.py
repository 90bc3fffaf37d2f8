"""Quotes in marks in a parsed doc: DIRECT and PARTIAL quotes and their attribution.

A quote's cue is the reporting verb that governs it or stands next to it; failing
that, it takes the attribution of an "X said:" line or of the quote before it, or a
fragment in a person's verb's object is that person's words ('blamed it on "sickos"').
"""

from __future__ import annotations

from everyside.analyze.quotes.context import WORD, Frame, is_direct
from everyside.analyze.quotes.drafts import Draft
from everyside.analyze.quotes.marks import MarkedSpan
from everyside.analyze.quotes.parsed.part import ParsedPart
from everyside.analyze.quotes.parsed.syntax import SUBJECTS
from everyside.model import QuoteKind

__all__ = ["MarkedQuotes"]


# Longest attribution we look for after a quote, in tokens ("he said on Wednesday at ...").
_AFTER_WINDOW = 14
_BEFORE_WINDOW = 14


# Small words a title may have in lower case: "Lost in Translation", "Game of Thrones".
_TITLE_SMALL = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "and",
        "or",
        "but",
        "with",
        "from",
        "by",
        "as",
        "vs",
    ]
)


def _is_title(text: str) -> bool:
    """Whether quoted text looks like a title: every word capitalized, no sentence end."""
    words = WORD.findall(text)
    if len(words) < 2 or (text.rstrip(" ,").endswith((".", "!", "?")) and len(words) > 6):
        return False
    capitals = [w for w in words if w.lower() not in _TITLE_SMALL]
    return bool(capitals) and all(w[0].isupper() or w[0].isdigit() for w in capitals)


class MarkedQuotes(ParsedPart):
    """DIRECT and PARTIAL quotes of a parsed doc, from the spans in quote marks."""

    def marked_quotes(self) -> None:
        """DIRECT and PARTIAL quotes from the marked spans, with their attribution."""
        ctx = self.ctx
        cue_words = self.lexicon.verbs
        for index, span in enumerate(ctx.marked):
            frame = ctx.frame(index)
            direct = is_direct(span, frame, cue_words)
            draft = Draft(span.start, span.end, QuoteKind.DIRECT if direct else QuoteKind.PARTIAL)
            title = _is_title(ctx.text[span.start : span.end])
            # A title ("Saturday Night Live") is attributed only by a cue right beside it.
            verb = None if title else self.syntax.governing_cue(span.start, span.end)
            if verb is not None and not direct and not self.syntax.reports_clause(verb):
                self.clauses.complement_cues.add(verb.i)
            if verb is None:
                after_tokens = ctx.tokens_between(span.close_end, frame.after_end)
                after_end = (
                    ctx.token_starts[after_tokens.start + _AFTER_WINDOW]
                    if len(after_tokens) > _AFTER_WINDOW
                    else frame.after_end
                )
                verb = self.syntax.nearby_cue(span.close_end, after_end, last=False)
            if verb is None:
                before_tokens = ctx.tokens_between(frame.before_start, span.open_start)
                before_start = (
                    ctx.token_starts[before_tokens.stop - _BEFORE_WINDOW]
                    if len(before_tokens) > _BEFORE_WINDOW
                    else frame.before_start
                )
                verb = self.syntax.nearby_cue(before_start, span.open_start, last=True)
            if verb is not None:
                self.syntax.attribute(draft, verb)
            elif not title and not self.inherit(draft, span, frame) and not direct:
                self.characterized(draft, span)
            if title and draft.cue is None:
                continue
            if direct:
                self.ctx.direct_spans.append((span.start, span.end))
            self.drafts.append(draft)

    def characterized(self, draft: Draft, span: MarkedSpan) -> None:
        """A fragment in the object of a person's verb is that person's words.

        'Trump blamed the shootings on "sickos"': no verb of saying, but "sickos" is
        Trump's word, and what he said is the verb's complement.
        """
        tokens = self.ctx.tokens_between(span.start, span.end)
        if not tokens:
            return
        low, high = self.syntax.paragraph_tokens(tokens.start)
        current = self.doc[tokens.start]
        for _ in range(4):
            if not (low <= current.head.i < high) or current.head.i == current.i:
                return
            child, current = current, current.head
            if span.start <= current.idx < span.end:
                continue
            if current.pos_ == "VERB":
                break
        else:
            return
        if child.dep_ in SUBJECTS or current.i > tokens.start:
            return  # the fragment is the subject, or stands before its verb
        subject = self.syntax.subject(current)
        if subject is None or not self.syntax.personal(subject):
            return
        self.syntax.attribute(draft, current)
        content = self.clauses.complement(current)
        if content is None or content[1] - content[0] <= span.end - span.start + 2:
            return
        if content[0] <= span.start and span.end <= content[1]:
            report = Draft(content[0], content[1], QuoteKind.INDIRECT)
            report.attribute(draft)
            self.drafts.append(report)

    def inherit(self, draft: Draft, span: MarkedSpan, frame: Frame) -> bool:
        """Attribute an unattributed quote as news style does: "X said:" or the last quote."""
        if draft.kind is not QuoteKind.DIRECT:
            return False
        ctx = self.ctx
        paragraph = frame.paragraph
        p_start = ctx.paragraphs[paragraph][0]
        if not ctx.text[p_start : span.open_start].strip() and paragraph > 0:
            prev_start, prev_end = ctx.paragraphs[paragraph - 1]
            if ctx.text[prev_start:prev_end].rstrip().endswith(":"):
                verb = self.syntax.nearby_cue(prev_start, prev_end, last=True)
                if verb is not None:
                    self.syntax.attribute(draft, verb)
                    return True
        # '"A," she said. "B."': B goes on A's attribution; so does a paragraph that is
        # only a quote, right after a paragraph ending in an attributed quote.
        opens_paragraph = not ctx.text[p_start : span.open_start].strip()
        for previous in reversed(self.drafts):
            if previous.cue is None or previous.kind is not QuoteKind.DIRECT:
                continue
            previous_paragraph = ctx.paragraph_of(previous.start)
            if previous_paragraph == paragraph or (
                opens_paragraph and previous_paragraph == paragraph - 1
            ):
                draft.attribute(previous)
                return True
            break
        return False
