"""Stable JSON shapes for scripts: the ``--json`` output of every listing and ``show`` command.

The shapes are documented in docs/cli.md; fields are only ever added, never renamed.
Articles and stories are printed through the models of ``everyside.report.shapes``,
which the REST API serves too, so each of those shapes is defined once.
"""

from __future__ import annotations

from typing import Any

from everyside.compare.naming import nothing_to_compare
from everyside.compare.results import Comparison
from everyside.ingest.pipeline import IngestEvent, IngestReport, Outcome
from everyside.model import (
    Article,
    ArticleAnalysis,
    Quote,
    RealWorldEvent,
    StorySummary,
    json_ready,
)
from everyside.report.shapes import (
    AnalysisOut,
    ArticleDetailOut,
    ArticleHitOut,
    ArticleOut,
    QuoteOut,
    SourceOut,
    StoryDetailOut,
    StoryOut,
    plain,
)
from everyside.store.analysis import EntitySummary
from everyside.store.dialects import SearchHit
from everyside.store.repository import SourceSighting


def article_summary(article: Article) -> dict[str, Any]:
    """An article without its body: the shape of each item of ``articles --json``."""
    data: dict[str, Any] = plain(ArticleOut.of(article))
    return data


def quote(found: Quote, speaker_name: str | None = None) -> dict[str, Any]:
    """One quote: text, kind, span, speaker as written and as resolved, cue, medium."""
    data: dict[str, Any] = plain(QuoteOut.of(found, speaker_name))
    return data


def analysis(found: ArticleAnalysis) -> dict[str, Any]:
    """An article's annotations, every one with its character span in the body."""
    data: dict[str, Any] = plain(AnalysisOut.of(found))
    return data


def entity_summary(summary: EntitySummary) -> dict[str, Any]:
    """An entity with its mention and article counts."""
    entity = summary.entity
    return {
        "id": entity.id,
        "name": entity.name,
        "kind": entity.kind,
        "country": entity.country_code,
        "aliases": entity.aliases,
        "mentions": summary.mentions,
        "articles": summary.articles,
    }


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
    data: dict[str, Any] = plain(detail)
    return data


def search_result(article: Article, hit: SearchHit) -> dict[str, Any]:
    """One full-text search hit."""
    found = ArticleHitOut(
        **ArticleOut.summary_fields(article), snippet=hit.snippet, score=round(hit.score, 4)
    )
    data: dict[str, Any] = plain(found)
    return data


def story(summary: StorySummary) -> dict[str, Any]:
    """A story's summary: the shape of each item of ``stories --json``."""
    data: dict[str, Any] = plain(StoryOut.of(summary))
    return data


def story_detail(summary: StorySummary, articles: list[Article]) -> dict[str, Any]:
    """A story's summary and its articles: the shape of ``story ID --json``."""
    data: dict[str, Any] = plain(StoryDetailOut.detail_of(summary, articles))
    return data


def ingest_event(event: IngestEvent) -> dict[str, Any]:
    """One line of an ingest report."""
    return {
        "locator": event.locator,
        "outcome": event.outcome.value,
        "article_id": event.article_id,
        "title": event.title,
        "duplicate_of": event.duplicate_of,
        "similarity": round(event.similarity, 4) if event.similarity is not None else None,
        "message": event.message,
    }


def ingest_report(report: IngestReport) -> dict[str, Any]:
    """An ingest's counts and events."""
    return {
        "files": report.files,
        "counts": {outcome.value: report.count(outcome) for outcome in Outcome},
        # Newly stored articles without a publication date (see docs/cli.md).
        "undated": report.undated,
        "events": [ingest_event(event) for event in report.events],
    }


# Bumped only when a field is renamed or removed; added fields keep the version.
COMPARISON_SCHEMA_VERSION = 1


def comparison(found: Comparison) -> dict[str, Any]:
    """A story's comparison in the versioned shape documented in docs/compare.md."""
    data: dict[str, Any] = {"schema": "everyside.comparison", "version": COMPARISON_SCHEMA_VERSION}
    data.update(json_ready(found))
    # Why the story cannot be compared (one outlet), or null.
    data["notice"] = nothing_to_compare(found.outlets, len(found.articles))
    data["omissions"] = {
        outlet: [g.id for g in found.omissions(outlet)] for outlet in found.outlets
    }
    # Facts an outlet may state in other words: never counted as omissions.
    data["possibly_covered"] = {
        outlet: [
            {"group": g.id, **json_ready(closest)} for g, closest in found.possibly_covered(outlet)
        ]
        for outlet in found.outlets
    }
    return data


def real_world_event(event: RealWorldEvent) -> dict[str, Any]:
    """One real-world event with every report of it (the shape of ``events --json`` items)."""
    data: dict[str, Any] = json_ready(event)
    data["outlets"] = event.outlets
    data["codes"] = dict(event.codes)
    return data
