"""Same-story recall at a precision floor, per language pair, and story-pair join shares."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from everyside.cluster.profile import FEATURES
from everyside.cluster.scoring import PairModel
from everyside.evaluate.pairs import (
    GoldPair,
    is_pair_file,
    pair_half,
    recall_at_precision,
    score_pairs,
    story_pair_shares,
)
from everyside.model import Article, ArticleFeatures, SourceRef


def _article(identifier: str, language: str) -> Article:
    return Article(
        id=identifier,
        title="t",
        body="b",
        content_hash=identifier,
        source=SourceRef(locator=identifier, format="jsonl"),
        language=language,
    )


def test_recall_at_precision_takes_the_best_threshold_above_the_floor() -> None:
    scores = np.asarray([0.9, 0.8, 0.7, 0.6, 0.5, 0.4])
    gold = np.asarray([True, True, False, True, True, False])
    best = recall_at_precision(scores, gold, 0.8)
    # Cutting at 0.5 keeps 4 of 5 right (precision 0.8) and finds all 4 same-story pairs.
    assert best.recall == 1.0 and best.precision == pytest.approx(0.8) and best.threshold == 0.5
    assert recall_at_precision(scores, gold, 0.95).recall == 0.5
    assert recall_at_precision(scores, ~gold | True, 0.8).recall == 1.0
    none = recall_at_precision(np.asarray([0.9, 0.1]), np.asarray([False, True]), 0.8)
    assert none.recall == 0.0 and none.threshold is None
    # Tied scores are taken together, never split.
    tied = recall_at_precision(np.asarray([0.7, 0.7]), np.asarray([True, False]), 0.8)
    assert tied.recall == 0.0


def test_score_pairs_reports_each_language_pair_and_cross_language() -> None:
    pairs = [
        GoldPair(
            pair_id=f"{i}_{i + 10}",
            first=_article(f"{i}", "de"),
            second=_article(f"{i + 10}", "en" if i < 4 else "de"),
            overall=1.0 if i % 2 == 0 else 4.0,
        )
        for i in range(8)
    ]
    probabilities = np.asarray([0.9, 0.1, 0.3, 0.2, 0.8, 0.7, 0.9, 0.1])
    scores = score_pairs(pairs, probabilities, 0.5)
    cross = scores.by_languages["de-en"]
    assert cross.pairs == 4 and cross.same_story.recall == 0.5 and cross.same_story.precision == 1
    assert cross.at_precision.recall == 1.0 and cross.at_precision.threshold == 0.3
    assert scores.cross_language is not None and scores.cross_language.pairs == 4
    same = scores.by_languages["de-de"]
    assert same.same_story.recall == 1.0 and same.same_story.precision == pytest.approx(2 / 3)
    data = scores.as_dict()
    assert data["by_languages"]["de-en"]["recall_at_precision"]["recall"] == 1.0
    assert data["cross_language"]["pairs"] == 4


def _features(identifier: str, language: str, embedding: list[float]) -> ArticleFeatures:
    vector = np.zeros(512, np.float32)
    vector[: len(embedding)] = embedding
    return ArticleFeatures(
        article_id=identifier,
        title="",
        language=language,
        embedding=vector / np.linalg.norm(vector),
    )


def test_story_pair_shares_split_cross_and_same_language() -> None:
    features = [
        _features("a", "en", [1.0, 0.0]),
        _features("b", "de", [1.0, 0.1]),
        _features("c", "en", [0.0, 1.0]),
        _features("d", "id", [0.1, 1.0]),
    ]
    stories = {"a": "s1", "b": "s1", "c": "s2", "d": "s2"}
    coef = np.zeros(len(FEATURES))
    coef[FEATURES.index("embedding_cosine")] = 10.0
    model = PairModel(
        features=FEATURES,
        mean=np.zeros(len(FEATURES)),
        scale=np.ones(len(FEATURES)),
        coef=coef,
        intercept=-5.0,
        cross_coef=coef,
        cross_intercept=-5.0,
    )
    shares = story_pair_shares(features, stories, {"m": (model, 0.5)})
    cross = shares.by_model["m"]["cross_language"]
    # a-b and c-d are one story each, across languages; a-d, b-c, b-d differ.
    assert (cross.same, cross.joined_same, cross.different, cross.joined_different) == (2, 2, 3, 0)
    assert cross.recall == 1.0 and cross.false_joins == 0.0
    within = shares.by_model["m"]["same_language"]
    assert (within.same, within.different, within.joined_different) == (0, 1, 0)
    assert shares.as_dict()["languages"] == {"de": 1, "en": 2, "id": 1}


def test_is_pair_file(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text('{"pair_id": "1_2"}\n')
    assert is_pair_file(path)
    path.write_text('{"id": "1", "cluster": "x", "text": "t"}\n')
    assert not is_pair_file(path)


def test_a_fifth_of_the_training_half_is_kept_aside_as_check() -> None:
    parts = Counter(pair_half(f"{i}_{i + 1}") for i in range(2000))
    assert 900 < parts["dev"] < 1100
    assert 150 < parts["check"] < 250 and parts["train"] > 3 * parts["check"]
