"""Story clustering throughput on one core: generated features streamed through clustering.

Analysis and embedding are left out: every article's features are generated first,
then streamed through :class:`everyside.cluster.StoryClusterer` (default options: the
usearch HNSW index plus the key index) and each ``add`` is timed.

The generated stream has news-like shape: story sizes follow a power law (most stories
have one article, a few have hundreds), a story's articles arrive over a couple of days
in several languages, and each story has its own entities, terms, numbers and a centre
that its articles' embeddings scatter around.

Reported: articles/s; p50/p99 assignment latency in the 2,000 articles after the
stream reaches 10k and 100k stories; the cost curve (latency by number of stories);
the live path's re-clustering of the last 1,000 articles against streaming them; peak
memory (max RSS). Baselines in the same process, so ratios stay comparable across
machines: exact (linear) vector search over every story centroid, and a fixed numpy
matrix product. There are no timing assertions.

Run ``python -m benchmarks.cluster_throughput`` (``--articles 20000`` for a quick run).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from everyside.cluster import ClusterOptions, StoryClusterer
from everyside.cluster.index import VectorIndex
from everyside.cluster.live import members_by_story, recluster_recent
from everyside.model import EMBEDDING_DIM, ArticleFeatures

LANGUAGES = ("en", "en", "en", "de", "es", "id")
CHECKPOINTS = (1_000, 3_000, 10_000, 30_000, 100_000)
WINDOW = 2_000  # articles measured after each checkpoint


def story_sizes(rng: np.random.Generator, articles: int) -> list[int]:
    """Power-law story sizes (exponent 2.5, at most 500) adding up to ``articles``."""
    sizes: list[int] = []
    total = 0
    while total < articles:
        size = min(int(rng.zipf(2.5)), 500, articles - total)
        sizes.append(size)
        total += size
    return sizes


def generate(articles: int, seed: int = 0) -> list[ArticleFeatures]:
    """A stream of generated article features in publication order."""
    rng = np.random.default_rng(seed)
    sizes = story_sizes(rng, articles)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    # Stories open at a steady rate; their articles follow within about two days.
    span = timedelta(days=max(30, len(sizes) // 400))
    stream: list[tuple[datetime, ArticleFeatures]] = []
    for story, size in enumerate(sizes):
        opened = start + span * (story / len(sizes))
        centre = rng.standard_normal(EMBEDDING_DIM).astype(np.float32)
        centre /= np.linalg.norm(centre)
        entities = [f"person:{int(x)}" for x in rng.zipf(1.3, size=6) + story * 7]
        vocabulary = [f"w{int(x)}" for x in rng.zipf(1.2, size=60) % 200_000]
        vocabulary += [f"s{story}-{i}" for i in range(10)]  # the story's own words
        numbers = [float(round(x, 1)) for x in rng.uniform(10, 10_000, size=3)]
        languages = [LANGUAGES[int(x)] for x in rng.integers(0, len(LANGUAGES), size=2)]
        for member in range(size):
            noise = rng.standard_normal(EMBEDDING_DIM).astype(np.float32)
            embedding = centre + 0.8 * noise / np.linalg.norm(noise)
            embedding /= np.linalg.norm(embedding)
            picked = rng.choice(len(vocabulary), size=40, replace=False)
            published = opened + timedelta(hours=float(rng.exponential(12)))
            stream.append(
                (
                    published,
                    ArticleFeatures(
                        article_id=f"a{story}-{member}",
                        title=f"story {story} article {member}",
                        language=languages[member % 2],
                        outlet=f"outlet {int(rng.integers(0, 500))}",
                        published_at=published,
                        terms={vocabulary[i]: 1.0 + float(rng.random()) for i in picked},
                        entities={e: 1.0 + float(rng.random()) for e in entities[:4]},
                        places=frozenset(entities[4:5]),
                        numbers=frozenset(numbers[: 1 + member % 3]),
                        embedding=embedding,
                    ),
                )
            )
    stream.sort(key=lambda item: (item[0], item[1].article_id))
    return [features for _, features in stream]


def percentile(values: list[float], q: float) -> float:
    """A percentile in milliseconds."""
    return float(np.percentile(np.asarray(values), q) * 1000) if values else float("nan")


def matmul_baseline(repeats: int = 20) -> float:
    """Seconds for a fixed (100,000 x 512) @ (512,) float32 product: the machine's pace."""
    rng = np.random.default_rng(1)
    matrix = rng.standard_normal((100_000, EMBEDDING_DIM)).astype(np.float32)
    vector = rng.standard_normal(EMBEDDING_DIM).astype(np.float32)
    started = time.perf_counter()
    for _ in range(repeats):
        matrix @ vector
    return (time.perf_counter() - started) / repeats


def exact_search_baseline(clusterer: StoryClusterer, probes: list[ArticleFeatures]) -> float:
    """Median seconds of an exact search over every story centroid (the linear way)."""
    index = VectorIndex(EMBEDDING_DIM, backend="exact")
    for story_id, story in clusterer.stories.items():
        index.add(story_id, story.centroid)
    times = []
    for probe in probes:
        started = time.perf_counter()
        index.query(probe.embedding, clusterer.options.neighbours)
        times.append(time.perf_counter() - started)
    return float(np.median(times))


def reconcile_cost(clusterer: StoryClusterer, stream: list[ArticleFeatures]) -> dict[str, object]:
    """The live path's re-clustering of the last 1,000 articles, against streaming them.

    ``cluster``, ``ingest --cluster`` and the web route pay this once per run, ``watch``
    once per ``recluster_every``: so it is the cost per 1,000 new articles at worst.
    """
    window = clusterer.options.recluster_window
    by_id = {f.article_id: f for f in stream}
    members = members_by_story(clusterer, by_id)
    started = time.perf_counter()
    found = recluster_recent(members, [f.article_id for f in stream[-window:]], clusterer.options)
    seconds = time.perf_counter() - started
    replay = StoryClusterer(clusterer.options)
    replay.extend(stream[: -window or None][-window:])  # warm: as many stories known
    clock = time.perf_counter()
    replay.extend(stream[-window:])
    streaming = time.perf_counter() - clock
    return {
        "window_articles": window,
        "articles_reclustered": found.reclustered,
        "moved": len(found.moved),
        "seconds": round(seconds, 2),
        "streaming_same_articles_seconds": round(streaming, 2),
        "over_streaming": round(seconds / streaming, 1) if streaming else None,
    }


def run(articles: int, seed: int) -> dict[str, object]:
    """Generate, stream, measure; the figures as a dict."""
    started = time.perf_counter()
    stream = generate(articles, seed)
    generated = time.perf_counter() - started
    clusterer = StoryClusterer(ClusterOptions())
    latencies: list[float] = []
    stories: list[int] = []
    clock = time.perf_counter()
    for features in stream:
        before = time.perf_counter()
        clusterer.add(features)
        latencies.append(time.perf_counter() - before)
        stories.append(len(clusterer))
    total = time.perf_counter() - clock
    curve = []
    for checkpoint in CHECKPOINTS:
        first = next((i for i, n in enumerate(stories) if n >= checkpoint), None)
        if first is None:
            continue
        window = latencies[first : first + WINDOW]
        curve.append(
            {
                "stories": checkpoint,
                "articles_measured": len(window),
                "p50_ms": round(percentile(window, 50), 3),
                "p99_ms": round(percentile(window, 99), 3),
                "mean_ms": round(float(np.mean(window)) * 1000, 3),
            }
        )
    probes = stream[-200:]
    exact = exact_search_baseline(clusterer, probes)
    index_times = []
    for probe in probes:
        keys = clusterer.keys_of(probe)
        before = time.perf_counter()
        clusterer.index.query(probe.embedding, keys)
        index_times.append(time.perf_counter() - before)
    matmul = matmul_baseline()
    reconcile = reconcile_cost(clusterer, stream)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "articles": len(stream),
        "stories": len(clusterer),
        "merges": len(clusterer.changes),
        "generate_seconds": round(generated, 1),
        "cluster_seconds": round(total, 1),
        "articles_per_second": round(len(stream) / total, 1),
        "p50_ms_overall": round(percentile(latencies, 50), 3),
        "p99_ms_overall": round(percentile(latencies, 99), 3),
        "cost_curve": curve,
        "recluster_window": reconcile,
        "peak_rss_mib": round(peak_mib, 1),
        "baselines": {
            "numpy_100k_x_512_matvec_ms": round(matmul * 1000, 3),
            "exact_search_all_centroids_ms": round(exact * 1000, 3),
            "candidate_index_query_ms": round(float(np.median(index_times)) * 1000, 3),
            "mean_add_over_matvec": round(total / len(stream) / matmul, 2),
        },
        "cpu": os.cpu_count(),
    }


def main() -> None:
    """Command-line entry point: print the figures (and write them with --json)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=210_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args()
    figures = run(args.articles, args.seed)
    text = json.dumps(figures, indent=2)
    print(text)
    if args.json is not None:
        args.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
