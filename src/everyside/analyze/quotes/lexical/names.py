"""Sentences and capitalized names in a doc without a parse (the other-languages path).

``LexicalNames`` knows each token's sentence and reads runs of capitalized words as
names, with the lexicon's particles ("de", "von"), hyphenated parts ("Jong-un"), roles
after an article ("der Norweger") and known first names that mark a person.
"""

from __future__ import annotations

import re

import numpy as np

from everyside.analyze.quotes.context import Context, ContextPart

__all__ = ["LexicalNames"]


_HYPHEN = re.compile(r"[-‑]")


class LexicalNames(ContextPart):
    """Sentence bounds and name runs of one doc, from tokens and capitals alone."""

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.sentence_of = np.zeros(len(self.doc), dtype=np.int64)
        self.sentences: list[tuple[int, int]] = []
        if self.doc.has_annotation("SENT_START"):
            for number, sentence in enumerate(self.doc.sents):
                self.sentences.append((sentence.start, sentence.end))
                self.sentence_of[sentence.start : sentence.end] = number
        else:  # no sentencizer: one sentence
            self.sentences.append((0, len(self.doc)))
        # Each token's answer to is_name: runs are read from both sides, so twice or more.
        self._names: dict[int, bool] = {}
        # Each sentence's first word: a paragraph break is a space token opening it.
        self.openers = [
            next((j for j in range(low, high) if not self.doc[j].is_space), low)
            for low, high in self.sentences
        ]

    def is_name(self, i: int) -> bool:
        """Whether token ``i`` may be part of a name: capitalized and not a function word.

        A hyphenated word counts when one of its ends is capitalized ("US-Präsident",
        "Jong-un", "28-Jährige"). A stop word opening a sentence is capitalized for its
        position alone ("Zugleich sagten ...", "Además, ..."), so there it is no name.
        """
        known = self._names.get(i)
        if known is None:
            known = self._names[i] = self._is_name(i)
        return known

    def _is_name(self, i: int) -> bool:
        token = self.doc[i]
        parts = _HYPHEN.split(token.text)
        if not (parts[0][:1].isupper() or parts[-1][:1].isupper()) or not parts[-1].isalpha():
            return False
        if not all(part.isalnum() for part in parts) or token.lower_ in self.lexicon.non_names:
            return False
        return not (token.is_stop and i == self.openers[int(self.sentence_of[i])])

    def run_tokens(self, i: int, step: int, low: int, high: int) -> tuple[int, int] | None:
        """First and last token of the capitalized name at token ``i``, read toward ``step``."""
        if not (low <= i < high) or not self.is_name(i):
            return None
        last = i
        j = i + step
        while low <= j < high:
            token = self.doc[j]
            if self.is_name(j) or (step > 0 and token.is_alpha and self.hyphenated(j)):
                last = j
            elif not (token.lower_ in self.lexicon.name_particles or token.text in "-‑"):
                break
            j += step
        return min(i, last), max(i, last)

    def hyphenated(self, i: int) -> bool:
        """Whether token ``i`` ends a word split at a hyphen ("Jong-un" as "Jong", "-", "un")."""
        return (
            i >= 2
            and self.doc[i - 1].text in "-‑"
            and not self.doc[i - 1].whitespace_
            and not self.doc[i - 2].whitespace_
        )

    def char_span(self, first: int, last: int) -> tuple[int, int]:
        """Character span of tokens ``first..last``."""
        return self.doc[first].idx, self.doc[last].idx + len(self.doc[last])

    def name_run(self, i: int, step: int, low: int, high: int) -> tuple[int, int] | None:
        """Character span of the capitalized name at token ``i`` going in direction ``step``."""
        run = self.run_tokens(i, step, low, high)
        return self.char_span(*run) if run is not None else None

    def after_preposition(self, first: int) -> bool:
        """Whether a preposition stands before token ``first``, or before its article.

        "in Norddeutschland", "über den Élysée-Palast": a place or an object.
        """
        before = first - 1
        if before > 0 and self.doc[before].lower_ in self.lexicon.definite_articles:
            before -= 1
        return before >= 0 and self.doc[before].lower_ in self.lexicon.prepositions

    def person_start(self, first: int, last: int) -> int | None:
        """Where a person's name starts in a run of names: at its first known first name."""
        names = self.lexicon.male_names | self.lexicon.female_names
        for j in range(first, last + 1):
            if any(part.lower() in names for part in _HYPHEN.split(self.doc[j].text)):
                return j
        return None

    def is_role(self, first: int, last: int) -> bool:
        """Whether a run is a role noun: one capitalized noun after a definite article.

        Only where every noun is capitalized (German "betonte der Norweger"); an
        organization ("die Nato") or a known first name stays a name.
        """
        word = self.doc[first]
        return (
            self.lexicon.capitalized_nouns
            and first == last
            and first > 0
            and self.doc[first - 1].lower_ in self.lexicon.definite_articles
            and word.lower_ not in self.lexicon.organization_nouns
            and not word.text.isupper()
            and self.person_start(first, last) is None
        )
