"""The verb table: verb blocks, their patterns and CAMEO codes, verb forms and synsets.

The runtime form of the shipped ``event_verbs*.json`` tables and of PETRARCH verb
dictionaries (read by ``cameo.petrarch``); ``cameo.patterns`` matches it against the
words around a verb.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from everyside.analyze.cameo.words import regular_verb_forms

# A pattern element is a set of alternatives; each alternative is a phrase ("written
# agreement") or a synset reference ("&treaty").
Element = tuple[str, ...]
# The code of a verb line that has none of its own: it takes its block's.
BLOCK_CODE = "<block>"


@dataclass(frozen=True, slots=True)
class VerbPattern:
    """A verb with words around it and the CAMEO code they mean.

    ``code`` may pair two codes, "042:043": source to target, then target to source
    (either may be empty); an empty code means the pattern is known and codes nothing.
    ``before`` and ``after`` are elements that must appear in this order before and
    after the verb; each element lists alternatives.
    """

    verb: str
    code: str
    before: tuple[Element, ...] = ()
    after: tuple[Element, ...] = ()

    @property
    def size(self) -> int:
        """How many elements the pattern needs besides the verb: more is more specific."""
        return len(self.before) + len(self.after)

    def as_dict(self) -> dict[str, Any]:
        """The pattern as JSON-ready values (empty parts left out)."""
        data: dict[str, Any] = {"verb": self.verb, "code": self.code}
        if self.before:
            data["before"] = [list(e) for e in self.before]
        if self.after:
            data["after"] = [list(e) for e in self.after]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> VerbPattern:
        """Rebuild a pattern from ``as_dict`` output."""
        return cls(
            verb=data.get("verb", ""),
            code=data["code"],
            before=tuple(tuple(e) for e in data.get("before", [])),
            after=tuple(tuple(e) for e in data.get("after", [])),
        )


@dataclass(slots=True)
class VerbBlock:
    """A group of synonymous verbs, their default code and the patterns they share.

    Each verb is a pattern of its own (its words and its own code, or the block's when
    its code is None); shared patterns have no verb and apply to every verb of the block.
    """

    code: str
    verbs: list[VerbPattern] = field(default_factory=list)
    patterns: list[VerbPattern] = field(default_factory=list)

    def patterns_for(self, verb: VerbPattern) -> Iterator[VerbPattern]:
        """Every pattern of one of the block's verbs, its own first."""
        yield (
            verb
            if verb.code != BLOCK_CODE
            else VerbPattern(verb.verb, self.code, verb.before, verb.after)
        )
        for shared in self.patterns:
            yield VerbPattern(
                verb.verb,
                shared.code,
                (*shared.before, *verb.before),
                (*verb.after, *shared.after),
            )


@dataclass(slots=True)
class VerbDictionary:
    """Verb blocks, the inflected forms of each verb, and named synsets."""

    blocks: list[VerbBlock] = field(default_factory=list)
    forms: dict[str, str] = field(default_factory=dict)
    synsets: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _index: dict[str, list[VerbPattern]] = field(default_factory=dict)

    def __len__(self) -> int:
        return sum(len(b.verbs) * (1 + len(b.patterns)) for b in self.blocks)

    def add_block(self, block: VerbBlock) -> None:
        """Register a block of verbs."""
        self.blocks.append(block)
        self._index.clear()

    def add_forms(self, base: str, irregular: Iterable[str] = ()) -> None:
        """Register a verb's base form, its regular inflections and irregular ones."""
        for form in (*regular_verb_forms(base), *irregular):
            self.forms.setdefault(form, base)

    def base_of(self, word: str) -> str | None:
        """The dictionary verb an inflected word is a form of, if any."""
        return self.forms.get(word)

    def patterns(self, verb: str) -> list[VerbPattern]:
        """Every pattern of a base verb, in dictionary order."""
        if not self._index:
            for block in self.blocks:
                for entry in block.verbs:
                    self._index.setdefault(entry.verb, []).extend(block.patterns_for(entry))
        return self._index.get(verb, [])

    def expand(self, alternative: str) -> Iterator[tuple[str, ...]]:
        """The word sequences one alternative stands for (synsets expanded, nested too)."""
        if alternative.startswith("&"):
            for member in self.synsets.get(alternative, ()):
                yield from self.expand(member)
        else:
            yield tuple(alternative.split())

    def as_dict(self) -> dict[str, Any]:
        """The dictionary as JSON-ready values (regular verb forms are left to the reader)."""
        return {
            "synsets": {name: list(members) for name, members in sorted(self.synsets.items())},
            "irregular_forms": {
                form: base
                for form, base in sorted(self.forms.items())
                if form not in regular_verb_forms(base)
            },
            "blocks": [
                {
                    "code": block.code,
                    "verbs": [
                        {k: v for k, v in verb.as_dict().items() if v != BLOCK_CODE}
                        for verb in block.verbs
                    ],
                    "patterns": [
                        {k: v for k, v in p.as_dict().items() if k != "verb"}
                        for p in block.patterns
                    ],
                }
                for block in self.blocks
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> VerbDictionary:
        """Rebuild a dictionary from ``as_dict`` output."""
        table = cls(synsets={k: tuple(v) for k, v in data.get("synsets", {}).items()})
        for entry in data["blocks"]:
            block = VerbBlock(code=entry["code"])
            for verb in entry["verbs"]:
                block.verbs.append(VerbPattern.from_dict({"code": BLOCK_CODE, **verb}))
                table.add_forms(verb["verb"])
            block.patterns = [VerbPattern.from_dict(p) for p in entry.get("patterns", [])]
            table.add_block(block)
        for form, base in data.get("irregular_forms", {}).items():
            table.forms.setdefault(form, base)
        return table
