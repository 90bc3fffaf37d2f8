"""Who the speakers of a parsed doc are: names, and the antecedents of pronouns and roles.

``ParsedAntecedents`` collects the persons and organizations the doc names (entities
with their titles, and named speakers), then links pronoun, relative and role-noun
speakers ("he added", "the Kremlin official said") through ``SpeakerChain``.
"""

from __future__ import annotations

from spacy.tokens import Token

from everyside.analyze.cues import ANY, ORGANIZATION
from everyside.analyze.quotes.context import ContextPart, word_set
from everyside.analyze.quotes.drafts import Draft
from everyside.analyze.quotes.parsed.syntax import NAME_ENTS, SUBJECTS, ParsedSyntax
from everyside.analyze.quotes.speakers import (
    NAME,
    ORG_KIND,
    PERSON_KIND,
    PRONOUN,
    RELATIVE,
    ROLE,
    UNKNOWN,
    Named,
    SpeakerChain,
    gender_of_name,
    in_speaker_order,
)

__all__ = ["ParsedAntecedents"]


_ORG_ENTS = frozenset(("ORG", "NORP", "GPE", "FAC"))
# Words never worth matching between a role noun and a person's title.
_ROLE_STOPWORDS = frozenset(
    ["the", "a", "an", "of", "for", "and", "in", "on", "at", "to", "'s", "’s"]
)


class ParsedAntecedents(ContextPart):
    """Resolves the speakers of a parsed doc's drafts to the names they refer to."""

    def __init__(self, syntax: ParsedSyntax) -> None:
        super().__init__(syntax.ctx)
        self.syntax = syntax

    def named_mentions(self) -> list[Named]:
        """Persons named in the doc, with their titles, for antecedent resolution."""
        mentions = []
        doc = self.doc
        for ent in doc.ents:
            if ent.label_ != "PERSON" and ent.label_ not in _ORG_ENTS:
                continue
            root = ent.root
            np_start = root.left_edge.i if root.left_edge.i >= ent.start - 6 else ent.start
            title = doc[np_start : ent.end].text
            before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
            words = [before, *ent.text.split()]
            salient = root.dep_ in SUBJECTS or (root.dep_ == "pobj" and root.head.lower_ == "to")
            kind = PERSON_KIND if ent.label_ == "PERSON" else ORG_KIND
            gender = gender_of_name(self.lexicon, words) if kind == PERSON_KIND else ANY
            mentions.append(
                Named(ent.start_char, ent.end_char, gender, word_set(title), salient, kind)
            )
        return mentions

    def name_span(self, token: Token) -> tuple[int, int]:
        """The name inside a speaker phrase: its PERSON/ORG entity, or its proper-noun run."""
        if token.ent_iob_ in ("B", "I") and token.ent_type_ in NAME_ENTS:
            start = token.i
            while start > 0 and self.doc[start].ent_iob_ == "I":
                start -= 1
            end = token.i + 1
            while end < len(self.doc) and self.doc[end].ent_iob_ == "I":
                end += 1
            span = self.doc[start:end]
            return span.start_char, span.end_char
        start = token.i
        while start > 0 and self.doc[start - 1].pos_ == "PROPN" and start > token.i - 4:
            start -= 1
        return self.doc[start].idx, token.idx + len(token)

    def resolve(self, drafts: list[Draft]) -> None:
        """Link pronoun, relative and role speakers to named mentions before them.

        A pronoun goes first to the previous quote's speaker, when that speaker agrees
        and was quoted in the last few paragraphs ("the NATO chief said ... he added");
        otherwise to the most recent agreeing named person (see ``SpeakerChain``).
        """
        named = self.named_mentions()
        ents = self.doc.ents  # built from every token on each access: read once
        speakers: dict[int, Named] = {}
        for draft in drafts:
            if draft.speaker_class == NAME and draft.speaker_head is not None:
                speakers[id(draft)] = self.named_speaker(draft)
        named += speakers.values()
        named.sort(key=lambda n: n.start)
        chain = SpeakerChain(named)
        by_start = {n.start: n for n in named}
        for draft in in_speaker_order(drafts):
            if draft.speaker is None or draft.speaker_head is None:
                continue
            position = draft.speaker[0]
            paragraph = self.ctx.paragraph_of(position)
            head = self.doc[draft.speaker_head]
            if draft.speaker_class == NAME:
                # "National Rally leader Marine Le Pen": the speaker is the person, not
                # the party her title names.
                name = speakers[id(draft)]
                if self.ctx.text[name.start - 1] == " " and any(
                    draft.speaker[0] <= ent.start_char and ent.end_char <= name.start
                    for ent in ents
                ):
                    draft.antecedent = (name.start, name.end)
            elif draft.speaker_class == RELATIVE:
                if head.pos_ == "PROPN" or head.ent_type_ in NAME_ENTS:
                    draft.antecedent = self.name_span(head)
                else:
                    draft.antecedent = chain.pick(head.idx, ANY, frozenset())
            elif draft.speaker_class == PRONOUN:
                draft.antecedent = chain.refer(position, paragraph, draft.speaker_gender)
            elif draft.speaker_class == ROLE and any(
                c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in head.lefts
            ):  # "a spokesman" is someone new, "the spokesman" someone named before
                role = (
                    word_set(self.ctx.text[draft.speaker[0] : draft.speaker[1]]) - _ROLE_STOPWORDS
                )
                wanted = ORGANIZATION if head.lower_ in self.lexicon.organization_nouns else ANY
                draft.antecedent = chain.pick(position, wanted, role)
            resolved = speakers.get(id(draft))
            if resolved is None and draft.antecedent is not None:
                resolved = by_start.get(draft.antecedent[0])
            if resolved is not None:
                chain.follow(resolved, paragraph, draft.speaker[1])

    def named_speaker(self, draft: Draft) -> Named:
        """The named mention a NAME speaker makes (its name, gender, kind, title words)."""
        assert draft.speaker is not None and draft.speaker_head is not None
        head = self.doc[draft.speaker_head]
        name = head if head.pos_ == "PROPN" else (self.syntax.appos_name(head) or head)
        start, end = self.name_span(name)
        gender = gender_of_name(self.lexicon, self.ctx.text[max(0, start - 5) : end].split())
        if name.ent_type_ in _ORG_ENTS:
            kind = ORG_KIND
        elif name.ent_type_ == "PERSON":
            kind = PERSON_KIND
        else:
            kind = UNKNOWN
        words = word_set(self.ctx.text[draft.speaker[0] : draft.speaker[1]])
        return Named(start, end, gender, words, True, kind)
