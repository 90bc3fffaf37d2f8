"""Who the speakers of a doc without a parse are: persons named, and speakers' antecedents.

``LexicalAntecedents`` reads the persons a doc names (name runs with a known first
name, or ending in a named speaker's surname), gives a titled speaker its bare name and
a short one its full name, and links pronoun, role and unwritten speakers through
``SpeakerChain``.
"""

from __future__ import annotations

from everyside.analyze.cues import ANY
from everyside.analyze.quotes.context import ContextPart, word_set
from everyside.analyze.quotes.drafts import Draft
from everyside.analyze.quotes.lexical.names import LexicalNames
from everyside.analyze.quotes.speakers import (
    NAME,
    PERSON_KIND,
    PRONOUN,
    ROLE,
    Named,
    SpeakerChain,
    gender_of_name,
    in_speaker_order,
)

__all__ = ["LexicalAntecedents"]


class LexicalAntecedents(ContextPart):
    """Resolves the speakers of drafts found without a parse to the persons they are."""

    def __init__(self, names: LexicalNames) -> None:
        super().__init__(names.ctx)
        self.names = names

    def person_mentions(self, drafts: list[Draft]) -> list[Named]:
        """Named speakers and the persons named outside quote marks, in text order.

        Without a parse, a name run is a person when it holds a known first name ("US-
        Präsident Joe Biden") or ends in a named speaker's last word ("Putin"); the
        mention is the name without its title. It is salient (likely a subject) unless a
        preposition comes before it ("exigió a Emmanuel Macron").
        """
        doc = self.doc
        mentions: list[Named] = []
        surnames = set()
        for draft in drafts:
            if draft.speaker is not None and draft.speaker_class == NAME:
                text = self.ctx.text[draft.speaker[0] : draft.speaker[1]]
                surnames.add(text.rsplit(None, 1)[-1].lower())
                mentions.append(Named(*draft.speaker, ANY, word_set(text), True))
        i = 0
        while i < len(doc):
            low, high = self.names.sentences[int(self.names.sentence_of[i])]
            run = self.names.run_tokens(i, 1, low, high)
            if run is None or self.ctx.in_marked(doc[i].idx) is not None:
                i += 1
                continue
            first = self.names.person_start(*run)
            if first is None and doc[run[1]].lower_ in surnames:
                first = run[0]
            if first is not None:
                words = [t.text for t in doc[run[0] : run[1] + 1]]
                mentions.append(
                    Named(
                        *self.names.char_span(first, run[1]),
                        gender_of_name(self.lexicon, words),
                        word_set(" ".join(words)),
                        not self.names.after_preposition(run[0]),
                        PERSON_KIND,
                    )
                )
            i = run[1] + 1
        mentions.sort(key=lambda m: m.start)
        return mentions

    def full_name(self, speaker: tuple[int, int], mentions: list[Named]) -> tuple[int, int] | None:
        """The person a named speaker is, when the text gives more than the speaker as written.

        A title before the name is dropped ("CrowdStrike-Chef George Kurtz" -> "George
        Kurtz"); a name given alone is the full name it began or ended earlier ("Kim" ->
        "Kim Jong Un", "Putin" -> "Wladimir Putin").
        """
        tokens = self.ctx.tokens_between(*speaker)
        if not tokens:
            return None
        first = self.names.person_start(tokens.start, tokens.stop - 1)
        if first is not None and first > tokens.start:
            return self.names.char_span(first, tokens.stop - 1)
        if len(tokens) > 1:
            return None
        word = self.doc[tokens.start].lower_
        for mention in reversed(mentions):
            names = self.ctx.text[mention.start : mention.end].lower().split()
            if mention.end <= speaker[0] and len(names) > 1 and word in (names[0], names[-1]):
                return mention.start, mention.end
        return None

    def resolve(self, drafts: list[Draft]) -> None:
        """Link pronoun, role and unwritten speakers to the person they refer to.

        A named speaker with a title before the name resolves to the name. A pronoun, a
        role noun ("der Norweger") or a cue with no written speaker ("añadió") goes to
        the previous quote's speaker when it was quoted in the last two paragraphs and no
        other person has been named as a subject since; otherwise to the most recent
        person named before it (see ``SpeakerChain``).
        """
        mentions = self.person_mentions(drafts)
        chain = SpeakerChain(mentions)
        for draft in in_speaker_order(drafts):
            if draft.cue is None:
                continue
            where = draft.speaker[0] if draft.speaker else draft.cue[0]
            paragraph = self.ctx.paragraph_of(where)
            if draft.speaker is not None and draft.speaker_class == NAME:
                draft.antecedent = self.full_name(draft.speaker, mentions)
            elif draft.speaker_class in (PRONOUN, ROLE, None):
                draft.antecedent = chain.refer(where, paragraph, draft.speaker_gender)
            else:
                continue
            resolved = draft.antecedent or draft.speaker
            if resolved is not None:
                text = self.ctx.text[resolved[0] : resolved[1]]
                gender = gender_of_name(self.lexicon, text.split())
                written = (draft.speaker or draft.cue)[1]
                chain.follow(Named(*resolved, gender, word_set(text), True), paragraph, written)
