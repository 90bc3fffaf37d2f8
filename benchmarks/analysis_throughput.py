"""Analysis throughput per core: the whole pipeline and each component, on the demo corpus.

The demo corpus is repeated until it holds ``--articles`` articles (2,000 by default).
Every pipeline runs its components one after the other over all documents of its
language, so each component's time is measured on exactly the documents it sees in
production. Tokenizing alone is the baseline of the same process: ratios say how many
times slower than tokenizing each step is, which stays comparable across machines.

Run ``python -m benchmarks.analysis_throughput`` (``make bench``).
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path

from rich.console import Console
from rich.table import Table

from everyside.analyze.pipeline import build_pipeline
from everyside.ingest.language import detect_language
from everyside.ingest.pipeline import READERS
from everyside.ingest.sources import expand_pattern
from everyside.model import Article
from everyside.settings import IngestOptions

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"
RESULTS = Path(__file__).resolve().parent / "results" / "analysis.json"


def corpus_articles() -> list[Article]:
    """Every article of the demo corpus, read with the ingest readers, language detected."""
    articles = []
    options = IngestOptions()
    for folder in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        for input_file in expand_pattern(str(folder)):
            fmt = folder.name if folder.name != "feeds" else "feed"
            for item in READERS[fmt](input_file, options):
                if isinstance(item, Article):
                    item.language, item.language_confidence = detect_language(item.body)
                    articles.append(item)
    return articles


def measure(articles: list[Article]) -> dict[str, dict[str, float]]:
    """Seconds per step (tokenizer and each component), summed over the languages."""
    by_language: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        by_language[article.language or "en"].append(article)
    seconds: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    for language, group in by_language.items():
        nlp = build_pipeline(language)
        started = time.perf_counter()
        docs = [nlp.make_doc(article.body) for article in group]
        seconds["tokenizer (baseline)"] += time.perf_counter() - started
        counts["tokenizer (baseline)"] += len(docs)
        for name, component in nlp.pipeline:
            started = time.perf_counter()
            # Trained components batch through .pipe; everyside's rule components have no
            # batching to gain and are called per document.
            pipe = getattr(component, "pipe", None)
            docs = list(pipe(docs, batch_size=32)) if pipe else [component(doc) for doc in docs]
            seconds[name] += time.perf_counter() - started
            counts[name] += len(docs)
    seconds["whole analysis"] = sum(seconds.values())
    counts["whole analysis"] = len(articles)
    return {
        name: {"seconds": value, "documents": counts[name], "per_second": counts[name] / value}
        for name, value in seconds.items()
    }


def main() -> None:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="articles to analyze")
    args = parser.parse_args()
    base = corpus_articles()
    articles = (base * (args.articles // len(base) + 1))[: args.articles]
    results = measure(articles)
    baseline = results["tokenizer (baseline)"]["per_second"]
    table = Table(title=f"Analysis throughput, one core, {len(articles)} articles")
    table.add_column("step")
    table.add_column("documents", justify="right")
    table.add_column("seconds", justify="right")
    table.add_column("articles/s", justify="right")
    table.add_column("× slower than tokenizing", justify="right")
    for name, row in results.items():
        table.add_row(
            name,
            str(int(row["documents"])),
            f"{row['seconds']:.1f}",
            f"{row['per_second']:.1f}",
            f"{baseline / row['per_second']:.0f}",
        )
    Console().print(table)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({"articles": len(articles), "steps": results}, indent=2))


if __name__ == "__main__":
    main()
