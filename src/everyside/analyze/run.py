"""Analyze what the store holds: only articles not yet analyzed, one transaction each."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Protocol

from everyside.analyze.pipeline import ANALYSIS_VERSION, AnalyzeOptions, analyze_articles
from everyside.store import repository
from everyside.store.analysis import articles_to_analyze, save_analysis
from everyside.store.db import Store

logger = logging.getLogger(__name__)

# Articles loaded from the store at a time: bounds memory, keeps spaCy batches full.
CHUNK = 256


class AnalyzeProgress(Protocol):
    """Receives progress of an analysis run, for a progress bar."""

    def start(self, total: int) -> None:
        """Called once with the number of articles to analyze."""

    def advance(self, done: int) -> None:
        """Called after each stored analysis with the count so far."""


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


def analyze_store(
    store: Store,
    options: AnalyzeOptions | None = None,
    *,
    progress: AnalyzeProgress | None = None,
) -> AnalyzeReport:
    """Analyze every stored article that this analysis version has not seen yet."""
    options = options or AnalyzeOptions()
    with store.session() as session:
        pending = articles_to_analyze(session, ANALYSIS_VERSION)
    report = AnalyzeReport()
    if progress is not None:
        progress.start(len(pending))
    for offset in range(0, len(pending), CHUNK):
        with store.session() as session:
            articles = repository.get_articles(session, pending[offset : offset + CHUNK])
        try:
            results = list(analyze_articles(articles, options))
        except Exception as error:  # one bad article must not stop the run: retry one by one
            logger.warning("batch failed (%s); analyzing its articles one at a time", error)
            results = []
            for article in articles:
                try:
                    results.extend(analyze_articles([article], options))
                except Exception as single_error:
                    report.failed.append(
                        (article.id, f"{type(single_error).__name__}: {single_error}")
                    )
        for result in results:
            with store.transaction() as session:
                save_analysis(session, result, ANALYSIS_VERSION)
            report.analyzed += 1
            report.mentions += len(result.mentions)
            report.quotes += len(result.quotes)
            report.claims += len(result.claims)
            report.times += len(result.times)
            if progress is not None:
                progress.advance(report.analyzed)
    return report
