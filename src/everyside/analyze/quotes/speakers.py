"""Who said it: named mentions, speaker classes, gender agreement and ``SpeakerChain``.

A speaker is written as a name, a pronoun, a role noun or a relative pronoun; all but
names need an antecedent. ``SpeakerChain`` is the one resolver both finders use to link
pronoun and role speakers to the previous speaker or the most recent agreeing mention.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from everyside.analyze.cues import ANY, FEMALE, MALE, ORGANIZATION, CueLexicon
from everyside.analyze.quotes.drafts import Draft

__all__ = [
    "NAME",
    "ORG_KIND",
    "PERSON_KIND",
    "PRONOUN",
    "RELATIVE",
    "ROLE",
    "UNKNOWN",
    "Named",
    "SpeakerChain",
    "agrees",
    "gender_of_name",
    "in_speaker_order",
]


# What a named mention is: a person, an organization, or not known.
PERSON_KIND, ORG_KIND, UNKNOWN = "person", "org", "unknown"

# Speaker classes: how a speaker is written, which decides whether it needs an antecedent.
NAME, PRONOUN, ROLE, RELATIVE = "name", "pronoun", "role", "relative"
# How many paragraphs back a pronoun may take the previous quote's speaker.
_CHAIN_PARAGRAPHS = 2


@dataclass(slots=True)
class Named:
    """A named mention a pronoun or role noun can refer to."""

    start: int
    end: int
    gender: str
    words: frozenset[str]  # lowercase words of the mention and its title ("nato", "kremlin")
    salient: bool  # a speaker, or a person in subject position
    kind: str = UNKNOWN  # PERSON_KIND, ORG_KIND or UNKNOWN


def gender_of_name(lexicon: CueLexicon, words: Sequence[str]) -> str:
    """Gender from an honorific or a known first name; ANY when neither tells."""
    for word in words[:3]:
        lower = word.lower()
        if lower in lexicon.honorifics:
            return lexicon.honorifics[lower]
        if lower in lexicon.female_names:
            return FEMALE
        if lower in lexicon.male_names:
            return MALE
    return ANY


def agrees(wanted: str, mention: Named) -> bool:
    """Whether a pronoun or role class (``m``, ``f``, ``x``, ``o``) fits a named mention."""
    if wanted == ORGANIZATION:
        return mention.kind != PERSON_KIND
    if mention.kind == ORG_KIND:
        return False
    return ANY in (wanted, mention.gender) or wanted == mention.gender


def in_speaker_order(drafts: list[Draft]) -> list[Draft]:
    """Drafts in the order their speakers (or, without one, their contents) are written."""
    return sorted(drafts, key=lambda d: d.speaker[0] if d.speaker else d.start)


class SpeakerChain:
    """Who a pronoun, role or unwritten speaker refers to, read in text order.

    It holds a doc's named mentions (in text order) and the previous quote's resolved
    speaker. A pronoun goes first to that speaker, when it agrees, was quoted in the
    last few paragraphs and no other agreeing person has been named as a subject since
    (``refer``); otherwise to the most recent agreeing mention before it (``pick``).
    Both finders resolve their speakers with it.
    """

    def __init__(self, mentions: list[Named]) -> None:
        self.mentions = mentions
        self.starts = [m.start for m in mentions]
        # The previous speaker (resolved), its paragraph and where it was written.
        self.last: tuple[Named, int, int] | None = None

    def follow(self, speaker: Named, paragraph: int, written: int) -> None:
        """Record the previous quote's speaker: who, in which paragraph, written up to where."""
        self.last = (speaker, paragraph, written)

    def refer(self, where: int, paragraph: int, gender: str) -> tuple[int, int] | None:
        """The antecedent of a pronoun (or unwritten speaker) at ``where`` in ``paragraph``."""
        last = self.last
        if (
            last is not None
            and last[1] >= paragraph - _CHAIN_PARAGRAPHS
            and last[0].end <= where
            and agrees(gender, last[0])
            and not self.named_since(last[0], last[2], where, gender)
        ):
            return last[0].start, last[0].end
        return self.pick(where, gender, frozenset())

    def pick(self, before: int, gender: str, role: frozenset[str]) -> tuple[int, int] | None:
        """The most recent agreeing named mention before ``before``; by title words for roles.

        Speakers and persons in subject position win over other mentions; a role noun
        ("the head of NATO") prefers a mention whose title shares a word ("NATO").
        """
        stop = bisect_left(self.starts, before)
        fallback: Named | None = None
        if role:
            for mention in reversed(self.mentions[:stop]):
                if role & mention.words and agrees(gender, mention):
                    return mention.start, mention.end
        for mention in reversed(self.mentions[:stop]):
            if mention.end > before or not agrees(gender, mention):
                continue
            if mention.salient:
                return mention.start, mention.end
            if fallback is None:
                fallback = mention
        return (fallback.start, fallback.end) if fallback else None

    def named_since(self, speaker: Named, after: int, before: int, gender: str) -> bool:
        """Whether another agreeing person is named as a subject between ``after`` and ``before``.

        ``speaker`` is the previous quote's (resolved) speaker, written up to ``after``. A
        person named since as a subject is what a pronoun more likely refers to ("Sunak had
        stood at the lectern. '...,' he said").
        """
        return any(
            mention.salient
            and mention.kind == PERSON_KIND
            and after <= mention.start
            and mention.end <= before
            and not (mention.words & speaker.words)
            and agrees(gender, mention)
            for mention in self.mentions
        )
