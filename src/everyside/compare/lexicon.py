"""Word lists for negation, claim strength and tone, read from a data file users can extend."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

LEXICON_FILE = Path(__file__).parent / "data" / "lexicon.json"

# Words with inner hyphens or apostrophes stay whole: "besar-besaran", "can't".
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


def words_of(text: str) -> list[str]:
    """The lower-cased words of a text."""
    return _WORD.findall(text.lower())


@dataclass(frozen=True, slots=True)
class WordList:
    """Words matched whole, by beginning (``secur*``) or by ending (``*n't``)."""

    words: frozenset[str]
    prefixes: tuple[str, ...]
    suffixes: tuple[str, ...]

    @classmethod
    def of(cls, entries: Iterable[str]) -> WordList:
        """A word list from entries as the data file writes them."""
        entries = list(entries)
        return cls(
            words=frozenset(e for e in entries if "*" not in e),
            prefixes=tuple(e[:-1] for e in entries if e.endswith("*")),
            suffixes=tuple(e[1:] for e in entries if e.startswith("*")),
        )

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        return word in self.words or word.startswith(self.prefixes) or word.endswith(self.suffixes)

    def count(self, words: Iterable[str]) -> int:
        """How many of the words are in the list."""
        return sum(1 for word in words if word in self)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """One language's word lists."""

    negation: WordList
    strong: WordList
    weak: WordList
    positive: WordList
    negative: WordList


@lru_cache(maxsize=16)
def lexicon_for(language: str | None, path: Path = LEXICON_FILE) -> Lexicon:
    """The word lists of a language; English for languages the file does not cover."""
    data = json.loads(path.read_text(encoding="utf-8"))
    lists = data.get(language or "en") or data["en"]
    return Lexicon(
        **{name: WordList.of(lists.get(name, [])) for name in (f.name for f in fields(Lexicon))}
    )
