"""Inflected forms of Latin-script names: case endings that make one name several words.

German adds a genitive "-s" ("Merkels"), Polish declines every word ("Dudy", "Dudą",
"Lublinie", "Kaczyńskiego"), Turkish writes a case ending after an apostrophe
("Ankara'da", handled where the tokens are read: ``entities._TURKISH_SUFFIX``). A name's
words reduced to stems by the language's short case endings: two forms of one name share
a stem word by word; the linker joins a name to another of the article or of the alias
tables that it shares them with, and looks the stem's likely base forms up in the tables.
"""

from __future__ import annotations

import re

# Short case endings by language, longest first; a stem keeps at least the given
# number of letters ("Duda": "Dud"; German "Jens" keeps its "s": "Jen" is too short).
_ENDINGS: dict[str, tuple[tuple[str, ...], int]] = {
    "de": (("s",), 4),
    "pl": (
        tuple("owie owi iego ego iemu emu iej ach ami iem em om ie ej im ym ą ę a u y i e".split()),  # noqa: SIM905
        3,
    ),
    # Turkish endings follow an apostrophe, taken off where the tokens are read.
    "tr": ((), 0),
}
# Endings a stem may take in the base form (nominative) the tables write: "Dud" + "a".
_BASE_ENDINGS: dict[str, tuple[str, ...]] = {"de": ("",), "pl": ("", "a", "i", "y")}
# Turkish locative and ablative endings after an apostrophe ("Ankara'da", "Ankara'dan"):
# the place itself, not its government.
TURKISH_PLACE_CASE = re.compile(r"['’](?:[dt][ae]|[dt][ae]n)$")


def inflecting(language: str) -> bool:
    """Whether the language's names take case endings this module strips."""
    return language in _ENDINGS


def _stripped(word: str, language: str) -> list[str]:
    """A word less each case ending it ends with that leaves a long enough stem."""
    endings, shortest = _ENDINGS.get(language, ((), 0))
    if not word[:1].isupper():
        return []
    return [
        word[: -len(ending)]
        for ending in endings
        if word.endswith(ending) and len(word) - len(ending) >= shortest
    ]


def stems(word: str, language: str) -> frozenset[str]:
    """The word and its stems, case folded: what another form of it may share
    ("Andrzeja": "andrzeja", "andrzej"; "Andrzej": "andrzej", "andrz")."""
    return frozenset(form.casefold() for form in (word, *_stripped(word, language)))


def same_name(one: str, other: str, language: str) -> bool:
    """Whether two names are forms of one: as many words, each pair sharing a stem
    ("Andrzej Duda", "Andrzeja Dudy", "Andrzejem Dudą")."""
    words, others = one.split(), other.split()
    return len(words) == len(others) and all(
        stems(a, language) & stems(b, language) for a, b in zip(words, others, strict=True)
    )


def base_variants(words: list[str], language: str) -> list[list[str]]:
    """The words with every inflected capitalized word in one of its likely base forms,
    one list per base ending ("Dudy", "Putina": "Dud"/"Putin", "Duda"/"Putina", ...)."""
    bare = [next(iter(_stripped(word, language)), word) for word in words]
    return [
        [b + ending if b != word else word for b, word in zip(bare, words, strict=True)]
        for ending in _BASE_ENDINGS.get(language, ())
    ]
