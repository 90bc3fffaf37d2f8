"""What everyside costs above the language model, per article, as a ratio in one run.

Issue 23's target: everyside's whole per-article path (ingest, analysis, clustering
features with the sentence embedding, storage, story assignment and the window's
re-clustering: ``ingest`` then ``process_new``, what ``ingest --cluster`` and the watcher
run) costs at most 15 ms of CPU an article more than the bare spaCy model does on the
same articles. The bare model is each language's pipeline as ``analyze.nlp.load_nlp``
loads it (tokenizer, tagger, parser, attribute rules and recognizer for English; the
recognizer or the sentencizer elsewhere) run with ``nlp.pipe`` over the stored bodies,
before and after everyside's run (their mean is the baseline). Times are process CPU
time, all threads, so a loaded machine inflates both sides alike; warm-up runs on other
articles load every model first. The full English package as shipped (with its
lemmatizer) is timed too, for reference.

Run ``python -m benchmarks.model_overhead`` (500 generated articles, the pipeline
benchmark's; ``--corpus demo`` for the demo corpus's 49 real articles in 4 languages);
``--profile FILE`` writes a cProfile of everyside's run; ``--repeats N`` alternates N
everyside runs with model runs and reports the median (runs after the first find the
process's caches warm for these articles).
"""

from __future__ import annotations

import argparse
import cProfile
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import spacy
from rich.console import Console
from rich.table import Table

from benchmarks.ingest_throughput import DEFAULT_SEED, save_results
from benchmarks.pipeline_throughput import make_corpus
from everyside.analyze.nlp import ENGLISH_MODEL, load_nlp
from everyside.analyze.pipeline import build_pipeline
from everyside.jobs import ingest
from everyside.jobs.analyze import AnalyzeReport, analyze_store, unanalyzed
from everyside.jobs.cluster import cluster_store
from everyside.jobs.demo import demo_inputs
from everyside.settings import IngestOptions
from everyside.store import repository
from everyside.store.db import Store

DEFAULT_ARTICLES = 500
TARGET_MS = 15.0
BATCH_SIZE = 32  # AnalyzeOptions' default
WARM_UP_ARTICLES = 40
DEMO_CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"
RESULTS = Path(__file__).resolve().parent / "results" / "overhead.json"


@dataclass(slots=True)
class Overhead:
    """One run's CPU milliseconds per article."""

    corpus: str
    articles: int
    model_ms: float
    model_before_ms: float
    model_after_ms: float
    shipped_model_ms: float
    everyside_ms: float
    ingest_ms: float
    analyze_ms: float
    cluster_ms: float
    overhead_ms: float
    overhead_ratio: float
    wall_seconds: float


def _cpu(work: Callable[[], Any]) -> float:
    started = time.process_time()
    work()
    return time.process_time() - started


def _inputs(corpus: str, articles: int, seed: int, folder: Path) -> tuple[list[str], IngestOptions]:
    """What to ingest: the generated corpus as one JSONL file, or the demo corpus's folders."""
    if corpus == "demo":
        return demo_inputs(DEMO_CORPUS)
    folder.mkdir(exist_ok=True)
    path, _ = make_corpus(articles, seed, folder)
    return [str(path)], IngestOptions()


def stored_bodies(inputs: list[str], options: IngestOptions, db: Path) -> dict[str, list[str]]:
    """The bodies everyside would analyze after ingesting the inputs, by language."""
    store = Store(f"sqlite:///{db}")
    try:
        ingest(inputs, store, options)
        with store.session() as session:
            stored = repository.get_articles(session, unanalyzed(store))
    finally:
        store.close()
    bodies: dict[str, list[str]] = defaultdict(list)
    for article in stored:
        bodies[article.language or "en"].append(article.body)
    return bodies


def run_everyside(
    inputs: list[str], options: IngestOptions, db: Path, profile: cProfile.Profile | None = None
) -> dict[str, float]:
    """CPU seconds of ingest, analysis and clustering (``process_new``'s steps) on a new store."""
    store = Store(f"sqlite:///{db}")
    try:
        if profile is not None:
            profile.enable()
        seconds = {"ingest": _cpu(lambda: ingest(inputs, store, options))}
        report: list[AnalyzeReport] = []
        seconds["analyze"] = _cpu(lambda: report.append(analyze_store(store)))
        seconds["cluster"] = _cpu(lambda: cluster_store(store))
        if profile is not None:
            profile.disable()
    finally:
        store.close()
    if not report[0].ok:
        raise SystemExit(f"{len(report[0].failed)} articles failed their analysis")
    return seconds


def run_model(models: dict[str, spacy.language.Language], bodies: dict[str, list[str]]) -> float:
    """CPU seconds of the bare models' ``nlp.pipe`` over the bodies of their language."""

    def work() -> None:
        for language, texts in bodies.items():
            nlp = models[language]
            for _ in nlp.pipe((text[: nlp.max_length] for text in texts), batch_size=BATCH_SIZE):
                pass

    return _cpu(work)


def measure(
    corpus: str, articles: int, seed: int, profile: Path | None, repeats: int = 1
) -> list[Overhead]:
    """Warm up, then time the bare models and everyside's path in turn, ``repeats`` times.

    Each everyside run (on a new store) is set against the model runs just before and
    just after it; ``--profile`` profiles the first.
    """
    with tempfile.TemporaryDirectory(prefix="everyside-overhead-") as scratch:
        folder = Path(scratch)
        started = time.perf_counter()
        # Warm-up on other generated articles (all four languages): models, tables and
        # caches load outside the timings.
        warm_inputs, warm_options = _inputs("generated", WARM_UP_ARTICLES, seed + 1, folder / "w")
        run_everyside(warm_inputs, warm_options, folder / "warm.db")
        inputs, options = _inputs(corpus, articles, seed, folder)
        bodies = stored_bodies(inputs, options, folder / "probe.db")
        for language in bodies:  # a language the warm-up did not meet loads here, untimed
            build_pipeline(language, ())  # the cache key analyze_store uses
        models = {language: load_nlp(language) for language in bodies}
        shipped = {**models, "en": spacy.load(ENGLISH_MODEL)}
        for warm in (models, shipped):
            run_model(warm, {language: texts[:BATCH_SIZE] for language, texts in bodies.items()})
        model_runs = [run_model(models, bodies)]
        everyside_runs = []
        profiler = cProfile.Profile() if profile else None
        for index in range(repeats):
            profiled = profiler if index == 0 else None
            everyside_runs.append(run_everyside(inputs, options, folder / f"t{index}.db", profiled))
            model_runs.append(run_model(models, bodies))
        shipped_seconds = run_model(shipped, bodies)
        wall = time.perf_counter() - started
    if profiler is not None and profile is not None:
        profiler.dump_stats(str(profile))
    count = sum(len(texts) for texts in bodies.values())
    per = 1000 / count
    runs = []
    for index, seconds in enumerate(everyside_runs):
        before, after = model_runs[index], model_runs[index + 1]
        everyside, model = sum(seconds.values()), (before + after) / 2
        runs.append(
            Overhead(
                corpus=corpus,
                articles=count,
                model_ms=model * per,
                model_before_ms=before * per,
                model_after_ms=after * per,
                shipped_model_ms=shipped_seconds * per,
                everyside_ms=everyside * per,
                ingest_ms=seconds["ingest"] * per,
                analyze_ms=seconds["analyze"] * per,
                cluster_ms=seconds["cluster"] * per,
                overhead_ms=(everyside - model) * per,
                overhead_ratio=everyside / model,
                wall_seconds=wall,
            )
        )
    return runs


def results_table(run: Overhead) -> Table:
    """The figures as a Rich table."""
    table = Table(
        title=f"Cost above the model: {run.articles} articles ({run.corpus}), CPU ms an article",
        title_justify="left",
    )
    table.add_column("what")
    table.add_column("ms / article", justify="right")
    table.add_column("× model", justify="right")
    rows = [
        ("bare model (nlp.pipe; mean of before and after)", run.model_ms),
        ("  before everyside's run", run.model_before_ms),
        ("  after everyside's run", run.model_after_ms),
        (f"{ENGLISH_MODEL} as shipped (reference)", run.shipped_model_ms),
        ("everyside: ingest + analyze + cluster", run.everyside_ms),
        ("  ingest", run.ingest_ms),
        ("  analyze (the model's work included)", run.analyze_ms),
        ("  analyze above the model", run.analyze_ms - run.model_ms),
        ("  cluster (features, embedding, assignment, window)", run.cluster_ms),
        ("overhead above the model", run.overhead_ms),
    ]
    for name, value in rows:
        table.add_row(name, f"{value:.1f}", f"{value / run.model_ms:.2f}")
    met = "met" if run.overhead_ms <= TARGET_MS else "not met"
    table.caption = f"target: overhead ≤ {TARGET_MS:.0f} ms an article ({met})"
    return table


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and run the benchmark."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.model_overhead")
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES)
    parser.add_argument("--corpus", choices=("generated", "demo"), default="generated")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--profile", type=Path, help="write a cProfile of everyside's run here")
    parser.add_argument(
        "--repeats", type=int, default=1, help="everyside runs, each between two model runs"
    )
    args = parser.parse_args(argv)
    if args.repeats < 1 or args.articles < 1:
        parser.error("need --repeats >= 1 and --articles >= 1")
    runs = measure(args.corpus, args.articles, args.seed, args.profile, args.repeats)
    # The median run by overhead: a shared machine's bursts land in one run or another.
    run = sorted(runs, key=lambda r: r.overhead_ms)[len(runs) // 2]
    console = Console(width=120)
    console.print(results_table(run))
    if len(runs) > 1:
        overheads = ", ".join(f"{r.overhead_ms:.1f}" for r in runs)
        console.print(f"the median of {len(runs)} runs; overheads: {overheads} ms")
    fields = {
        "target_overhead_ms": TARGET_MS,
        "result": asdict(run),
        "runs": [asdict(r) for r in runs],
    }
    save_results(args.output, "model_overhead", fields)
    Console().print(f"Saved {args.output}")


if __name__ == "__main__":
    main()
