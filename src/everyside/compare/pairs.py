"""How likely two statements from different articles state the same fact: a learned pair model.

Cosine similarity of sentence embeddings alone separates same-fact pairs poorly (on the
alignment gold, a third of the pairs two outlets share score below 0.5, while many
unrelated pairs from one story score above it). The model combines it with signals that
are cheap to compute for every pair of a story, all as matrices:

- the cosine, and how far it falls below each side's best match in the other article
  (a sentence usually states a fact once per article) and below the article pair's mean;
- word overlap weighted by inverse frequency within the story, and the overlap of names
  and figures as written (these carry across languages);
- canonical entities and normalized numbers the two sentences share, or numbers that
  differ;
- the language pair, positions in the articles, the length ratio, and whether the
  neighbouring sentences are similar too (copies of one wire story keep their order).

The weights are a logistic regression learned by ``python -m everyside.training.alignment``
and shipped in ``compare/data/alignment_model.json`` (no text, only weights).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import sparse  # type: ignore[import-untyped]

from .results import Statement

Matrix = NDArray[np.float32]

FEATURES = (
    "cosine",
    "below_best_left",
    "below_best_right",
    "above_pair_mean",
    "word_overlap",
    "weighted_word_overlap",
    "gram_overlap",
    "name_overlap",
    "entity_overlap",
    "shared_entities",
    "shared_numbers",
    "different_numbers",
    "same_language",
    "cosine_same_language",
    "position_gap",
    "earliest_position",
    "length_ratio",
    "neighbours",
)
# What carries across languages: no word overlap, no language flag.
CROSS_LANGUAGE_FEATURES = tuple(
    f for f in FEATURES if "word" not in f and "gram" not in f and "language" not in f
)

_WORD = re.compile(r"[^\W_]+")
# Capitalized words not at a sentence start, and figures: names and numbers as written.
_NAME = re.compile(r"(?<!^)(?<![.!?]\s)\b(?:[A-Z][\w-]+|\d[\d.,]*\d|\d)")


@dataclass(frozen=True, slots=True)
class StatementSignals:
    """What the pair model reads of one story's statements besides their text."""

    embeddings: Matrix  # one L2-normalized row per statement
    entities: Sequence[frozenset[str]]  # canonical entity ids mentioned in each
    numbers: Sequence[frozenset[str]]  # normalized figures given in each


@dataclass(frozen=True, slots=True)
class PairModel:
    """A logistic regression over some of the standardized pair features."""

    features: tuple[str, ...]
    mean: NDArray[np.float64]
    scale: NDArray[np.float64]
    coef: NDArray[np.float64]
    intercept: float

    def probability(self, features: Mapping[str, Matrix]) -> Matrix:
        """P(same fact) for every pair, from one matrix per feature."""
        logit = np.full(next(iter(features.values())).shape, self.intercept, dtype=np.float64)
        for k, name in enumerate(self.features):
            logit += self.coef[k] * (features[name] - self.mean[k]) / self.scale[k]
        result: Matrix = (1.0 / (1.0 + np.exp(-logit))).astype(np.float32)
        return result

    def as_json(self) -> dict[str, object]:
        """The weights as written to ``alignment_model.json``."""
        return {
            "features": list(self.features),
            "mean": self.mean.round(6).tolist(),
            "scale": self.scale.round(6).tolist(),
            "coef": self.coef.round(6).tolist(),
            "intercept": round(self.intercept, 6),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PairModel:
        """Read weights written by ``as_json``; every feature must be one this module computes."""
        names = tuple(str(n) for n in data["features"])
        if not set(names) <= set(FEATURES):
            raise ValueError("alignment model was trained on other features; retrain it")
        return cls(
            features=names,
            mean=np.asarray(data["mean"], dtype=np.float64),
            scale=np.asarray(data["scale"], dtype=np.float64),
            coef=np.asarray(data["coef"], dtype=np.float64),
            intercept=float(data["intercept"]),
        )


@dataclass(frozen=True, slots=True)
class AlignmentModel:
    """One pair model for sentences in one language, another for pairs across languages.

    Word overlap means nothing across languages, and the gold has few such pairs, so the
    cross-language model reads only what carries over (cosine and its ranks, names,
    entities, numbers, positions), learned on every pair.
    """

    same_language: PairModel
    cross_language: PairModel

    def probability(self, features: Mapping[str, Matrix]) -> Matrix:
        """P(same fact) for every pair, each by the model of its language case."""
        same = features["same_language"] > 0
        result: Matrix = np.where(
            same,
            self.same_language.probability(features),
            self.cross_language.probability(features),
        ).astype(np.float32)
        return result

    def as_json(self) -> dict[str, object]:
        """Both models' weights, as written to ``alignment_model.json``."""
        return {
            "same_language": self.same_language.as_json(),
            "cross_language": self.cross_language.as_json(),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> AlignmentModel:
        """Read what ``as_json`` wrote."""
        return cls(
            same_language=PairModel.from_json(data["same_language"]),
            cross_language=PairModel.from_json(data["cross_language"]),
        )


@lru_cache(maxsize=1)
def default_alignment_model() -> AlignmentModel:
    """The shipped model."""
    text = resources.files("everyside.compare").joinpath("data/alignment_model.json").read_text()
    return AlignmentModel.from_json(json.loads(text))


def _indicator(sets: Sequence[frozenset[str]]) -> sparse.csr_matrix:
    """One row per set, one column per item (sorted), 1.0 where the set holds the item."""
    vocabulary = {item: k for k, item in enumerate(sorted(set().union(*sets)))}
    columns = [vocabulary[item] for items in sets for item in items]
    rows = [row for row, items in enumerate(sets) for _ in items]
    return sparse.csr_matrix(
        (np.ones(len(columns), dtype=np.float32), (rows, columns)),
        shape=(len(sets), len(vocabulary)),
    )


def _overlap(
    indicator: sparse.csr_matrix, weights: NDArray[np.float32] | None = None
) -> tuple[Matrix, Matrix]:
    """Pairwise (weighted) Jaccard of the indicator's rows and the size of their intersection."""
    weighted = indicator.multiply(weights[None, :]).tocsr() if weights is not None else indicator
    shared: Matrix = np.asarray((weighted @ indicator.T).todense(), dtype=np.float32)
    sizes = np.asarray(weighted.sum(axis=1), dtype=np.float32).ravel()
    union = sizes[:, None] + sizes[None, :] - shared
    jaccard: Matrix = np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)
    return jaccard, shared


def _grams(text: str) -> frozenset[str]:
    """Character 4-grams inside words: shared stems where words inflect (tr, ar, pl, de)."""
    return frozenset(
        word[k : k + 4]
        for word in (w.lower() for w in _WORD.findall(text))
        for k in range(max(len(word) - 3, 1))
    )


def _words(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _WORD.findall(text) if len(w) >= 3 or w.isdigit())


def _names(text: str) -> frozenset[str]:
    return frozenset(m.lower().rstrip(".,") for m in _NAME.findall(text))


def _story_idf(indicator: sparse.csr_matrix) -> NDArray[np.float32]:
    """Inverse statement frequency within the story of each of the indicator's columns."""
    counts = np.asarray(indicator.sum(axis=0), dtype=np.float64).ravel()
    idf: NDArray[np.float32] = np.log((indicator.shape[0] + 1) / (counts + 0.5)).astype(np.float32)
    return idf


def _codes(values: Sequence[str]) -> NDArray[np.int_]:
    """One integer per distinct value, so that equal values compare as equal codes."""
    codes: NDArray[np.int_] = np.unique(np.asarray(values, dtype=object), return_inverse=True)[1]
    return codes.ravel()


def _below_best(similarity: Matrix, article: NDArray[np.int_], articles: int) -> Matrix:
    """How far each pair's cosine falls below the left statement's best in the right article."""
    best = np.full((len(article), articles), -1.0, dtype=np.float32)
    for a in range(articles):
        columns = article == a
        if columns.any():
            best[:, a] = similarity[:, columns].max(axis=1)
    below: Matrix = similarity - best[:, article]
    return below


def _above_pair_mean(similarity: Matrix, article: NDArray[np.int_], articles: int) -> Matrix:
    """The cosine standardized within its article pair's block of the matrix."""
    result = np.zeros_like(similarity)
    for a in range(articles):
        rows = article == a
        for b in range(articles):
            columns = article == b
            if a == b or not rows.any() or not columns.any():
                continue
            block = similarity[np.ix_(rows, columns)]
            result[np.ix_(rows, columns)] = (block - block.mean()) / (block.std() + 1e-6)
    return result


def _neighbours(similarity: Matrix, article: NDArray[np.int_]) -> Matrix:
    """The larger cosine of the previous pair (i-1, j-1) and the next (i+1, j+1), same articles."""
    result = np.zeros_like(similarity)
    if len(article) < 2:
        return result
    continued = article[1:] == article[:-1]  # statement k+1 follows k in one article
    previous = np.zeros_like(similarity)
    previous[1:, 1:] = similarity[:-1, :-1] * np.outer(continued, continued)
    following = np.zeros_like(similarity)
    following[:-1, :-1] = similarity[1:, 1:] * np.outer(continued, continued)
    np.maximum(previous, following, out=result)
    return result


def pair_features(statements: Sequence[Statement], signals: StatementSignals) -> dict[str, Matrix]:
    """Every feature of the pair model as an n x n matrix over the story's statements."""
    article = _codes([s.article_id for s in statements])
    articles = int(article.max(initial=-1)) + 1
    similarity: Matrix = np.clip(signals.embeddings @ signals.embeddings.T, -1.0, 1.0)
    words = _indicator([_words(s.text) for s in statements])
    word_overlap, _ = _overlap(words)
    weighted_overlap, _ = _overlap(words, _story_idf(words))
    grams = _indicator([_grams(s.text) for s in statements])
    gram_overlap, _ = _overlap(grams, _story_idf(grams))
    name_overlap, _ = _overlap(_indicator([_names(s.text) for s in statements]))
    entity_overlap, shared_entities = _overlap(_indicator(signals.entities))
    _, shared_numbers = _overlap(_indicator(signals.numbers))
    has_numbers = np.asarray([bool(n) for n in signals.numbers], dtype=np.float32)
    language = _codes([s.language or "" for s in statements])
    same_language = (language[:, None] == language[None, :]).astype(np.float32)
    position = np.asarray([s.position for s in statements], dtype=np.float32)
    length = np.asarray([max(len(s.text.split()), 1) for s in statements], dtype=np.float32)
    below = _below_best(similarity, article, articles)
    return {
        "cosine": similarity,
        "below_best_left": below,
        "below_best_right": below.T,
        "above_pair_mean": _above_pair_mean(similarity, article, articles),
        "word_overlap": word_overlap,
        "weighted_word_overlap": weighted_overlap,
        "gram_overlap": gram_overlap,
        "name_overlap": name_overlap,
        "entity_overlap": entity_overlap,
        "shared_entities": shared_entities,
        "shared_numbers": shared_numbers,
        "different_numbers": np.outer(has_numbers, has_numbers) * (shared_numbers == 0),
        "same_language": same_language,
        "cosine_same_language": similarity * same_language,
        "position_gap": np.abs(position[:, None] - position[None, :]),
        "earliest_position": np.minimum(position[:, None], position[None, :]),
        "length_ratio": np.minimum(length[:, None], length[None, :])
        / np.maximum(length[:, None], length[None, :]),
        "neighbours": _neighbours(similarity, article),
    }


def same_fact_probability(
    statements: Sequence[Statement],
    signals: StatementSignals,
    model: AlignmentModel | None = None,
) -> Matrix:
    """P(same fact) for every pair of statements; 0.0 within one article."""
    if not statements:
        return np.zeros((0, 0), dtype=np.float32)
    probability = (model or default_alignment_model()).probability(
        pair_features(statements, signals)
    )
    # The model reads each pair in one order (earlier statement left); both orders agree
    # once averaged, so no decision depends on which article came first.
    probability = ((probability + probability.T) / 2).astype(np.float32)
    article = _codes([s.article_id for s in statements])
    probability[article[:, None] == article[None, :]] = 0.0
    return probability
