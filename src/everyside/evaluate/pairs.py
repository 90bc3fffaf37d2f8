"""Score article-pair similarity against human same-story ratings (SemEval-2022 Task 8).

Each record holds two articles (``title1``/``text1``, ``title2``/``text2``, ``lang1``,
``lang2``) and ``overall``, the annotators' mean rating from 1 (very similar) to 4 (very
dissimilar). everyside's score for a pair is the learned pair model's probability that
the two articles report one story (article↔article, IDF over all articles in the file).

Measures: Pearson correlation of the score with ``-overall``, overall and per language
pair; and, as a decision, precision/recall/F1 of "same story" (probability at or above
the join threshold) against ``overall <= 2``.

The pair file is split in two halves by a hash of ``pair_id``: the training script
(``python -m everyside.training.clustering``) learns only from the ``train`` half, so figures
on the ``dev`` half are held out.
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from everyside.cluster.features import Embedder, document_frequencies
from everyside.cluster.profile import StoryProfile, pair_features
from everyside.cluster.scoring import PairModel, load_model
from everyside.evaluate.clustering import article_features
from everyside.evaluate.corpus import Counts, GoldFormatError, read_jsonl
from everyside.model import Article, ArticleFeatures, SourceRef

Half = Literal["train", "dev"]
SAME_STORY_MAX = 2.0  # an overall rating at or below this means "same story"


@dataclass(frozen=True, slots=True, kw_only=True)
class GoldPair:
    """One rated pair of articles."""

    pair_id: str
    first: Article
    second: Article
    overall: float

    @property
    def languages(self) -> str:
        """The language pair, as "de-en"."""
        return f"{self.first.language}-{self.second.language}"

    @property
    def same_story(self) -> bool:
        """Whether the annotators said the two report the same story."""
        return self.overall <= SAME_STORY_MAX


def pair_half(pair_id: str) -> Half:
    """The half a pair belongs to, fixed by a hash of its id."""
    return "train" if hashlib.sha1(pair_id.encode("utf-8")).digest()[0] % 2 == 0 else "dev"


def _article(identifier: str, title: str, text: str, language: str, path: Path) -> Article:
    return Article(
        id=identifier,
        title=title,
        body=text,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        source=SourceRef(locator=f"{path}#{identifier}", format="jsonl"),
        language=language,
    )


def load_pairs(path: Path, half: Half | None = None) -> list[GoldPair]:
    """The rated pairs of a SemEval-style JSONL file, optionally one half."""
    pairs = []
    for record in read_jsonl(path):
        missing = {"pair_id", "text1", "text2", "overall"} - record.keys()
        if missing:
            raise GoldFormatError(f"{path}: a record lacks {sorted(missing)}")
        pair_id = str(record["pair_id"])
        if half is not None and pair_half(pair_id) != half:
            continue
        ids = pair_id.split("_")
        first_id, second_id = (
            (ids[0], ids[-1]) if len(ids) == 2 else (f"{pair_id}:1", f"{pair_id}:2")
        )
        pairs.append(
            GoldPair(
                pair_id=pair_id,
                first=_article(
                    first_id,
                    str(record.get("title1") or ""),
                    str(record["text1"] or ""),
                    str(record.get("lang1") or ""),
                    path,
                ),
                second=_article(
                    second_id,
                    str(record.get("title2") or ""),
                    str(record["text2"] or ""),
                    str(record.get("lang2") or ""),
                    path,
                ),
                overall=float(record["overall"]),
            )
        )
    return pairs


def pair_rows(pairs: Sequence[GoldPair], features: Sequence[ArticleFeatures]) -> np.ndarray:
    """Pair features of each pair, IDF over all the articles given."""
    by_id = {f.article_id: f for f in features}
    terms_df, entities_df = document_frequencies(by_id.values())
    profiles = {key: StoryProfile.of(item) for key, item in by_id.items()}
    rows = [
        pair_features(profiles[p.first.id], profiles[p.second.id], terms_df, entities_df)
        for p in pairs
    ]
    return np.asarray(rows, dtype=np.float64)


def pearson(x: Sequence[float] | np.ndarray, y: Sequence[float] | np.ndarray) -> float:
    """Pearson correlation (NaN when either side is constant or there are < 2 points)."""
    a, b = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if len(a) < 2 or a.std() == 0 or b.std() == 0:
        return math.nan
    return float(np.corrcoef(a, b)[0, 1])


@dataclass(slots=True, kw_only=True)
class PairScores:
    """Pearson overall and per language pair, and the same-story decision."""

    pairs: int
    pearson: float
    by_languages: dict[str, tuple[int, float]] = field(default_factory=dict)
    same_story: Counts = field(default_factory=Counts)
    threshold: float = 0.5

    def as_dict(self) -> dict[str, Any]:
        """Scores rounded for printing."""
        return {
            "pairs": self.pairs,
            "pearson": round(self.pearson, 4),
            "by_languages": {
                key: {"pairs": n, "pearson": round(r, 4)}
                for key, (n, r) in sorted(self.by_languages.items())
            },
            "same_story": self.same_story.as_dict(),
            "threshold": self.threshold,
        }


def score_pairs(
    pairs: Sequence[GoldPair], probabilities: np.ndarray, threshold: float
) -> PairScores:
    """Pearson with -overall and same-story P/R/F1 at ``threshold``."""
    overall = np.asarray([-p.overall for p in pairs])
    groups: dict[str, list[int]] = defaultdict(list)
    for i, pair in enumerate(pairs):
        groups[pair.languages].append(i)
    predicted = probabilities >= threshold
    gold = np.asarray([p.same_story for p in pairs])
    return PairScores(
        pairs=len(pairs),
        pearson=pearson(probabilities, overall),
        by_languages={
            key: (len(idx), pearson(probabilities[idx], overall[idx]))
            for key, idx in groups.items()
        },
        same_story=Counts.from_totals(
            true_positives=int((predicted & gold).sum()),
            predicted=int(predicted.sum()),
            gold=int(gold.sum()),
        ),
        threshold=threshold,
    )


def evaluate_pairs(
    path: Path,
    half: Half | None = "dev",
    *,
    model: PairModel | None = None,
    embedder: Embedder | None = None,
    threshold: float | None = None,
) -> PairScores:
    """Score the pair model on a SemEval-style pair file (the held-out half by default).

    Args:
        path: the pairs JSONL.
        half: "dev" (held out from training), "train", or None for every pair.
        model: pair model; the packaged one by default.
        embedder: sentence embedder; the packaged USE model by default.
        threshold: same-story decision threshold; the model's join threshold by default.
    """
    pairs = load_pairs(path, half)
    if not pairs:
        raise GoldFormatError(f"{path}: no pairs{f' in half {half!r}' if half else ''}")
    model = model or load_model()
    articles = [a for p in pairs for a in (p.first, p.second)]
    features = article_features(articles, embedder=embedder)
    probabilities = model.probability(pair_rows(pairs, features))
    return score_pairs(pairs, probabilities, threshold or model.join_threshold)
