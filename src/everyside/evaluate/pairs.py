"""Score article-pair similarity against human same-story ratings (SemEval-2022 Task 8).

Each record holds two articles (``title1``/``text1``, ``title2``/``text2``, ``lang1``,
``lang2``) and ``overall``, the annotators' mean rating from 1 (very similar) to 4 (very
dissimilar). everyside's score for a pair is the learned pair model's probability that
the two articles report one story (article↔article, IDF over all articles in the file).

Measures: Pearson correlation of the score with ``-overall``, overall and per language
pair; and, as a decision, precision/recall/F1 of "same story" (probability at or above
the join threshold) against ``overall <= 2``.

The pair file is split in two halves by a hash of ``pair_id``: the training script
(``python -m everyside.training.clustering``) learns only from the ``train`` part of one half,
so figures on the ``dev`` half are held out; a fifth of the training half (``check``, by a
second byte of the hash) is also kept out of training, for a final check that leaves dev
unread.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from everyside.cluster.features import Embedder, document_frequencies
from everyside.cluster.profile import StoryProfile, pair_features
from everyside.cluster.scoring import PairModel, load_model
from everyside.evaluate.clustering import article_features, load_gold
from everyside.evaluate.corpus import Counts, GoldFormatError, read_jsonl
from everyside.model import Article, ArticleFeatures, SourceRef

Half = Literal["train", "check", "dev"]
# One pair in this many of the training half is kept aside: a check that training never reads.
CHECK_EVERY = 5
SAME_STORY_MAX = 2.0  # an overall rating at or below this means "same story"
# Same-story recall is also reported at the best threshold keeping precision at this floor.
PRECISION_FLOOR = 0.80


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
    """The part a pair belongs to, fixed by a hash of its id (see the module doc)."""
    digest = hashlib.sha1(pair_id.encode("utf-8")).digest()
    if digest[0] % 2 == 1:
        return "dev"
    return "check" if digest[1] % CHECK_EVERY == 0 else "train"


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


@dataclass(frozen=True, slots=True)
class RecallAtPrecision:
    """The best same-story recall among thresholds whose precision reaches a floor."""

    floor: float
    recall: float
    precision: float
    threshold: float | None  # None: no threshold reaches the floor

    def as_dict(self) -> dict[str, Any]:
        """Rounded for printing."""
        return {
            "precision_floor": self.floor,
            "recall": round(self.recall, 4),
            "precision": round(self.precision, 4),
            "threshold": None if self.threshold is None else round(self.threshold, 4),
        }


def recall_at_precision(
    probabilities: np.ndarray, gold: np.ndarray, floor: float = PRECISION_FLOOR
) -> RecallAtPrecision:
    """The highest recall of "same story" at any threshold with precision >= ``floor``."""
    scores = np.asarray(probabilities, dtype=np.float64)
    truth = np.asarray(gold, dtype=bool)
    positives = int(truth.sum())
    best = RecallAtPrecision(floor, 0.0, 0.0, None)
    if positives == 0 or len(scores) == 0:
        return best
    order = np.argsort(-scores, kind="stable")
    ranked, hits = scores[order], np.cumsum(truth[order])
    # Cut only after the last of tied scores: a threshold takes all of them or none.
    cuts = np.flatnonzero(np.append(ranked[1:] != ranked[:-1], True))
    for cut in cuts:
        precision = hits[cut] / (cut + 1)
        recall = hits[cut] / positives
        if precision >= floor and recall > best.recall:
            best = RecallAtPrecision(floor, float(recall), float(precision), float(ranked[cut]))
    return best


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupScores:
    """Pearson and same-story decisions over one group of pairs (a language pair, say)."""

    pairs: int
    pearson: float
    same_story: Counts
    at_precision: RecallAtPrecision

    @classmethod
    def of(cls, probabilities: np.ndarray, overall: np.ndarray, threshold: float) -> GroupScores:
        """Scores of these pairs' probabilities against their ratings."""
        gold = overall <= SAME_STORY_MAX
        predicted = probabilities >= threshold
        return cls(
            pairs=len(probabilities),
            pearson=pearson(probabilities, -overall),
            same_story=Counts.from_totals(
                true_positives=int((predicted & gold).sum()),
                predicted=int(predicted.sum()),
                gold=int(gold.sum()),
            ),
            at_precision=recall_at_precision(probabilities, gold),
        )

    def as_dict(self) -> dict[str, Any]:
        """Rounded for printing."""
        return {
            "pairs": self.pairs,
            "pearson": round(self.pearson, 4),
            "same_story": self.same_story.as_dict(),
            "recall_at_precision": self.at_precision.as_dict(),
        }


@dataclass(slots=True, kw_only=True)
class PairScores:
    """Pearson and the same-story decision, overall, per language pair and across languages.

    ``same_story`` is decided at ``threshold`` (the model's join threshold); every group
    also reports the best recall at precision >= ``PRECISION_FLOOR``.
    """

    pairs: int
    pearson: float
    by_languages: dict[str, GroupScores] = field(default_factory=dict)
    same_story: Counts = field(default_factory=Counts)
    at_precision: RecallAtPrecision = field(
        default_factory=lambda: RecallAtPrecision(PRECISION_FLOOR, 0.0, 0.0, None)
    )
    cross_language: GroupScores | None = None
    threshold: float = 0.5

    def as_dict(self) -> dict[str, Any]:
        """Scores rounded for printing."""
        return {
            "pairs": self.pairs,
            "pearson": round(self.pearson, 4),
            "by_languages": {
                key: group.as_dict() for key, group in sorted(self.by_languages.items())
            },
            "cross_language": self.cross_language.as_dict() if self.cross_language else None,
            "same_story": self.same_story.as_dict(),
            "recall_at_precision": self.at_precision.as_dict(),
            "threshold": self.threshold,
        }


def score_pairs(
    pairs: Sequence[GoldPair], probabilities: np.ndarray, threshold: float
) -> PairScores:
    """Pearson with -overall and same-story P/R/F1 at ``threshold``, overall and per group."""
    probabilities = np.asarray(probabilities, dtype=np.float64)
    overall = np.asarray([p.overall for p in pairs], dtype=np.float64)
    groups: dict[str, list[int]] = defaultdict(list)
    cross: list[int] = []
    for i, pair in enumerate(pairs):
        groups[pair.languages].append(i)
        if pair.first.language != pair.second.language:
            cross.append(i)
    everything = GroupScores.of(probabilities, overall, threshold)
    return PairScores(
        pairs=len(pairs),
        pearson=everything.pearson,
        by_languages={
            key: GroupScores.of(probabilities[idx], overall[idx], threshold)
            for key, idx in groups.items()
        },
        same_story=everything.same_story,
        at_precision=everything.at_precision,
        cross_language=GroupScores.of(probabilities[cross], overall[cross], threshold)
        if cross
        else None,
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
        half: "dev" (held out), "check" (the training half's fifth that training never
            reads), "train" (what training reads), or None for every pair.
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


@dataclass(frozen=True, slots=True, kw_only=True)
class JoinShares:
    """How often a model joins pairs of articles from one gold story, and from two."""

    threshold: float
    same: int  # pairs from one gold story
    joined_same: int
    different: int  # pairs from different gold stories
    joined_different: int
    at_precision: RecallAtPrecision

    @property
    def recall(self) -> float:
        """Share of same-story pairs the model joins."""
        return self.joined_same / self.same if self.same else math.nan

    @property
    def false_joins(self) -> float:
        """Share of different-story pairs the model joins."""
        return self.joined_different / self.different if self.different else math.nan

    @property
    def precision(self) -> float:
        """Share of joined pairs that are from one gold story."""
        joined = self.joined_same + self.joined_different
        return self.joined_same / joined if joined else math.nan

    def as_dict(self) -> dict[str, Any]:
        """Rounded for printing."""
        return {
            "threshold": self.threshold,
            "same_story_pairs": self.same,
            "joined": round(self.recall, 4),
            "different_story_pairs": self.different,
            "falsely_joined": round(self.false_joins, 4),
            "precision": round(self.precision, 4),
            "recall_at_precision": self.at_precision.as_dict(),
        }

    @classmethod
    def of(cls, probabilities: np.ndarray, same: np.ndarray, threshold: float) -> JoinShares:
        """Counts of the pairs at ``threshold``."""
        joined = probabilities >= threshold
        return cls(
            threshold=threshold,
            same=int(same.sum()),
            joined_same=int((joined & same).sum()),
            different=int((~same).sum()),
            joined_different=int((joined & ~same).sum()),
            at_precision=recall_at_precision(probabilities, same),
        )


@dataclass(slots=True, kw_only=True)
class StoryPairScores:
    """Every article pair of a clustering gold file, scored article↔article.

    Per model (``stream``: the streaming model at its join threshold; ``batch``: the
    rebuild's model at its batch threshold), split into pairs across languages and
    within one language.
    """

    articles: int
    languages: dict[str, int]
    by_model: dict[str, dict[str, JoinShares]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Scores rounded for printing."""
        return {
            "articles": self.articles,
            "languages": dict(sorted(self.languages.items())),
            "models": {
                model: {kind: shares.as_dict() for kind, shares in groups.items()}
                for model, groups in self.by_model.items()
            },
        }


def story_pair_shares(
    features: Sequence[ArticleFeatures],
    stories: Mapping[str, str],
    models: Mapping[str, tuple[PairModel, float]],
) -> StoryPairScores:
    """Join shares of all article pairs per model (at its threshold), across and within language."""
    unique = list({f.article_id: f for f in features}.values())
    terms_df, entities_df = document_frequencies(unique)
    profiles = [StoryProfile.of(item) for item in unique]
    index = [(i, j) for i in range(len(unique)) for j in range(i + 1, len(unique))]
    rows = np.asarray(
        [pair_features(profiles[i], profiles[j], terms_df, entities_df) for i, j in index],
        dtype=np.float64,
    ).reshape(len(index), -1)
    same = np.asarray(
        [stories[unique[i].article_id] == stories[unique[j].article_id] for i, j in index]
    )
    cross = np.asarray([unique[i].language != unique[j].language for i, j in index])
    by_model: dict[str, dict[str, JoinShares]] = {}
    for name, (model, threshold) in models.items():
        probabilities = model.probability(rows) if len(rows) else np.zeros(0)
        by_model[name] = {
            kind: JoinShares.of(probabilities[mask], same[mask], threshold)
            for kind, mask in (("cross_language", cross), ("same_language", ~cross))
        }
    languages = Counter(str(f.language) for f in unique)
    return StoryPairScores(articles=len(unique), languages=dict(languages), by_model=by_model)


def evaluate_story_pairs(
    path: Path,
    split: str | None = None,
    *,
    embedder: Embedder | None = None,
) -> StoryPairScores:
    """Share of same-story article pairs the packaged models would join, across languages.

    ``path`` is a clustering gold file (the demo gold, or ECB+-style JSONL).
    """
    items = load_gold(path, split)
    features = article_features([i.article for i in items], embedder=embedder)
    stories = {i.article.id: i.cluster for i in items}
    stream, batch = load_model(), load_model(batch=True)
    return story_pair_shares(
        features,
        stories,
        {"stream": (stream, stream.join_threshold), "batch": (batch, batch.batch_threshold)},
    )


def is_pair_file(path: Path) -> bool:
    """Whether a JSONL file holds rated pairs (``pair_id``) rather than clustering gold."""
    for record in read_jsonl(path):
        return "pair_id" in record
    return False
