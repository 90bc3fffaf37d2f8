"""Attributions the learned model of ``analyze/attribution.py`` finds in a parsed doc.

Beliefs, intentions, polls, evaluations and noun cues ("his claim that"), reported
only with ``all_attributions``: the model picks cue tokens and the part of the parse
they report, and ``LearnedQuotes`` keeps those the rules did not find already.
"""

from __future__ import annotations

import numpy as np
from spacy.tokens import Token

from everyside.analyze.attribution import (
    AttributionModel,
    SpanBounds,
    char_span,
    is_candidate,
    span_candidates,
)
from everyside.analyze.quotes.context import covered
from everyside.analyze.quotes.drafts import Draft
from everyside.analyze.quotes.parsed.part import ParsedPart
from everyside.model import QuoteKind

__all__ = ["LearnedQuotes"]


# A learned attribution whose content overlaps a found quote this much (intersection
# over the longer span, as the scorer matches) repeats it.
_SAME_ATTRIBUTION = 0.5


class LearnedQuotes(ParsedPart):
    """INDIRECT attributions of a parsed doc that the learned model finds."""

    def learned_quotes(self, model: AttributionModel) -> None:
        """INDIRECT attributions whose cue the model finds and the rules did not.

        Beliefs, intentions, polls, evaluations and noun cues ("his claim that"): the
        model decides which tokens are cues and which part of the parse they report.
        """
        doc = self.doc
        taken = {d.cue_key for d in self.drafts if d.cue_key is not None}
        found = [(d.start, d.end) for d in self.drafts]
        # Token flags and sentence bounds once per doc: Token.sent walks the doc.
        in_content = np.zeros(len(doc), dtype=bool)
        for start, end in found:
            tokens = self.ctx.tokens_between(start, end)
            in_content[tokens.start : tokens.stop] = True
        sentences = [sent for sent in doc.sents for _ in range(len(sent))]
        for token in doc:
            if token.i in taken or not is_candidate(token):
                continue
            low, high = self.syntax.paragraph_tokens(token.i)
            sent = sentences[token.i]
            offered = span_candidates(token, SpanBounds(max(low, sent.start), min(high, sent.end)))
            if not offered:
                continue
            best = model.best_span(
                token,
                offered,
                in_quote=self.ctx.in_marked(token.idx) is not None,
                in_content=bool(in_content[token.i]),
            )
            if best is None or best[0] < model.threshold:
                continue
            content = char_span(doc, *best[1])
            if content is None or self.ctx.inside_direct(*content):
                continue
            if any(
                covered([other], *content)
                >= _SAME_ATTRIBUTION * max(content[1] - content[0], other[1] - other[0])
                for other in found
            ):
                continue
            draft = Draft(content[0], content[1], QuoteKind.INDIRECT)
            draft.cue = (token.idx, token.idx + len(token))
            draft.cue_key = token.i
            source = self.source(token)
            if source is not None and not content[0] <= source.idx < content[1]:
                self.syntax.set_speaker(draft, source, token)
            draft.medium = self.syntax.medium_after(token.idx, sent.end_char)
            self.drafts.append(draft)
            found.append(content)
            tokens = self.ctx.tokens_between(*content)
            in_content[tokens.start : tokens.stop] = True

    def source(self, cue: Token) -> Token | None:
        """Who an attribution cue the model found is attributed to.

        "according to X": X; a noun: its owner ("his claim", "a claim by X") or the
        subject of the verb it is the object of ("X made the claim"); an adjective: the
        subject of its copula ("X is confident that"); a verb: its agent or subject.
        """
        children = list(cue.children)
        if cue.lower_ == "according":
            to = next((c for c in children if c.lower_ == "to"), None)
            return next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
        for child in children:
            if child.dep_ == "poss":
                return child
            if (child.dep_ == "agent" and cue.pos_ == "VERB") or (
                child.dep_ == "prep" and child.lower_ in ("by", "from") and cue.pos_ == "NOUN"
            ):
                return next((c for c in child.children if c.dep_ == "pobj"), None)
        if cue.pos_ in ("NOUN", "ADJ") and cue.dep_ in ("dobj", "attr", "acomp", "oprd"):
            return self.syntax.subject(cue.head)
        if cue.pos_ == "VERB":
            return self.syntax.subject(cue)
        return None
