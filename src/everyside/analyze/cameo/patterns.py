"""Verb-pattern matching: the most specific pattern a verb's surrounding words satisfy.

A verb's patterns are compiled once (synsets expanded to word forms and lemmas) and
indexed by a form each needs, so the patterns a sentence cannot satisfy are skipped
unread.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from spacy.tokens import Token

from everyside.analyze.cameo.verb_table import VerbDictionary, VerbPattern
from everyside.analyze.cameo.words import forms_of

# A compiled pattern element: alternatives, each a sequence of word-form sets.
_Compiled = tuple[tuple[frozenset[str], ...], ...]


@dataclass(frozen=True, slots=True)
class CompiledPattern:
    """A verb pattern with its synsets expanded to word forms, ready to match."""

    pattern: VerbPattern
    before: tuple[_Compiled, ...]
    after: tuple[_Compiled, ...]
    # For each element, every form its alternatives can start with: a quick reject.
    starts: tuple[frozenset[str], ...]
    size: int


@dataclass(frozen=True, slots=True)
class _VerbPatterns:
    """A verb's compiled patterns, most specific first, indexed by a form each needs."""

    compiled: tuple[CompiledPattern, ...]
    # form -> the patterns (by position) that need it: each pattern is filed under the
    # forms of its narrowest element, so a sentence lacking them all skips it unread.
    by_form: dict[str, tuple[int, ...]]
    # Patterns with no elements around the verb: candidates in every sentence.
    always: tuple[int, ...]

    @classmethod
    def of(cls, compiled: list[CompiledPattern]) -> _VerbPatterns:
        """Sort most specific first (stable: the table's order among equals) and index."""
        ordered = sorted(compiled, key=lambda pattern: -pattern.size)
        by_form: dict[str, list[int]] = {}
        always = []
        for position, pattern in enumerate(ordered):
            if not pattern.starts:
                always.append(position)
                continue
            for form in min(pattern.starts, key=len):
                by_form.setdefault(form, []).append(position)
        return cls(
            tuple(ordered), {form: tuple(found) for form, found in by_form.items()}, tuple(always)
        )

    def candidates(self, present: frozenset[str]) -> Iterator[CompiledPattern]:
        """The patterns whose every element can start with a form present, in order."""
        positions = set(self.always)
        for form in present:
            positions.update(self.by_form.get(form, ()))
        for position in sorted(positions):
            compiled = self.compiled[position]
            if not any(present.isdisjoint(start) for start in compiled.starts):
                yield compiled


class PatternMatcher:
    """Matches verb patterns against the words around a verb (compiled once per verb)."""

    def __init__(self, verbs: VerbDictionary, language: str) -> None:
        self.verbs = verbs
        self.language = language
        self._by_verb: dict[str, _VerbPatterns] = {}
        self._elements: dict[tuple[str, ...], _Compiled] = {}

    def _element(self, alternatives: tuple[str, ...]) -> _Compiled:
        known = self._elements.get(alternatives)
        if known is None:
            known = tuple(
                tuple(forms_of(w, self.language) for w in words)
                for alternative in alternatives
                for words in self.verbs.expand(alternative)
                if words
            )
            self._elements[alternatives] = known
        return known

    def _compiled(self, verb: str) -> _VerbPatterns:
        known = self._by_verb.get(verb)
        if known is None:
            compiled = []
            for pattern in self.verbs.patterns(verb):
                before = tuple(self._element(e) for e in pattern.before)
                after = tuple(self._element(e) for e in pattern.after)
                starts = tuple(
                    frozenset().union(*(alternative[0] for alternative in element))
                    for element in (*before, *after)
                )
                compiled.append(CompiledPattern(pattern, before, after, starts, pattern.size))
            known = self._by_verb[verb] = _VerbPatterns.of(compiled)
        return known

    def best(
        self, base: str, before: list[frozenset[str]], after: list[frozenset[str]]
    ) -> CompiledPattern | None:
        """The most specific pattern of a verb that the words before and after it satisfy."""
        present = frozenset().union(*before, *after)
        for compiled in self._compiled(base).candidates(present):
            # Most specific first: the first that matches is the best.
            if _in_order(compiled.before, before) and _in_order(compiled.after, after):
                return compiled
        return None

    @staticmethod
    def matched(
        compiled: CompiledPattern,
        tokens: list[Token],
        forms: Callable[[Token], frozenset[str]],
    ) -> list[Token]:
        """The tokens after the verb that a pattern's elements matched (for the action)."""
        positions = _positions(compiled.after, [forms(t) for t in tokens]) or []
        return [tokens[i] for i in positions]


def _in_order(elements: tuple[_Compiled, ...], words: list[frozenset[str]]) -> bool:
    """Whether each element occurs in ``words`` after the previous one."""
    return _positions(elements, words) is not None


def _positions(elements: tuple[_Compiled, ...], words: list[frozenset[str]]) -> list[int] | None:
    """The indexes of ``words`` the elements match, in order; None when one is missing."""
    position = 0
    matched: list[int] = []
    length = len(words)
    for alternatives in elements:
        found = None
        for start in range(position, length):
            word = words[start]
            for alternative in alternatives:
                # The first word rejects almost every start: test it before the rest.
                if alternative[0].isdisjoint(word):
                    continue
                end = start + len(alternative)
                if end <= length and all(
                    not alternative[k].isdisjoint(words[start + k])
                    for k in range(1, len(alternative))
                ):
                    found = end
                    break
            if found is not None:
                break
        if found is None:
            return None
        matched.extend(range(start, found))
        position = found
    return matched
