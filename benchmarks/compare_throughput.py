"""Comparison time for one story of 2, 10 and 50 analyzed articles, on one core.

Stories are built from the demo corpus (repeated, with fresh ids, for 50 articles) so
that statements, quotes and numbers are real. Analysis happens before the clock starts:
the comparison's own cost is what is measured. The baseline of the same process is
embedding the story's sentences alone (the multilingual encoder every comparison needs),
so the ratio says how much the alignment, quote pairing, numbers and framing add.

Run ``python -m benchmarks.compare_throughput`` (``make bench``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from benchmarks.analysis_throughput import corpus_articles
from everyside.analyze.pipeline import analyze_articles
from everyside.cluster.features import default_embedder
from everyside.compare import compare_articles, outlet_name
from everyside.compare.statements import split_statements
from everyside.model import Article

RESULTS = Path(__file__).resolve().parent / "results" / "compare.json"
SIZES = (2, 10, 50)


def story_of(articles: list[Article], size: int) -> list[Article]:
    """``size`` articles, the corpus repeated with fresh ids when it is too short."""
    story = []
    for n in range(size):
        article = articles[n % len(articles)]
        story.append(replace(article, id=f"{article.id}-{n}") if n >= len(articles) else article)
    return story


def timed(run: Callable[..., object], *args: Any, repeats: int, **kwargs: Any) -> float:
    """Median seconds of ``repeats`` calls of ``run(*args, **kwargs)``."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run(*args, **kwargs)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="runs per size (median kept)")
    args = parser.parse_args()
    corpus = corpus_articles()
    embedder = default_embedder()
    embedder.encode(["warm up"])  # loading the weights is not part of a comparison
    rows = []
    for size in SIZES:
        story = story_of(corpus, size)
        analyses = {a.id: found for a, found in zip(story, analyze_articles(story), strict=True)}
        sentences = [s.text for a in story for s in split_statements(a, outlet_name(a))]
        baseline = timed(embedder.encode, sentences, repeats=args.repeats)
        seconds = timed(compare_articles, story, analyses, embedder=embedder, repeats=args.repeats)
        rows.append(
            {
                "articles": size,
                "sentences": len(sentences),
                "seconds": seconds,
                "baseline": baseline,
            }
        )
    table = Table(title="Comparison of one story, one core (after analysis)")
    for column in (
        "articles",
        "sentences",
        "seconds",
        "embedding sentences (baseline)",
        "× baseline",
    ):
        table.add_column(column, justify="right")
    for row in rows:
        table.add_row(
            str(row["articles"]),
            str(row["sentences"]),
            f"{row['seconds']:.2f}",
            f"{row['baseline']:.2f}",
            f"{row['seconds'] / row['baseline']:.1f}",
        )
    Console().print(table)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
