"""Clustering settings: one checked options object for streaming and batch."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from everyside.cluster.index import BACKENDS, Backend

DEFAULT_WINDOW = timedelta(days=3)
# Articles re-clustered after each round of streaming: a few hours of a busy feed set.
DEFAULT_RECLUSTER_WINDOW = 1000


@dataclass(frozen=True, slots=True, kw_only=True)
class ClusterOptions:
    """How to cluster articles into stories.

    Args:
        window: a story goes dormant when this long has passed since its latest article;
            a dated article no longer joins it (undated articles still may).
        join_threshold: probability at which an article joins its best candidate story;
            None takes the value tuned with the weights.
        merge_threshold: probability at which an article that belongs to two stories
            links them into one (late evidence); None takes the tuned value.
        batch_threshold: average-linkage probability at which batch clusters merge;
            None takes the tuned value.
        weights: a streaming weights file from ``python -m everyside.training.clustering``;
            None uses the packaged one.
        batch_weights: the same for the batch rebuild (article↔article weights).
        index_backend: ``"usearch"`` (approximate, sub-linear) or ``"exact"``.
        neighbours: candidate stories taken from the nearest centroids.
        key_candidates: candidate stories taken from shared rare entities and terms.
        keys_per_article: entity and term keys an article is indexed and looked up by.
        max_scan: postings read per key in the key index.
        merge: whether streaming may merge two stories that late evidence links.
        recluster_window: after streaming, the last this many articles (with up to as
            many more from their stories) are re-clustered with the batch model and the
            stories reconciled (:mod:`everyside.cluster.live`); 0 turns it off.
    """

    window: timedelta = DEFAULT_WINDOW
    join_threshold: float | None = None
    merge_threshold: float | None = None
    batch_threshold: float | None = None
    weights: Path | None = None
    batch_weights: Path | None = None
    index_backend: Backend = "usearch"
    neighbours: int = 10
    key_candidates: int = 10
    keys_per_article: int = 16
    max_scan: int = 256
    merge: bool = True
    recluster_window: int = DEFAULT_RECLUSTER_WINDOW

    def __post_init__(self) -> None:
        if self.window <= timedelta(0):
            raise ValueError("window must be positive")
        for name in ("join_threshold", "merge_threshold", "batch_threshold"):
            value = getattr(self, name)
            if value is not None and not 0.0 < value < 1.0:
                raise ValueError(f"{name} must be between 0 and 1 (exclusive), got {value}")
        if self.index_backend not in BACKENDS:
            raise ValueError(f"unknown index_backend {self.index_backend!r}; one of {BACKENDS}")
        if self.neighbours < 0 or self.key_candidates < 0:
            raise ValueError("neighbours and key_candidates must not be negative")
        if self.neighbours + self.key_candidates == 0:
            raise ValueError("neighbours and key_candidates cannot both be 0")
        if self.recluster_window < 0:
            raise ValueError("recluster_window must not be negative")
        if self.keys_per_article < 0 or self.max_scan < 1:
            raise ValueError("keys_per_article must be >= 0 and max_scan >= 1")
        for name in ("weights", "batch_weights"):
            path = getattr(self, name)
            if path is not None and not Path(path).is_file():
                raise ValueError(f"{name} file not found: {path}")
