"""The learned pair models: logistic regressions over pair features, read from JSON files.

Two sets of weights ship beside this module, both written by
``python -m everyside.training.clustering``: ``model.json`` scores an article against a story
(streaming, and the pair similarity `everyside eval pairs` measures), and
``batch_model.json`` scores an article against an article (the batch rebuild, which
links articles pair by pair). Each file records what it was trained on, the decision
thresholds tuned on training data with it, and the training figures.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from everyside.cluster.profile import CROSS_LINGUAL, FEATURES, LANGUAGE_FEATURES
from everyside.errors import EverysideError

MODEL_FILE = "model.json"
BATCH_MODEL_FILE = "batch_model.json"
FORMAT_VERSION = 2


class ModelFileError(EverysideError):
    """A weights file that cannot be used: unreadable, or made for other features."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PairModel:
    """Two logistic regressions over standardized pair features, plus thresholds.

    Pairs in one language use ``coef``; cross-lingual pairs (no lexical evidence) use
    ``cross_coef``, learned from the same rows with the word features left out.

    Args:
        features: feature names, in the order of the weights.
        mean, scale: standardization applied before the weights.
        coef, intercept: the same-language logistic regression.
        cross_coef, cross_intercept: the language-independent one (0 on word features).
        join_threshold: probability at which a streaming article joins its best story.
        merge_threshold: probability at which one article, belonging to two stories,
            merges them (streaming and batch).
        batch_threshold: average-linkage probability at which batch clusters merge.
        info: provenance and training figures (free-form).
    """

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    cross_coef: np.ndarray
    cross_intercept: float
    join_threshold: float = 0.5
    merge_threshold: float = 0.8
    batch_threshold: float = 0.5
    info: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.features != FEATURES:
            raise ModelFileError(
                f"the weights are for features {list(self.features)}, this version computes "
                f"{list(FEATURES)}: retrain with `python -m everyside.training.clustering`"
            )
        for name in ("mean", "scale", "coef", "cross_coef"):
            if getattr(self, name).shape != (len(FEATURES),):
                raise ModelFileError(f"{name} must have {len(FEATURES)} values")
        for name in ("join_threshold", "merge_threshold", "batch_threshold"):
            if not 0.0 < getattr(self, name) < 1.0:
                raise ModelFileError(f"{name} must be between 0 and 1")
        for index, name in enumerate(FEATURES):
            if name in LANGUAGE_FEATURES and self.cross_coef[index] != 0.0:
                raise ModelFileError(f"the cross-lingual model cannot weigh {name}")

    def decision(self, rows: np.ndarray) -> np.ndarray:
        """Log-odds that each row's pair reports one story."""
        matrix = np.asarray(rows, dtype=np.float64).reshape(-1, len(self.features))
        standard = (matrix - self.mean) / self.scale
        same = standard @ self.coef + self.intercept
        cross = standard @ self.cross_coef + self.cross_intercept
        result: np.ndarray = np.where(matrix[:, CROSS_LINGUAL] > 0.5, cross, same)
        return result

    def probability(self, rows: np.ndarray) -> np.ndarray:
        """Probability that each row's pair reports one story."""
        result: np.ndarray = 1.0 / (1.0 + np.exp(-self.decision(rows)))
        return result

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "format": FORMAT_VERSION,
            "features": list(self.features),
            "mean": [float(x) for x in self.mean],
            "scale": [float(x) for x in self.scale],
            "coef": [float(x) for x in self.coef],
            "intercept": float(self.intercept),
            "cross_coef": [float(x) for x in self.cross_coef],
            "cross_intercept": float(self.cross_intercept),
            "join_threshold": self.join_threshold,
            "merge_threshold": self.merge_threshold,
            "batch_threshold": self.batch_threshold,
            "info": self.info,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PairModel:
        """The inverse of :meth:`as_dict`; raises ModelFileError on a bad file."""
        if data.get("format") != FORMAT_VERSION:
            raise ModelFileError(f"unknown weights format {data.get('format')!r}")
        try:
            return cls(
                features=tuple(data["features"]),
                mean=np.asarray(data["mean"], dtype=np.float64),
                scale=np.asarray(data["scale"], dtype=np.float64),
                coef=np.asarray(data["coef"], dtype=np.float64),
                intercept=float(data["intercept"]),
                cross_coef=np.asarray(data["cross_coef"], dtype=np.float64),
                cross_intercept=float(data["cross_intercept"]),
                join_threshold=float(data["join_threshold"]),
                merge_threshold=float(data["merge_threshold"]),
                batch_threshold=float(data["batch_threshold"]),
                info=dict(data.get("info", {})),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ModelFileError(f"incomplete weights file: {error}") from None

    def save(self, path: Path) -> None:
        """Write the weights as indented JSON."""
        path.write_text(json.dumps(self.as_dict(), indent=1) + "\n", encoding="utf-8")


def load_model(path: str | Path | None = None, *, batch: bool = False) -> PairModel:
    """The weights in ``path``, or the ones shipped with everyside (``batch``: for rebuilds)."""
    if path is None:
        return _packaged_model(BATCH_MODEL_FILE if batch else MODEL_FILE)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise ModelFileError(f"{path}: cannot read weights ({error})") from None
    return PairModel.from_dict(data)


@lru_cache(maxsize=2)
def _packaged_model(name: str) -> PairModel:
    text = resources.files("everyside.cluster").joinpath(name).read_text(encoding="utf-8")
    return PairModel.from_dict(json.loads(text))
