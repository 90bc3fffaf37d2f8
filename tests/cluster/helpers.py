"""Hand-made features and a hand-made pair model for tests that need no analysis."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np

from everyside.cluster.profile import FEATURES
from everyside.cluster.scoring import PairModel
from everyside.model import EMBEDDING_DIM, ArticleFeatures


def unit(*weights: tuple[int, float]) -> np.ndarray:
    """A unit vector with the given (axis, weight) components."""
    vector = np.zeros(EMBEDDING_DIM, dtype=np.float32)
    for axis, weight in weights:
        vector[axis] = weight
    return vector / np.linalg.norm(vector)


def article(
    article_id: str,
    vector: np.ndarray,
    *,
    day: int | None = 1,
    language: str = "en",
    terms: dict[str, float] | None = None,
    entities: dict[str, float] | None = None,
) -> ArticleFeatures:
    """Features with an embedding, optional terms and entities, published on a July day."""
    return ArticleFeatures(
        article_id=article_id,
        title=f"Title {article_id}",
        language=language,
        outlet=f"Outlet {article_id}",
        published_at=datetime(2024, 7, day, 12, tzinfo=UTC) if day else None,
        terms=terms or {},
        entities=entities or {},
        embedding=vector,
    )


def embedding_model(
    slope: float = 20.0,
    centre: float = 0.5,
    *,
    join: float = 0.5,
    merge: float = 0.8,
    batch: float = 0.5,
) -> PairModel:
    """A pair model that looks only at embedding cosine: p = sigmoid(slope * (cos - centre))."""
    coef = np.zeros(len(FEATURES))
    coef[FEATURES.index("embedding_cosine")] = slope
    return PairModel(
        features=FEATURES,
        mean=np.zeros(len(FEATURES)),
        scale=np.ones(len(FEATURES)),
        coef=coef,
        intercept=-slope * centre,
        cross_coef=coef.copy(),
        cross_intercept=-slope * centre,
        join_threshold=join,
        merge_threshold=merge,
        batch_threshold=batch,
    )
