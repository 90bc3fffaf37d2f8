"""Words as the CAMEO tables and the coder compare them: phrases, inflections, lemmas.

Words are kept lower case and split the way spaCy's English tokenizer splits them
("al-qaeda" is "al", "-", "qaeda"), so dictionary phrases and doc tokens compare as
word tuples.
"""

from __future__ import annotations

import re
from functools import lru_cache

import simplemma


def words_of(phrase: str) -> tuple[str, ...]:
    """A dictionary phrase as lower-case words: underscores and spaces separate words."""
    text = phrase.strip().strip("_").lower().replace("_", " ")
    out: list[str] = []
    for word in text.split():
        # spaCy splits "al-qaeda" and "chief's" into pieces: do the same here.
        pieces = re.split(r"(-|'s$|n't$)", word)
        out.extend(piece for piece in pieces if piece)
    return tuple(out)


def plural_of(word: str) -> str:
    """The regular English plural of a noun."""
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    if re.search(r"(s|x|z|ch|sh)$", word):
        return word + "es"
    return word + "s"


def regular_verb_forms(base: str) -> set[str]:
    """The regular inflections of an English verb (irregular ones come from the table)."""
    stem = base[:-1] if base.endswith("e") else base
    third = plural_of(base)
    past = (
        base + "d"
        if base.endswith("e")
        else (stem[:-1] + "ied" if third.endswith("ies") else base + "ed")
    )
    return {base, third, past, stem + "ing"}


@lru_cache(maxsize=65536)
def lemma_of(word: str, language: str) -> str:
    """A word's lemma in a language, lower case (cached: the coder asks for every word)."""
    return str(simplemma.lemmatize(word, lang=language)).lower()


@lru_cache(maxsize=65536)
def forms_of(word: str, language: str) -> frozenset[str]:
    """A lower-case word and its lemma: the forms verb patterns match (cached like lemmas)."""
    return frozenset({word, lemma_of(word, language)})
