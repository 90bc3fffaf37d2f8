"""Cue words and the speakers beside them, in a doc without a parse.

``LexicalCues`` flags the lexicon's cue words (leaving out idioms and German verbs
whose separated particle makes them another verb), finds the speaker next to a cue (a
pronoun, a name, a role noun, a subject set off by commas, a name apposed to a role)
or before the colon that introduces a quote, and attributes drafts to cues.
"""

from __future__ import annotations

import numpy as np

from everyside.analyze.cues import ANY
from everyside.analyze.quotes.context import ContextPart
from everyside.analyze.quotes.drafts import Draft, find_medium
from everyside.analyze.quotes.lexical.names import LexicalNames
from everyside.analyze.quotes.speakers import NAME, PRONOUN, ROLE

__all__ = ["LexicalCues"]


# How far from a cue a speaker may stand, in tokens.
_SPEAKER_REACH = 3
# Longest insertion between a subject and its cue ("X, für den ..., sprach"), in tokens.
_INSERTION_REACH = 12
# Longest role before an apposed name ("dijo el alcalde de Houston, X"), in tokens.
_ROLE_WORDS = 6
# Most tokens from a sentence start to a colon that introduces a quote ("Kim ging weiter:").
_COLON_WORDS = 6


class LexicalCues(ContextPart):
    """Cue tokens of one doc without a parse, and the speakers they attribute to."""

    def __init__(self, names: LexicalNames) -> None:
        super().__init__(names.ctx)
        self.names = names
        self.is_cue = self.ctx.cue_flags(
            self.lexicon.verbs | self.lexicon.quote_only_verbs | self.lexicon.clitic_cues.keys()
        )
        self.quote_only = self.ctx.flag(self.lexicon.quote_only_verbs)
        self.drop_particle_verbs()

    def drop_particle_verbs(self) -> None:
        """Unflag cues whose clause ends in a particle that makes them another verb.

        German separates particles from their verb: "Kliniken sagten Operationen ab"
        (cancelled), "die Verbündeten sagten zu, ..." (promised) report no speech.
        """
        particles = self.lexicon.separable_particles
        if not particles:
            return
        for i in np.flatnonzero(self.is_cue).tolist():
            high = self.names.sentences[int(self.names.sentence_of[i])][1]
            end = next((j for j in range(i + 1, high) if self.doc[j].is_punct), high)
            if end - 1 > i and self.doc[i].lower_ in particles.get(self.doc[end - 1].lower_, ()):
                self.is_cue[i] = False

    def speaker_near(self, cue: int, *, after_first: bool) -> tuple[tuple[int, int], str] | None:
        """The speaker next to cue token ``cue``: a pronoun, a name or a role noun."""
        low, high = self.names.sentences[int(self.names.sentence_of[cue])]
        token = self.doc[cue]
        clitic = self.lexicon.clitic_cues.get(token.lower_)
        if clitic:  # "ujarnya": the pronoun is the cue's own suffix
            end = token.idx + len(token)
            return (end - clitic, end), PRONOUN
        for step in (1, -1) if after_first else (-1, 1):
            found = self.speaker_beside(cue, step, low, high)
            if found is not None:
                return found
        return None

    def speaker_beside(
        self, cue: int, step: int, low: int, high: int
    ) -> tuple[tuple[int, int], str] | None:
        """The speaker on one side of a cue (``step`` -1: before it, 1: after it)."""
        for distance in range(1, _SPEAKER_REACH + 1):
            j = cue + step * distance
            if not low <= j < high:
                break
            other = self.doc[j]
            if other.lower_ in self.lexicon.pronouns:
                return (other.idx, other.idx + len(other)), PRONOUN
            run = self.names.run_tokens(j, step, low, high)
            if run is not None:
                if not self.names.after_preposition(run[0]):
                    return self.names.char_span(*run), ROLE if self.names.is_role(*run) else NAME
                # A place or an object ("in Norddeutschland sagten"), unless it completes
                # the name before it: "Kedutaan Besar AS di Hanoi menyatakan".
                owner = self.names.run_tokens(run[0] - 2, -1, low, high) if step < 0 else None
                if owner is None or self.names.after_preposition(owner[0]):
                    return None
                return self.names.char_span(owner[0], run[1]), NAME
            if other.is_punct or other.is_space:
                if step < 0 and distance == 1 and other.text == ",":
                    run = self.set_off_subject(cue - 1, low)
                    return (self.names.char_span(*run), NAME) if run is not None else None
                if step < 0 and distance == 1 and other.text == ")" and j - 2 >= low:
                    # "Das Bundesamt für ... (BSI) betonte": the subject's abbreviation.
                    run = self.names.run_tokens(j - 1, -1, j - 1, j)
                    if run is not None and self.doc[j - 2].text == "(":
                        return self.names.char_span(*run), NAME
                break  # titles and articles may stand between cue and speaker, not commas
        if step > 0:
            run = self.role_apposition(cue, high)
            return (self.names.char_span(*run), NAME) if run is not None else None
        return None

    def set_off_subject(self, comma: int, low: int) -> tuple[int, int] | None:
        """A subject set off from its cue by commas (the cue follows token ``comma``).

        An apposition ("El secretario general, Jens Stoltenberg, describió") or a name
        opening the sentence before an insertion ("Jens Stoltenberg, für den es der
        letzte Gipfel war, sprach"; "Marine Le Pen, por su parte, aseguró").
        """
        run = self.names.run_tokens(comma - 1, -1, low, comma)
        if run is not None and run[0] > low and self.doc[run[0] - 1].text == ",":
            return run
        opening = next(
            (
                j
                for j in range(comma - 1, max(low, comma - _INSERTION_REACH) - 1, -1)
                if self.doc[j].text == ","
            ),
            None,
        )
        if opening is None:
            return None
        run = self.names.run_tokens(opening - 1, -1, low, opening)
        opener = self.names.openers[int(self.names.sentence_of[comma])]
        articles = self.lexicon.definite_articles
        if run is None or any(self.doc[j].lower_ not in articles for j in range(opener, run[0])):
            return None
        return run

    def role_apposition(self, cue: int, high: int) -> tuple[int, int] | None:
        """A name apposed to a role after a cue: "declaró el alcalde de Houston, John Whitmire"."""
        if cue + 1 >= high or self.doc[cue + 1].lower_ not in self.lexicon.definite_articles:
            return None
        for j in range(cue + 2, min(high, cue + 2 + _ROLE_WORDS)):
            if self.doc[j].text == ",":
                return self.names.run_tokens(j + 1, 1, j + 1, high)
            if self.doc[j].is_punct:
                break
        return None

    def colon_speaker(self, start: int, end: int) -> tuple[tuple[int, int], tuple[int, int]] | None:
        """The colon and the name of "X ...: „…“" before a quote with no cue word.

        News introduces a quote with its speaker and a colon ("Kim ging noch weiter: Es
        handle sich um den „stärksten Vertrag“", a crosshead "Biden: „…“"): the sentence
        opens with the name and reaches the colon within a few words.
        """
        colon = self.ctx.text.find(":", start, end)
        if colon < 0:
            return None
        tokens = self.ctx.tokens_between(start, colon)
        if not tokens or len(tokens) > _COLON_WORDS:
            return None
        number = int(self.names.sentence_of[tokens.start])
        low, high = self.names.sentences[number]
        if tokens.start != self.names.openers[number]:
            return None
        run = self.names.run_tokens(tokens.start, 1, low, high)
        if run is None or self.names.is_role(*run):
            return None
        return (colon, colon + 1), self.names.char_span(*run)

    def attribute(self, draft: Draft, cue: int, *, after_first: bool) -> None:
        """Attribute a draft to cue token ``cue``."""
        token = self.doc[cue]
        draft.cue = (token.idx, token.idx + len(token))
        draft.cue_key = cue
        found = self.speaker_near(cue, after_first=after_first)
        if found is not None:
            draft.speaker, draft.speaker_class = found
            if found[1] == PRONOUN:
                word = self.ctx.text[found[0][0] : found[0][1]].lower()
                draft.speaker_gender = self.lexicon.pronouns.get(word, ANY)
        high = self.names.sentences[int(self.names.sentence_of[cue])][1]
        draft.medium = find_medium(
            self.lexicon, self.ctx.text, token.idx, self.doc[high - 1].idx + len(self.doc[high - 1])
        )

    def cue_in(self, start: int, end: int, *, last: bool) -> int | None:
        """The first (or last) cue token within ``[start, end)`` outside quote marks."""
        tokens = [i for i in self.ctx.tokens_between(start, end) if self.is_cue[i]]
        if last:
            tokens.reverse()
        for i in tokens:
            if self.ctx.in_marked(self.doc[i].idx) is None:
                return i
        return None
