"""Stable JSON shapes for scripts: the ``--json`` output of every listing and ``show`` command.

The shapes are documented in docs/cli.md and docs/compare.md; fields are only ever
added, never renamed. Every record is printed through its model in
``everyside.report.shapes`` or ``everyside.report.shapes_compare``, which the REST API
serves too, so each shape is defined once.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from everyside.compare.results import Comparison
from everyside.ingest import IngestEvent, IngestReport
from everyside.model import Article, ArticleAnalysis, Quote, RealWorldEvent, StorySummary
from everyside.report.shapes import (
    AnalysisOut,
    ArticleDetailOut,
    ArticleHitOut,
    ArticleOut,
    EntityOut,
    IngestEventOut,
    IngestReportOut,
    QuoteOut,
    SourceOut,
    StoryDetailOut,
    StoryOut,
    plain,
)
from everyside.report.shapes_compare import (
    COMPARISON_SCHEMA_VERSION,
    ComparisonOut,
    RealWorldEventDetailOut,
)
from everyside.store.analysis import EntitySummary
from everyside.store.dialects import SearchHit
from everyside.store.repository import SourceSighting

__all__ = [
    "COMPARISON_SCHEMA_VERSION",
    "analysis",
    "article_detail",
    "article_summary",
    "comparison",
    "entity_summary",
    "ingest_event",
    "ingest_report",
    "quote",
    "real_world_event",
    "search_result",
    "source",
    "story",
    "story_detail",
]


def article_summary(article: Article) -> dict[str, Any]:
    """An article without its body: the shape of each item of ``articles --json``."""
    return plain(ArticleOut.of(article))


def quote(found: Quote, speaker_name: str | None = None) -> dict[str, Any]:
    """One quote: text, kind, span, speaker as written and as resolved, cue, medium."""
    return plain(QuoteOut.of(found, speaker_name))


def analysis(found: ArticleAnalysis) -> dict[str, Any]:
    """An article's annotations, every one with its character span in the body."""
    return plain(AnalysisOut.of(found))


def entity_summary(summary: EntitySummary) -> dict[str, Any]:
    """An entity with its mention and article counts."""
    return plain(EntityOut.of(summary))


def source(sighting: SourceSighting) -> SourceOut:
    """A place an article's exact text was read from."""
    return SourceOut(
        locator=sighting.locator,
        format=sighting.format,
        url=sighting.url,
        outlet=sighting.outlet,
        seen_at=sighting.seen_at,
    )


def article_detail(
    article: Article, sources: list[SourceSighting], found: ArticleAnalysis | None = None
) -> dict[str, Any]:
    """A whole article: metadata, paragraphs, boilerplate, sources and annotations."""
    detail = ArticleDetailOut.detail_of(article, [source(s) for s in sources], found)
    return plain(detail)


def search_result(article: Article, hit: SearchHit) -> dict[str, Any]:
    """One full-text search hit."""
    found = ArticleHitOut(
        **ArticleOut.summary_fields(article), snippet=hit.snippet, score=round(hit.score, 4)
    )
    return plain(found)


def story(summary: StorySummary, groups: Collection[str] = ()) -> dict[str, Any]:
    """A story's summary: the shape of each item of ``stories --json``."""
    return plain(StoryOut.of(summary, groups))


def story_detail(
    summary: StorySummary, articles: list[Article], groups: Collection[str] = ()
) -> dict[str, Any]:
    """A story's summary and its articles: the shape of ``story ID --json``."""
    return plain(StoryDetailOut.detail_of(summary, articles, groups))


def ingest_event(event: IngestEvent) -> dict[str, Any]:
    """One line of an ingest report."""
    return plain(IngestEventOut.of(event))


def ingest_report(report: IngestReport) -> dict[str, Any]:
    """An ingest's counts, its undated new articles and its events."""
    return plain(IngestReportOut.of(report))


def comparison(found: Comparison) -> dict[str, Any]:
    """A story's comparison in the versioned shape documented in docs/compare.md."""
    return plain(ComparisonOut.of(found))


def real_world_event(event: RealWorldEvent) -> dict[str, Any]:
    """One real-world event with every report of it (the shape of ``events --json`` items)."""
    return plain(RealWorldEventDetailOut.detail_of(event))
