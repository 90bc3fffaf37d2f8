"""The pair model: its features, its weights file and its probabilities."""

from __future__ import annotations

import numpy as np
import pytest

from everyside.compare.pairs import (
    CROSS_LANGUAGE_FEATURES,
    FEATURES,
    AlignmentModel,
    PairModel,
    StatementSignals,
    default_alignment_model,
    pair_features,
    same_fact_probability,
)
from everyside.compare.results import Statement
from everyside.model import Span


def _statements() -> list[Statement]:
    texts = [
        ("a", "Harbour officials counted 40 ferries in Portmere on Friday."),
        ("a", "The weather was calm all week."),
        ("b", "On Friday 40 ferries were counted in Portmere by harbour officials."),
        ("b", "A new café opened near the station."),
    ]
    return [
        Statement(
            article_id=a,
            outlet=a.upper(),
            span=Span(0, len(t)),
            text=t,
            position=k % 2,
            language="en",
        )
        for k, (a, t) in enumerate(texts)
    ]


def _signals(count: int) -> StatementSignals:
    vectors = np.eye(count, dtype=np.float32)
    vectors[2] = vectors[0]  # the two ferry sentences embed alike
    return StatementSignals(
        embeddings=vectors,
        entities=[frozenset({"portmere"}), frozenset(), frozenset({"portmere"}), frozenset()],
        numbers=[frozenset({"40"}), frozenset(), frozenset({"40"}), frozenset()],
    )


def test_every_feature_is_a_square_matrix() -> None:
    statements = _statements()
    features = pair_features(statements, _signals(len(statements)))
    assert list(features) == list(FEATURES)
    for name, matrix in features.items():
        assert matrix.shape == (4, 4), name
    assert features["shared_numbers"][0, 2] == 1 and features["shared_entities"][0, 2] == 1
    assert features["weighted_word_overlap"][0, 2] > features["weighted_word_overlap"][0, 3]


def test_the_shipped_model_prefers_the_restated_fact_and_never_pairs_one_article() -> None:
    statements = _statements()
    probability = same_fact_probability(statements, _signals(len(statements)))
    assert probability[0, 2] > 0.5 > probability[0, 3]
    assert probability[0, 1] == 0.0 and probability[2, 3] == 0.0
    assert np.allclose(probability, probability.T, atol=1e-6)


def test_weights_round_trip_and_refuse_other_features() -> None:
    model = default_alignment_model()
    again = AlignmentModel.from_json(model.as_json())
    assert np.allclose(again.same_language.coef, model.same_language.coef)
    assert again.cross_language.intercept == pytest.approx(model.cross_language.intercept)
    assert model.cross_language.features == CROSS_LANGUAGE_FEATURES
    assert not {"same_language", "word_overlap"} & set(CROSS_LANGUAGE_FEATURES)
    with pytest.raises(ValueError, match="retrain"):
        PairModel.from_json({**model.same_language.as_json(), "features": ["unknown"]})


def test_pairs_across_languages_use_the_cross_language_model() -> None:
    statements = _statements()
    features = pair_features(statements, _signals(len(statements)))
    features["same_language"][0, 2] = features["same_language"][2, 0] = 0.0
    model = default_alignment_model()
    both = model.probability(features)
    assert both[0, 2] == pytest.approx(model.cross_language.probability(features)[0, 2])
    assert both[0, 3] == pytest.approx(model.same_language.probability(features)[0, 3])
