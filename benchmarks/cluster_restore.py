"""A ``cluster`` run's cost against the size of the store it continues.

Run ``python -m benchmarks.cluster_restore [--articles N] [--more M]``. It builds a SQLite
store of N generated articles' features (``benchmarks.cluster_throughput.generate``:
power-law stories over a month or more) clustered by ``cluster_store``, then, in a
fresh process, adds the features of the M articles published next and runs
``cluster_store`` again (streaming, then re-clustering the recent window): what
``everyside cluster`` does after each analysis. Reported: that run's seconds and the
memory it takes (peak RSS above the process's before it), against the baseline of the
same M articles clustered into an empty store in the same process, so the ratio says
what the stored stories cost.

``--batch N`` measures instead one run that brings N new articles to an empty store,
each way in a fresh process: streamed only; streamed, then the last window re-clustered
once (what a run did before issue 19's rounds); and as ``cluster_store`` runs now, the
window re-clustered after every ``recluster_window`` articles. Reported: seconds (ratio
to streaming only), peak RSS above the process's before, stories, and B-cubed scores
against the generator's own stories (an article id ``a<story>-<n>`` names its story).
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.cluster_throughput import generate
from benchmarks.ingest_throughput import _max_rss_mb, in_fresh_process, save_results
from everyside.evaluate.clustering import score_clustering
from everyside.jobs.cluster import cluster_store, reconcile_store
from everyside.model import ArticleFeatures
from everyside.store import stories as story_store
from everyside.store.db import Store
from everyside.store.models import ArticleRow

DEFAULT_ARTICLES = 20_000
DEFAULT_MORE = 200
RESULTS = Path(__file__).resolve().parent / "results" / "cluster_restore.json"
BATCH_RESULTS = RESULTS.with_name("cluster_batch.json")
# How one run may reconcile a batch: see the module doc.
BATCH_WAYS = ("stream only", "one re-clustering at the end", "re-clustered every window")


def _store_with_articles(path: Path, features: list[ArticleFeatures]) -> Store:
    """A new store holding a bare article row for each of ``features``."""
    store = Store(f"sqlite:///{path}")
    now = datetime.now(UTC)
    with store.transaction() as session:
        for item in features:
            session.add(
                ArticleRow(
                    id=item.article_id,
                    content_hash=item.article_id,
                    title=item.title,
                    body=item.title,
                    published_at=item.published_at,
                    language=item.language,
                    boilerplate=[],
                    source_locator=item.article_id,
                    source_format="text",
                    ingested_at=now,
                )
            )
    return store


def _add_features(store: Store, features: list[ArticleFeatures]) -> None:
    with store.transaction() as session:
        for item in features:
            story_store.save_features(session, item)


def build(path: Path, articles: int, more: int) -> dict[str, float]:
    """The store of ``articles`` clustered features (and the rows of ``more`` to come)."""
    features = generate(articles + more)
    store = _store_with_articles(path, features)
    _add_features(store, features[:articles])
    started = time.perf_counter()
    report = cluster_store(store)
    seconds = time.perf_counter() - started
    store.close()
    return {"seconds": seconds, "stories": report.stories}


def measure(path: str, articles: int, more: int, folder: str) -> dict[str, float]:
    """In a fresh process: the M next articles clustered into an empty store, then the big one."""
    features = generate(articles + more)[articles:]
    empty = _store_with_articles(Path(folder) / "empty.db", features)
    _add_features(empty, features)
    started = time.perf_counter()
    cluster_store(empty)
    baseline = time.perf_counter() - started
    empty.close()
    store = Store(f"sqlite:///{path}")
    _add_features(store, features)
    rss_before = _max_rss_mb()
    started = time.perf_counter()
    report = cluster_store(store)
    seconds = time.perf_counter() - started
    store.close()
    return {
        "baseline_seconds": baseline,
        "seconds": seconds,
        "ratio_vs_baseline": seconds / baseline,
        "peak_rss_gain_mb": _max_rss_mb() - rss_before,
        "max_rss_mb": _max_rss_mb(),
        "assigned": report.assigned,
        "stories": report.stories,
    }


def one_batch(path: str, articles: int, way: str) -> dict[str, Any]:
    """In a fresh process: ``articles`` generated features clustered into an empty store."""
    features = generate(articles)
    store = _store_with_articles(Path(path), features)
    _add_features(store, features)
    rss_before = _max_rss_mb()
    started = time.perf_counter()
    report = cluster_store(store, reconcile=way == BATCH_WAYS[2])
    if way == BATCH_WAYS[1]:
        reconcile_store(store)
    seconds = time.perf_counter() - started
    with store.session() as session:
        assigned = story_store.assignments(session)
        stories = story_store.count_stories(session)
    store.close()
    ids = [item.article_id for item in features]
    scores = score_clustering([i.rsplit("-", 1)[0] for i in ids], [assigned[i] for i in ids])
    return {
        "seconds": seconds,
        "peak_rss_gain_mb": _max_rss_mb() - rss_before,
        "assigned": report.assigned,
        "reconciled": report.reconciled,
        "stories": stories,
        "gold_stories": scores.gold_clusters,
        "bcubed": scores.as_dict()["bcubed"],
    }


def run_batch(articles: int, output: Path) -> dict[str, Any]:
    """Each way of reconciling one batch of ``articles``, in fresh processes; save the figures."""
    ways: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="everyside-bench-") as folder:
        for number, way in enumerate(BATCH_WAYS):
            print(f"{articles:,} articles, {way} …", flush=True)
            ways[way] = in_fresh_process(
                one_batch, str(Path(folder) / f"{number}.db"), articles, way
            )
            ways[way]["ratio_vs_stream"] = ways[way]["seconds"] / ways[BATCH_WAYS[0]]["seconds"]
            print(json.dumps(ways[way]), flush=True)
    return save_results(output, "cluster_batch", {"articles": articles, "ways": ways})


def run(articles: int, more: int, output: Path) -> dict[str, Any]:
    """Build the store, measure the next run on a copy, save the figures."""
    with tempfile.TemporaryDirectory(prefix="everyside-bench-") as folder:
        db = Path(folder) / "store.db"
        print(f"building a store of {articles:,} clustered articles …", flush=True)
        built = in_fresh_process(build, db, articles, more)
        print(json.dumps(built), flush=True)
        copy = Path(folder) / "run.db"
        shutil.copy(db, copy)
        measured = in_fresh_process(measure, str(copy), articles, more, folder)
        fields = {
            "articles": articles,
            "more": more,
            "store_mb": db.stat().st_size / 1e6,
            "build": built,
            "run": measured,
        }
    return save_results(output, "cluster_restore", fields)


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and run the benchmark."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.cluster_restore")
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES)
    parser.add_argument("--more", type=int, default=DEFAULT_MORE)
    parser.add_argument("--batch", type=int, help="measure one run of this many new articles")
    parser.add_argument("--output", type=Path)
    args = parser.parse_args(argv)
    if args.batch:
        result = run_batch(args.batch, args.output or BATCH_RESULTS)
    else:
        result = run(args.articles, args.more, args.output or RESULTS)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
