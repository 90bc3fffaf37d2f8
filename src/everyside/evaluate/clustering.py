"""Score story clustering against gold story labels: pairwise and B-cubed P/R/F1.

Two gold formats are read, told apart by their records:

- clustering JSONL (ECB+ style): ``id``, ``cluster``, ``title``, ``text`` (one sentence or
  paragraph per line), optional ``date``, ``lang``, ``source``, ``split``;
- the everyside demo gold (``file``, ``url``, ``story``): articles are read from the corpus
  with the ingest readers (:func:`everyside.evaluate.corpus.demo_records`).

Articles are analyzed, turned into features, and clustered either streaming (in
:func:`~everyside.cluster.stream.arrival_order`: dated articles by time, then undated
ones) or in batch. Every gold line is one item, so an exact duplicate counts twice,
as it does in the gold file.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from everyside.analyze.pipeline import analyze_articles
from everyside.cluster.batch import rebuild
from everyside.cluster.features import Embedder, extract_features
from everyside.cluster.live import members_by_story, recluster_recent, reconciled
from everyside.cluster.options import ClusterOptions
from everyside.cluster.scoring import PairModel
from everyside.cluster.stream import StoryClusterer, arrival_order
from everyside.evaluate.corpus import Counts, GoldFormatError, demo_records, read_jsonl
from everyside.model import PARAGRAPH_SEPARATOR, Article, ArticleFeatures, Outlet, SourceRef

Mode = Literal["stream", "live", "batch"]
MODES: tuple[Mode, ...] = ("stream", "live", "batch")
# Articles per round of the live mode: what one ``cluster`` run or watch poll brings.
LIVE_ROUND = 20


@dataclass(frozen=True, slots=True)
class GoldItem:
    """One gold line: the article and its gold story label."""

    article: Article
    cluster: str


def _article_from_record(record: dict[str, Any], path: Path) -> Article:
    lines = [line.strip() for line in str(record.get("text") or "").splitlines()]
    body = PARAGRAPH_SEPARATOR.join(line for line in lines if line)
    date = record.get("date") or record.get("published")
    published = datetime.fromisoformat(str(date)) if date else None
    source = record.get("source") or record.get("outlet")
    identifier = str(record["id"])
    return Article(
        id=identifier,
        title=str(record.get("title") or ""),
        body=body,
        content_hash=hashlib.sha256(body.encode("utf-8")).hexdigest(),
        source=SourceRef(locator=f"{path}#{identifier}", format="jsonl"),
        outlet=Outlet(name=str(source)) if source else None,
        url=record.get("url"),
        published_at=published,
        language=record.get("lang"),
    )


def load_gold(path: Path, split: str | None = None) -> list[GoldItem]:
    """The gold items of a clustering JSONL or the demo gold, optionally one split."""
    records = list(read_jsonl(path))
    if not records:
        raise GoldFormatError(f"{path}: no records")
    if "story" in records[0] and "file" in records[0]:
        return [GoldItem(r.article, str(r.record["story"])) for r in demo_records(path)]
    if not {"id", "cluster", "text"} <= records[0].keys():
        raise GoldFormatError(
            f"{path}: records need id, cluster and text (or file and story for demo gold)"
        )
    if split is not None:
        records = [r for r in records if r.get("split") == split]
        if not records:
            raise GoldFormatError(f"{path}: no records in split {split!r}")
    return [GoldItem(_article_from_record(r, path), str(r["cluster"])) for r in records]


def article_features(
    articles: Sequence[Article], *, embedder: Embedder | None = None
) -> list[ArticleFeatures]:
    """Analyze articles and compute their clustering features (one per distinct id)."""
    unique: dict[str, Article] = {}
    for article in articles:
        unique.setdefault(article.id, article)
    distinct = list(unique.values())
    analyses = {a.article_id: a for a in analyze_articles(distinct)}
    return extract_features(distinct, [analyses[a.id] for a in distinct], embedder=embedder)


@dataclass(frozen=True, slots=True, kw_only=True)
class ClusteringScores:
    """Pairwise and B-cubed scores of a predicted clustering against gold."""

    pairwise: Counts
    bcubed_precision: float
    bcubed_recall: float
    items: int
    gold_clusters: int
    predicted_clusters: int

    @property
    def bcubed_f1(self) -> float:
        """Harmonic mean of B-cubed precision and recall."""
        total = self.bcubed_precision + self.bcubed_recall
        return 2 * self.bcubed_precision * self.bcubed_recall / total if total else 0.0

    def as_dict(self) -> dict[str, Any]:
        """Scores rounded for printing."""
        return {
            "pairwise": self.pairwise.as_dict(),
            "bcubed": {
                "precision": round(self.bcubed_precision, 4),
                "recall": round(self.bcubed_recall, 4),
                "f1": round(self.bcubed_f1, 4),
            },
            "items": self.items,
            "gold_clusters": self.gold_clusters,
            "predicted_clusters": self.predicted_clusters,
        }


def score_clustering(gold: Sequence[str], predicted: Sequence[str]) -> ClusteringScores:
    """Scores for items labelled ``gold[i]`` and ``predicted[i]``."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted must label the same items")
    by_gold: dict[str, list[int]] = defaultdict(list)
    by_predicted: dict[str, list[int]] = defaultdict(list)
    for i, (g, p) in enumerate(zip(gold, predicted, strict=True)):
        by_gold[g].append(i)
        by_predicted[p].append(i)
    joint = Counter(zip(gold, predicted, strict=True))
    precision = recall = 0.0
    for (g, p), count in joint.items():
        precision += count * count / len(by_predicted[p])
        recall += count * count / len(by_gold[g])
    n = len(gold)

    def pairs(sizes: Iterable[int]) -> int:
        return sum(size * (size - 1) // 2 for size in sizes)

    pairwise = Counts.from_totals(
        true_positives=pairs(joint.values()),
        predicted=pairs(len(v) for v in by_predicted.values()),
        gold=pairs(len(v) for v in by_gold.values()),
    )
    return ClusteringScores(
        pairwise=pairwise,
        bcubed_precision=precision / n if n else 0.0,
        bcubed_recall=recall / n if n else 0.0,
        items=n,
        gold_clusters=len(by_gold),
        predicted_clusters=len(by_predicted),
    )


def cluster_features(
    features: Sequence[ArticleFeatures],
    mode: Mode,
    options: ClusterOptions | None = None,
    *,
    model: PairModel | None = None,
) -> dict[str, str]:
    """Article id -> story id: streaming in arrival order, live (streaming in rounds, the
    recent window re-clustered after each, as ``cluster`` and ``watch`` do), or in batch."""
    if mode == "stream":
        clusterer = StoryClusterer(options, model=model)
        clusterer.extend(arrival_order(features))
        return clusterer.assignments()
    if mode == "live":
        return live_assignments(features, options, model=model)
    if mode == "batch":
        return rebuild(features, options, model=model).assignments
    raise ValueError(f"unknown mode {mode!r}; choose one of {MODES}")


def live_assignments(
    features: Sequence[ArticleFeatures],
    options: ClusterOptions | None = None,
    *,
    model: PairModel | None = None,
    round_size: int = LIVE_ROUND,
) -> dict[str, str]:
    """What a user sees after the live path: rounds of ``round_size`` articles streamed,
    each followed by the re-clustering of the recent window (``options.recluster_window``).

    ``model`` is the streaming model; the re-clustering uses the batch model.
    """
    options = options or ClusterOptions()
    ordered = arrival_order(features)
    by_id = {f.article_id: f for f in ordered}
    clusterer = StoryClusterer(options, model=model)
    for start in range(0, len(ordered), round_size):
        clusterer.extend(ordered[start : start + round_size])
        if not options.recluster_window:
            continue
        end = start + round_size
        arrived = ordered[max(0, end - options.recluster_window) : end]
        members = members_by_story(clusterer, by_id)
        found = recluster_recent(members, [f.article_id for f in arrived], options)
        if found:
            clusterer = StoryClusterer.restore(
                reconciled(members, found),
                options,
                model=model,
                terms_df=clusterer.terms_df,
                entities_df=clusterer.entities_df,
            )
    return clusterer.assignments()


@dataclass(slots=True, kw_only=True)
class ClusteringReport:
    """Scores per mode, with what was measured."""

    gold: str
    split: str | None
    undated: bool = False
    scores: dict[str, ClusteringScores] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    stories: dict[str, dict[str, str]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "gold": self.gold,
            "split": self.split,
            "undated": self.undated,
            "modes": {
                mode: {**scores.as_dict(), "seconds": round(self.seconds[mode], 3)}
                for mode, scores in self.scores.items()
            },
        }


def evaluate_clustering(
    path: Path,
    mode: Mode | Sequence[Mode] = "stream",
    split: str | None = None,
    *,
    options: ClusterOptions | None = None,
    model: PairModel | None = None,
    embedder: Embedder | None = None,
    features: Sequence[ArticleFeatures] | None = None,
    undated: bool = False,
) -> ClusteringReport:
    """Cluster the articles of a gold file and score each mode against the gold labels.

    Args:
        path: clustering JSONL (ECB+ style) or the demo gold.
        mode: "stream", "live", "batch", or several as a sequence.
        split: only the records of this split (clustering JSONL only).
        options, model: clustering settings and weights.
        embedder: sentence embedder (defaults to the packaged USE model).
        features: precomputed features of the gold articles (skips the analysis).
        undated: drop every article's publication date before the analysis (and from
            ``features``), as news without dates arrives: nothing goes by time then.
    """
    items = load_gold(path, split)
    if undated:
        items = [GoldItem(replace(i.article, published_at=None), i.cluster) for i in items]
    modes: list[Mode] = [mode] if isinstance(mode, str) else list(mode)
    for name in modes:
        if name not in MODES:
            raise ValueError(f"unknown mode {name!r}; choose one of {MODES}")
    if features is None:
        features = article_features([item.article for item in items], embedder=embedder)
    elif undated:
        features = [replace(item, published_at=None) for item in features]
    report = ClusteringReport(gold=str(path), split=split, undated=undated)
    gold_labels = [item.cluster for item in items]
    for name in modes:
        started = time.perf_counter()
        assigned = cluster_features(features, name, options, model=model)
        report.seconds[name] = time.perf_counter() - started
        report.stories[name] = assigned
        report.scores[name] = score_clustering(
            gold_labels, [assigned[item.article.id] for item in items]
        )
    return report


def gold_partition(items: Sequence[GoldItem]) -> Mapping[str, str]:
    """Article id -> gold story label."""
    return {item.article.id: item.cluster for item in items}
