"""Event coding throughput per core: sentences/s and articles/s, against the parse alone.

The demo corpus is repeated until it holds ``--articles`` articles (500 by default) and
analyzed once per language with everyside's pipeline; then the event coder alone is timed
over the analyzed docs. The ratio compares the coder with the statistical parse
(spaCy's English model: tagger, parser, NER) timed in the same process, so it stays
comparable across machines. Spanish and other unparsed languages use the flat coder and
are counted apart.

Run ``python -m benchmarks.event_throughput`` (``make bench``).
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path

from rich.console import Console
from rich.table import Table

from benchmarks.analysis_throughput import corpus_articles
from everyside.analyze.cameo import EventCoder
from everyside.analyze.pipeline import build_pipeline
from everyside.model import Article

RESULTS = Path(__file__).resolve().parent / "results" / "events.json"
# Components of the English model that make the parse everyside's coder reads.
PARSE_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "ner")


def measure(articles: list[Article]) -> dict[str, dict[str, float]]:
    """Seconds, documents and sentences for the parse and for event coding, per path."""
    by_language: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        by_language[article.language or "en"].append(article)
    rows: dict[str, dict[str, float]] = {}
    for language, group in sorted(by_language.items()):
        nlp = build_pipeline(language)
        coder = EventCoder(language=language)
        docs = [nlp.make_doc(article.body) for article in group]
        for doc, article in zip(docs, group, strict=True):
            doc._.published_on = article.published_at.date() if article.published_at else None
        parse_seconds = 0.0
        for name, component in nlp.pipeline:
            started = time.perf_counter()
            pipe = getattr(component, "pipe", None)
            docs = list(pipe(docs, batch_size=32)) if pipe else [component(doc) for doc in docs]
            if name in PARSE_COMPONENTS:
                parse_seconds += time.perf_counter() - started
        sentences = sum(len(list(doc.sents)) for doc in docs)
        started = time.perf_counter()
        events = sum(len(coder.code(doc)) for doc in docs)
        coding_seconds = time.perf_counter() - started
        path = "parsed" if nlp.has_pipe("parser") else "flat"
        rows[f"events {language} ({path})"] = {
            "seconds": coding_seconds,
            "documents": len(docs),
            "sentences": sentences,
            "events": events,
        }
        if parse_seconds:
            rows[f"parse {language} (baseline)"] = {
                "seconds": parse_seconds,
                "documents": len(docs),
                "sentences": sentences,
                "events": 0,
            }
    return rows


def main() -> None:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500, help="articles to code")
    args = parser.parse_args()
    base = corpus_articles()
    articles = (base * (args.articles // len(base) + 1))[: args.articles]
    rows = measure(articles)
    parse = rows.get("parse en (baseline)")
    table = Table(title=f"Event coding throughput, one core, {len(articles)} articles")
    for column in ("step", "docs", "sents", "events", "s", "sents/s", "docs/s", "× parse"):
        table.add_column(column, justify="left" if column == "step" else "right")
    for name, row in rows.items():
        ratio = (
            f"{row['seconds'] / parse['seconds'] * parse['documents'] / row['documents']:.2f}"
            if parse and name.startswith("events")
            else ""
        )
        table.add_row(
            name,
            str(int(row["documents"])),
            str(int(row["sentences"])),
            str(int(row["events"])),
            f"{row['seconds']:.2f}",
            f"{row['sentences'] / row['seconds']:.0f}",
            f"{row['documents'] / row['seconds']:.1f}",
            ratio,
        )
    Console().print(table)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({"articles": len(articles), "steps": rows}, indent=2))


if __name__ == "__main__":
    main()
