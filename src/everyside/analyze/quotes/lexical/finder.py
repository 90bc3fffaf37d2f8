"""The other-languages path of the quote finder: quotes from tokens and sentences only.

``LexicalFinder`` attributes quotes in marks to a cue word next to them (or a "Name:"
before them), finds indirect quotes around cue words and source phrases ("según X"),
carries an attribution on over German subjunctive sentences, then settles the drafts
and resolves their speakers (``LexicalAntecedents``).
"""

from __future__ import annotations

import numpy as np

from everyside.analyze.quotes.context import Context, ContextPart, is_direct
from everyside.analyze.quotes.drafts import Draft, settle
from everyside.analyze.quotes.lexical.antecedents import LexicalAntecedents
from everyside.analyze.quotes.lexical.cues import LexicalCues
from everyside.analyze.quotes.lexical.names import LexicalNames
from everyside.analyze.quotes.speakers import NAME
from everyside.model import QuoteKind

__all__ = ["LexicalFinder"]


# How far after a cue the reported clause may start (after "," ":" or "that"), in tokens.
_CLAUSE_REACH = 8


class LexicalFinder(ContextPart):
    """Quotes in a doc without a parse: quote marks, cue words and capitalized names."""

    def __init__(self, ctx: Context, *, unmarked: bool, keep_unattributed: bool) -> None:
        super().__init__(ctx)
        self.keep_unattributed = keep_unattributed
        self.unmarked = unmarked
        self.names = LexicalNames(ctx)
        self.cues = LexicalCues(self.names)
        self.drafts: list[Draft] = []
        self.used_cues: set[int] = set()  # cues that attribute a marked quote

    def marked_quotes(self) -> None:
        """DIRECT and PARTIAL quotes, attributed by a cue word next to them."""
        ctx = self.ctx
        for index, span in enumerate(ctx.marked):
            frame = ctx.frame(index)
            direct = is_direct(span, frame, self.lexicon.verbs)
            draft = Draft(span.start, span.end, QuoteKind.DIRECT if direct else QuoteKind.PARTIAL)
            cue = self.cues.cue_in(span.close_end, frame.after_end, last=False)
            if cue is not None and len(ctx.tokens_between(span.close_end, ctx.doc[cue].idx)) <= 4:
                self.cues.attribute(draft, cue, after_first=True)
            else:
                cue = self.cues.cue_in(frame.before_start, span.open_start, last=True)
                if cue is not None:
                    self.cues.attribute(draft, cue, after_first=False)
            colon = (
                None if cue is not None else self.cues.colon_speaker(frame.before_start, span.start)
            )
            if cue is not None:
                self.used_cues.add(cue)
            elif colon is not None:
                draft.cue, draft.speaker = colon
                draft.speaker_class = NAME
            elif direct:
                for previous in reversed(self.drafts):  # "X said. "More words.""
                    if previous.cue is not None and ctx.paragraph_of(previous.start) >= (
                        frame.paragraph - 1
                    ):
                        draft.attribute(previous)
                    break
            if direct:
                self.ctx.direct_spans.append((span.start, span.end))
            self.drafts.append(draft)

    def clause(self, first: int, last: int) -> tuple[int, int] | None:
        """Character span of tokens ``first..last`` trimmed of punctuation and "that"."""
        complementizers = self.lexicon.complementizers
        return self.ctx.clause(first, last, lambda token: token.lower_ in complementizers)

    def indirect_quotes(self) -> None:
        """INDIRECT quotes: "X sagte, dass ...", "..., kata dia, ...", "según X, ..."."""
        doc = self.doc
        for i in np.flatnonzero(self.cues.is_cue).tolist():
            cue = int(i)
            if cue in self.used_cues or self.cues.quote_only[cue]:
                continue
            if self.ctx.in_marked(doc[cue].idx) is not None:
                continue
            low, high = self.names.sentences[int(self.names.sentence_of[cue])]
            content: tuple[int, int] | None = None
            after_first = False
            if cue > low and doc[cue - 1].text == ",":
                # Postposed: "Die Lage sei ernst, sagte Scholz." / "..., kata dia, ..."
                speaker = self.cues.speaker_beside(cue, 1, low, high)
                if speaker is not None:
                    # "Die Ukraine werde Mitglied, betonte er, doch ...": a cue set off by
                    # commas interrupts the clause it reports, which is reported whole.
                    after = self.ctx.token_at(max(speaker[0][1], doc[cue].idx + 1) - 1) + 1
                    interrupts = after < high - 1 and doc[after].text == ","
                    content = self.clause(low, high - 1 if interrupts else cue - 2)
                    after_first = True
            if content is None:
                opener = next(
                    (
                        j
                        for j in range(cue + 1, min(high, cue + 1 + _CLAUSE_REACH))
                        if doc[j].text in (",", ":")
                        or doc[j].lower_ in self.lexicon.complementizers
                    ),
                    None,
                )
                speaker_before = self.cues.speaker_near(cue, after_first=False)
                if opener is not None:
                    content = self.clause(opener + 1, high - 1)
                elif speaker_before is not None and self.lexicon.complementizers:
                    content = self.clause(cue + 1, high - 1)  # "Kim menyebut perjanjian ..."
            if content is None or self.ctx.inside_direct(*content):
                continue
            draft = Draft(content[0], content[1], QuoteKind.INDIRECT)
            self.cues.attribute(draft, cue, after_first=after_first)
            if draft.speaker is None:
                continue
            self.drafts.append(draft)
        self.sources()

    def sources(self) -> None:
        """Quotes attributed with a source phrase: "según X, ...", "menurut X, ..."."""
        doc = self.doc
        phrases = [(p, False) for p in self.lexicon.sources]
        phrases += [(p, True) for p in self.lexicon.postposed_sources]
        for phrase, postposed in phrases:
            for cue_span, tokens in self.ctx.unquoted_phrase(phrase):
                first, last = tokens.start, tokens.stop - 1
                low, high = self.names.sentences[int(self.names.sentence_of[first])]
                if postposed:
                    run = self.names.name_run(first - 1, -1, low, high)
                    content = self.clause(last + 1, high - 1)
                else:
                    run = self.names.name_run(last + 1, 1, low, high)
                    if run is None:
                        continue
                    after = self.ctx.token_at(run[1] - 1) + 1
                    if after < high and doc[after].text == ",":
                        content = self.clause(after + 1, high - 1)
                    elif first > low and doc[first - 1].text == ",":
                        content = self.clause(low, first - 2)
                    else:
                        content = self.clause(after, high - 1)
                if run is None or content is None or self.ctx.inside_direct(*content):
                    continue
                draft = Draft(content[0], content[1], QuoteKind.INDIRECT)
                draft.cue = cue_span
                draft.cue_key = first
                draft.speaker, draft.speaker_class = run, NAME
                self.drafts.append(draft)

    def reported_continuations(self) -> None:
        """INDIRECT quotes that go on in the subjunctive after an attributed sentence.

        German reports speech in the subjunctive and drops the cue once the speaker is
        known: '„...“, sagte Sunak. Er übernehme die Verantwortung, es sei ...'. A
        sentence with no cue and no quote marks that holds a subjunctive form and follows
        an attributed sentence of its paragraph continues that attribution.
        """
        markers = self.lexicon.subjunctive_markers
        if not markers:
            return
        by_sentence = {
            int(self.names.sentence_of[self.ctx.token_at(d.start)]): d
            for d in self.drafts
            if d.cue is not None
        }
        flags = self.ctx.flag(markers)
        for number, (low, high) in enumerate(self.names.sentences):
            previous = by_sentence.get(number - 1)
            if previous is None or number in by_sentence or not flags[low:high].any():
                continue
            cues = (
                self.cues.is_cue[low:high] & ~self.cues.quote_only[low:high]
            )  # "so" is an adverb here
            if cues.any() or any(
                self.ctx.in_marked(self.doc[j].idx) is not None for j in range(low, high)
            ):
                continue
            if self.ctx.paragraph_of(self.doc[low].idx) != self.ctx.paragraph_of(previous.start):
                continue
            content = self.clause(low, high - 1)
            if content is None:
                continue
            draft = Draft(content[0], content[1], QuoteKind.INDIRECT)
            draft.attribute(previous)
            self.drafts.append(draft)
            by_sentence[number] = draft

    def find(self) -> list[Draft]:
        """All drafts of the doc, in text order."""
        self.marked_quotes()
        self.indirect_quotes()
        self.reported_continuations()
        return settle(self.drafts, self.ctx.text, self.keep_unattributed)

    def resolve(self, drafts: list[Draft]) -> None:
        """Link pronoun, role and unwritten speakers to the person they refer to."""
        LexicalAntecedents(self.names).resolve(drafts)
