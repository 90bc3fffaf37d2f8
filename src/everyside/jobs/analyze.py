"""Analyze what the store holds: only articles not yet analyzed, stored a batch at a time."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol

from everyside.analyze.pipeline import (
    ANALYSIS_VERSION,
    AnalysisFailure,
    AnalyzeOptions,
    analyze_each,
)
from everyside.model import Article, ArticleAnalysis
from everyside.store import repository
from everyside.store.analysis import articles_to_analyze, save_analyses
from everyside.store.db import Store

# Articles loaded from the store at a time: bounds memory, keeps spaCy batches full.
CHUNK = 256
# Analyses stored per transaction: a crash loses at most this many, which the next run redoes.
SAVE_BATCH = 64


class AnalyzeProgress(Protocol):
    """Receives progress of an analysis run, for a progress bar."""

    def start(self, total: int) -> None:
        """Called once with the number of articles to analyze."""

    def advance(self, done: int) -> None:
        """Called after each stored batch of analyses with the count so far."""

    def stage(self, description: str, total: int | None = None) -> None:
        """Called when a new part of the work begins: its name and size (None: unknown)."""


@dataclass(slots=True)
class AnalyzeReport:
    """What an analysis run did."""

    analyzed: int = 0
    mentions: int = 0
    quotes: int = 0
    claims: int = 0
    times: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no article failed."""
        return not self.failed

    def count(self, result: ArticleAnalysis) -> None:
        """Add one stored analysis to the totals."""
        self.analyzed += 1
        self.mentions += len(result.mentions)
        self.quotes += len(result.quotes)
        self.claims += len(result.claims)
        self.times += len(result.times)


def unanalyzed(store: Store) -> list[str]:
    """The ids of stored articles that this analysis version has not analyzed yet."""
    with store.session() as session:
        return articles_to_analyze(session, ANALYSIS_VERSION)


def analyze_store(
    store: Store,
    options: AnalyzeOptions | None = None,
    *,
    progress: AnalyzeProgress | None = None,
) -> AnalyzeReport:
    """Analyze every stored article that this analysis version has not seen yet.

    With ``options.processes`` above 1 the workers analyze while this process reads
    the articles and stores the finished analyses.
    """
    options = options or AnalyzeOptions()
    pending = unanalyzed(store)
    report = AnalyzeReport()
    if progress is not None:
        progress.start(len(pending))
        if pending:  # the first results wait for the language model to load
            progress.stage("loading the language model")
    done: list[ArticleAnalysis] = []
    first = True
    for result in analyze_each(_stored_articles(store, pending), options):
        if first and progress is not None:
            progress.stage("analyzing", len(pending))
        first = False
        if isinstance(result, AnalysisFailure):
            report.failed.append((result.article_id, result.problem))
            continue
        done.append(result)
        if len(done) >= SAVE_BATCH:
            _save(store, done, report, progress)
    _save(store, done, report, progress)
    return report


def _stored_articles(store: Store, ids: list[str]) -> Iterator[Article]:
    """The articles, read CHUNK at a time; no session stays open while they are analyzed."""
    for offset in range(0, len(ids), CHUNK):
        with store.session() as session:
            articles = repository.get_articles(session, ids[offset : offset + CHUNK])
        yield from articles


def _save(
    store: Store,
    done: list[ArticleAnalysis],
    report: AnalyzeReport,
    progress: AnalyzeProgress | None,
) -> None:
    """Store a batch of analyses in one transaction and empty it."""
    if not done:
        return
    with store.transaction() as session:
        save_analyses(session, done, ANALYSIS_VERSION)
    for result in done:
        report.count(result)
    done.clear()
    if progress is not None:
        progress.advance(report.analyzed)
