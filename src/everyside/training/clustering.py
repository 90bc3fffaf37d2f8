"""Learn the pair model's weights and thresholds: ``python -m everyside.training.clustering``.

Training data (none of its text is kept; only the weights are written):

- ECB+ train split (``--ecb``): streams are replayed with gold stories, in arrival order
  and in shuffled orders. Each article is compared with the stories the candidate index
  proposes plus its gold story: one row per (article, story), labelled by the gold.
  Since every ECB+ topic holds two events of the same kind, the negatives are hard.
- SemEval-2022 Task 8 pairs (``--pairs``), ``train`` part only (the training half less the
  fifth kept aside as ``check``): article↔article rows
  labelled same story when ``overall <= 2``, plus generated negatives (articles from
  different pairs, in the same and in different languages).

Two models are learned. The streaming model (``model.json``) is a logistic regression
on the standardized features of those rows; its join, merge and batch thresholds are
chosen by B-cubed F1 of streaming and batch runs on the ECB+ train split. The batch
model (``batch_model.json``) is learned on what a rebuild scores, article↔article: the
candidate pairs a rebuild of ECB+ train proposes, labelled by the gold, plus the SemEval
rows (at ``--batch-pair-weight``); its thresholds are chosen together by B-cubed F1 of
rebuilds of the train split. The dev split, the ``dev`` half of the pairs and their
``check`` fifth are never read.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import pickle
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from everyside.cluster.batch import article_pairs
from everyside.cluster.features import DocumentFrequencies
from everyside.cluster.index import CandidateIndex
from everyside.cluster.options import ClusterOptions
from everyside.cluster.profile import FEATURES, LANGUAGE_FEATURES, StoryProfile, pair_features
from everyside.cluster.scoring import BATCH_MODEL_FILE, MODEL_FILE, PairModel
from everyside.cluster.stream import StoryClusterer, arrival_order, index_keys
from everyside.evaluate.clustering import (
    GoldItem,
    article_features,
    cluster_features,
    load_gold,
    score_clustering,
)
from everyside.evaluate.pairs import CHECK_EVERY, GoldPair, load_pairs, pair_rows
from everyside.model import EMBEDDING_DIM, ArticleFeatures

log = logging.getLogger("everyside.training.clustering")

# ../shared beside the clone, as the tests expect it.
SHARED = Path(__file__).resolve().parents[4] / "shared" / "data"
DEFAULT_ECB = SHARED / "clustering" / "ecbplus_train_dev.jsonl"
DEFAULT_PAIRS = SHARED / "pairs" / "semeval22_dev.jsonl"
# Written into the runtime package, beside the code that reads them.
CLUSTER_DIR = Path(__file__).resolve().parents[1] / "cluster"
DEFAULT_OUT = CLUSTER_DIR / MODEL_FILE
DEFAULT_BATCH_OUT = CLUSTER_DIR / BATCH_MODEL_FILE
JOIN_GRID = tuple(round(x, 2) for x in np.arange(0.2, 0.66, 0.05))
MERGE_GRID = (0.5, 0.6, 0.7, 0.8, 0.9)
BATCH_GRID = tuple(round(x, 2) for x in np.arange(0.1, 0.71, 0.05))
# Feature groups an ablation (``--without``) can leave out, for docs/clustering.md.
ABLATION_GROUPS: dict[str, tuple[str, ...]] = {
    "lexical": (
        "lexical_cosine",
        "title_cosine",
        "lexical_size*lexical_cosine",
        "cross_term_cosine",
    ),
    "entities": ("entity_cosine", "entity_coverage", "place_jaccard", "places_disjoint"),
    "time": ("time_gap", "day_overlap", "days_known"),
    "embedding": ("embedding_cosine", "story_size*embedding_cosine"),
    "numbers": ("number_overlap", "numbers_known"),
}


def _cached(cache: Path | None, name: str, compute: Any) -> Any:
    if cache is None:
        return compute()
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"{name}.pickle"
    if path.exists():
        return pickle.loads(path.read_bytes())
    value = compute()
    path.write_bytes(pickle.dumps(value))
    return value


def _fingerprint(path: Path, *parts: str) -> str:
    stat = path.stat()
    key = f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{'|'.join(parts)}"
    return hashlib.sha1(key.encode()).hexdigest()[:16]


def stream_rows(
    items: Sequence[GoldItem],
    features: Sequence[ArticleFeatures],
    order: Sequence[int],
    *,
    keys_per_article: int = 16,
) -> tuple[list[list[float]], list[int]]:
    """Replay one stream with gold stories: (article, candidate story) rows and labels."""
    by_id = {f.article_id: f for f in features}
    terms_df, entities_df = DocumentFrequencies(), DocumentFrequencies()
    index = CandidateIndex(EMBEDDING_DIM, backend="exact")
    stories: dict[str, StoryProfile] = {}
    rows: list[list[float]] = []
    labels: list[int] = []
    seen: set[str] = set()
    for position in order:
        item = items[position]
        if item.article.id in seen:
            continue
        seen.add(item.article.id)
        f = by_id[item.article.id]
        terms_df.add(f.terms)
        entities_df.add(f.entities)
        keys = index_keys(f, terms_df, entities_df, keys_per_article)
        candidates = index.query(f.embedding, keys)
        if item.cluster in stories and item.cluster not in candidates:
            candidates.append(item.cluster)
        profile = StoryProfile.of(f)
        for story_id in candidates:
            rows.append(
                pair_features(
                    profile, stories[story_id], terms_df, entities_df, centroid_a=f.embedding
                )
            )
            labels.append(int(story_id == item.cluster))
        story = stories.setdefault(item.cluster, StoryProfile())
        story.add(f)
        index.add(item.cluster, story.centroid, keys)
    return rows, labels


def pair_training_rows(
    pairs: Sequence[GoldPair], features: Sequence[ArticleFeatures], seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Rated pairs, plus as many generated negatives (articles of different pairs)."""
    rng = random.Random(seed)
    generated: list[GoldPair] = []
    for pair in pairs:
        other = pairs[rng.randrange(len(pairs))]
        if other.pair_id == pair.pair_id:
            continue
        partner = other.second if rng.random() < 0.5 else other.first
        if partner.id in (pair.first.id, pair.second.id):
            continue
        generated.append(replace(pair, pair_id=f"{pair.pair_id}~", second=partner, overall=4.0))
    every = [*pairs, *generated]
    rows = pair_rows(every, features)
    labels = np.asarray([int(p.same_story) for p in every])
    return rows, labels


def batch_rows(
    items: Sequence[GoldItem], features: Sequence[ArticleFeatures]
) -> tuple[np.ndarray, np.ndarray]:
    """The article pairs a rebuild of these articles scores, labelled by the gold."""
    gold = {item.article.id: item.cluster for item in items}
    scored = article_pairs(features, ClusterOptions(index_backend="exact"))
    ids = [item.article_id for item in scored.articles]
    labels = [int(gold[ids[i]] == gold[ids[j]]) for i, j in scored.pairs]
    return scored.rows, np.asarray(labels)


def fit(
    rows: np.ndarray,
    labels: np.ndarray,
    weights: np.ndarray,
    c: float,
    without: Sequence[str] = (),
) -> PairModel:
    """Standardized L2 logistic regressions as a PairModel (thresholds at 0.5).

    The cross-lingual half is fitted on the same rows without the word features. The
    features named in ``without`` are forced to 0, so they get no weight (ablations).
    """
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    rows = rows.copy()
    rows[:, [FEATURES.index(name) for name in without]] = 0.0
    mean = rows.mean(axis=0)
    scale = rows.std(axis=0)
    scale[scale == 0] = 1.0
    standard = (rows - mean) / scale
    same = LogisticRegression(C=c, max_iter=5000).fit(standard, labels, sample_weight=weights)
    keep = [i for i, name in enumerate(FEATURES) if name not in LANGUAGE_FEATURES]
    cross = LogisticRegression(C=c, max_iter=5000)
    cross.fit(standard[:, keep], labels, sample_weight=weights)
    cross_coef = np.zeros(len(FEATURES))
    cross_coef[keep] = cross.coef_[0]
    return PairModel(
        features=FEATURES,
        mean=mean,
        scale=scale,
        coef=same.coef_[0].astype(np.float64),
        intercept=float(same.intercept_[0]),
        cross_coef=cross_coef,
        cross_intercept=float(cross.intercept_[0]),
    )


def _stream_bcubed(
    items: Sequence[GoldItem],
    orders: Sequence[Sequence[ArticleFeatures]],
    model: PairModel,
    *,
    join_threshold: float,
    merge_threshold: float | None = None,
) -> float:
    """Mean B-cubed F1 of streaming runs, one per arrival order (merges off without a threshold)."""
    options = ClusterOptions(
        index_backend="exact",
        join_threshold=join_threshold,
        merge_threshold=merge_threshold,
        merge=merge_threshold is not None,
    )
    gold = [i.cluster for i in items]
    scores = []
    for order in orders:
        clusterer = StoryClusterer(options, model=model)
        clusterer.extend(order)
        assigned = clusterer.assignments()
        scores.append(score_clustering(gold, [assigned[i.article.id] for i in items]).bcubed_f1)
    return float(np.mean(scores))


def _batch_bcubed(
    items: Sequence[GoldItem],
    features: Sequence[ArticleFeatures],
    model: PairModel,
    batch_threshold: float,
) -> float:
    options = ClusterOptions(index_backend="exact", batch_threshold=batch_threshold)
    assigned = cluster_features(features, "batch", options, model=model)
    scores = score_clustering([i.cluster for i in items], [assigned[i.article.id] for i in items])
    return scores.bcubed_f1


def tune(
    model: PairModel,
    items: Sequence[GoldItem],
    features: Sequence[ArticleFeatures],
    orders: Sequence[Sequence[ArticleFeatures]],
) -> tuple[PairModel, dict[str, Any]]:
    """Thresholds chosen by B-cubed F1 on the training split.

    Join and merge thresholds together, by the mean over the replayed arrival orders
    (one order alone gives a bumpy curve), since merges repair joins a strict threshold
    refuses; merging below the join threshold is not tried. Then the batch threshold,
    by the batch run (which uses the merge threshold too).
    """
    unmerged = {t: _stream_bcubed(items, orders, model, join_threshold=t) for t in JOIN_GRID}
    merged = {
        (join, merge): _stream_bcubed(
            items, orders, model, join_threshold=join, merge_threshold=merge
        )
        for join in JOIN_GRID
        for merge in MERGE_GRID
        if merge >= join
    }
    # Ties go to the stricter thresholds.
    (join, merge), stream_f1 = max(merged.items(), key=lambda item: (item[1], item[0]))
    tuned = replace(model, join_threshold=join, merge_threshold=merge)
    batched = {t: _batch_bcubed(items, features, tuned, t) for t in BATCH_GRID}
    batch, batch_f1 = max(batched.items(), key=lambda item: (item[1], item[0]))
    return replace(tuned, batch_threshold=batch), {
        "train_stream_bcubed_f1": round(stream_f1, 4),
        "train_stream_bcubed_f1_without_merges": round(max(unmerged.values()), 4),
        "train_batch_bcubed_f1": round(batch_f1, 4),
    }


def tune_batch(
    model: PairModel, items: Sequence[GoldItem], features: Sequence[ArticleFeatures]
) -> tuple[PairModel, dict[str, Any]]:
    """The batch model's three thresholds, chosen together by B-cubed F1 of train rebuilds.

    A rebuild uses all three: the batch threshold links articles, the join threshold
    reattaches those left in small groups, the merge threshold bridges groups.
    """
    scores = {}
    for join in JOIN_GRID:
        for merge in (m for m in MERGE_GRID if m >= join):
            tuned = replace(model, join_threshold=join, merge_threshold=merge)
            for batch in BATCH_GRID:
                scores[(join, merge, batch)] = _batch_bcubed(items, features, tuned, batch)
    # Ties go to the stricter thresholds.
    (join, merge, batch), f1 = max(scores.items(), key=lambda item: (item[1], item[0]))
    tuned = replace(model, join_threshold=join, merge_threshold=merge, batch_threshold=batch)
    return tuned, {"train_batch_bcubed_f1": round(f1, 4)}


def train(
    ecb: Path,
    pairs_path: Path | None,
    *,
    shuffles: int = 4,
    pair_weight: float = 1.0,
    batch_pair_weight: float = 0.5,
    c: float = 0.1,
    seed: int = 0,
    cache: Path | None = None,
    without: Sequence[str] = (),
) -> tuple[PairModel, PairModel]:
    """Learn the streaming and the batch model, weights and thresholds (see the module doc)."""
    started = time.perf_counter()
    items = load_gold(ecb, "train")
    features: list[ArticleFeatures] = _cached(
        cache,
        f"ecb-train-{_fingerprint(ecb, 'train')}",
        lambda: article_features([i.article for i in items]),
    )
    log.info(
        "ECB+ train: %d articles, features in %.0fs", len(items), time.perf_counter() - started
    )
    rng = random.Random(seed)
    rows: list[list[float]] = []
    labels: list[int] = []
    by_id = {f.article_id: f for f in features}
    first_position: dict[str, int] = {}
    for position, item in enumerate(items):
        first_position.setdefault(item.article.id, position)
    arrival = [first_position[f.article_id] for f in arrival_order(by_id.values())]
    orders = [arrival]
    for _ in range(shuffles - 1):
        order = list(range(len(items)))
        rng.shuffle(order)
        orders.append(order)
    for order in orders:
        more_rows, more_labels = stream_rows(items, features, order)
        rows.extend(more_rows)
        labels.extend(more_labels)
    ecb_rows = np.asarray(rows)
    ecb_labels = np.asarray(labels)
    info: dict[str, Any] = {
        "ecb_train_articles": len(items),
        "ecb_stream_rows": len(ecb_labels),
        "ecb_stream_positives": int(ecb_labels.sum()),
        "stream_orders": len(orders),
    }
    pair_matrix, pair_labels = np.zeros((0, len(FEATURES))), np.zeros(0, dtype=int)
    if pairs_path is not None:
        pairs = load_pairs(pairs_path, "train")
        pair_features_list: list[ArticleFeatures] = _cached(
            cache,
            f"pairs-train-{_fingerprint(pairs_path, 'train', f'check{CHECK_EVERY}')}",
            lambda: article_features([a for p in pairs for a in (p.first, p.second)]),
        )
        pair_matrix, pair_labels = pair_training_rows(pairs, pair_features_list, seed)
        info.update(
            semeval_train_pairs=len(pairs),
            semeval_rows=len(pair_labels),
            semeval_positives=int(pair_labels.sum()),
        )
    common = {
        "trained_with": "python -m everyside.training.clustering",
        "regularization_c": c,
        **({"without": list(without)} if without else {}),
        "seed": seed,
        "data": [
            "ECB+ 1.0 train split",
            *(
                [f"SemEval-2022 Task 8 pairs, train half less its check fifth (1 in {CHECK_EVERY})"]
                if pairs_path
                else []
            ),
        ],
    }
    model = _fit_with_pairs(ecb_rows, ecb_labels, pair_matrix, pair_labels, pair_weight, c, without)
    feature_orders = [
        list({items[p].article.id: by_id[items[p].article.id] for p in order}.values())
        for order in orders
    ]
    model, figures = tune(model, items, features, feature_orders)
    info.update(figures, pair_weight=pair_weight, **common)
    log.info("streaming model in %.0fs: %s", time.perf_counter() - started, json.dumps(figures))

    rebuild_rows, rebuild_labels = batch_rows(items, features)
    batch_model = _fit_with_pairs(
        rebuild_rows, rebuild_labels, pair_matrix, pair_labels, batch_pair_weight, c, without
    )
    batch_model, batch_figures = tune_batch(batch_model, items, features)
    batch_info = {
        "ecb_train_articles": len(items),
        "ecb_pair_rows": len(rebuild_labels),
        "ecb_pair_positives": int(rebuild_labels.sum()),
        **batch_figures,
        "pair_weight": batch_pair_weight,
        **common,
    }
    log.info("batch model in %.0fs: %s", time.perf_counter() - started, json.dumps(batch_figures))
    return replace(model, info=info), replace(batch_model, info=batch_info)


def _fit_with_pairs(
    rows: np.ndarray,
    labels: np.ndarray,
    pair_matrix: np.ndarray,
    pair_labels: np.ndarray,
    pair_weight: float,
    c: float,
    without: Sequence[str],
) -> PairModel:
    """Fit on ECB+ rows plus SemEval rows, the latter together ``pair_weight`` of their weight."""
    weight = pair_weight * len(labels) / max(len(pair_labels), 1)
    weights = np.concatenate([np.ones(len(labels)), np.full(len(pair_labels), weight)])
    return fit(
        np.vstack([rows, pair_matrix]), np.concatenate([labels, pair_labels]), weights, c, without
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(
        prog="python -m everyside.training.clustering", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--ecb", type=Path, default=DEFAULT_ECB, help="ECB+ train/dev JSONL")
    parser.add_argument("--pairs", type=Path, default=DEFAULT_PAIRS, help="SemEval pairs JSONL")
    parser.add_argument("--no-pairs", action="store_true", help="train on ECB+ alone")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="streaming weights to write")
    parser.add_argument(
        "--batch-out", type=Path, default=DEFAULT_BATCH_OUT, help="batch weights to write"
    )
    parser.add_argument("--shuffles", type=int, default=4, help="stream orders replayed")
    parser.add_argument("--pair-weight", type=float, default=1.0, help="weight of the pairs")
    parser.add_argument(
        "--batch-pair-weight", type=float, default=0.5, help="weight of the pairs, batch model"
    )
    parser.add_argument("-C", type=float, default=0.1, dest="c", help="inverse L2 strength")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--without",
        action="append",
        default=[],
        choices=sorted(ABLATION_GROUPS),
        help="leave a feature group out (repeatable; for ablations)",
    )
    parser.add_argument("--cache", type=Path, default=None, help="cache features here")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    if not args.ecb.is_file():
        parser.error(f"ECB+ file not found: {args.ecb}")
    pairs = None if args.no_pairs else args.pairs
    if pairs is not None and not pairs.is_file():
        parser.error(f"pairs file not found: {pairs} (use --no-pairs to train without)")
    model, batch_model = train(
        args.ecb,
        pairs,
        shuffles=args.shuffles,
        pair_weight=args.pair_weight,
        batch_pair_weight=args.batch_pair_weight,
        c=args.c,
        seed=args.seed,
        cache=args.cache,
        without=[name for group in args.without for name in ABLATION_GROUPS[group]],
    )
    model.save(args.out)
    batch_model.save(args.batch_out)
    print(f"wrote {args.out} and {args.batch_out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
