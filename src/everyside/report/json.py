"""Stable JSON shapes for scripts: the ``--json`` output of every listing and ``show`` command.

The shapes are documented in docs/cli.md; fields are only ever added, never renamed.
"""

from __future__ import annotations

from typing import Any

from everyside.compare.naming import nothing_to_compare
from everyside.compare.results import Comparison
from everyside.ingest.pipeline import IngestEvent, IngestReport, Outcome
from everyside.model import Article, ArticleAnalysis, Quote, RealWorldEvent, Span, json_ready
from everyside.store.analysis import EntitySummary
from everyside.store.dialects import SearchHit
from everyside.store.repository import SourceSighting


def article_summary(article: Article) -> dict[str, Any]:
    """An article without its body: the shape of each item of ``articles --json``."""
    return {
        "id": article.id,
        "title": article.title,
        "outlet": article.outlet.name if article.outlet else None,
        "url": article.url,
        "place": article.place,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "language": article.language,
        "duplicate_of": article.duplicate_of,
        "duplicate_kind": article.duplicate_kind.value if article.duplicate_kind else None,
    }


def _span(span: Span | None) -> list[int] | None:
    return [span.start, span.end] if span else None


def quote(found: Quote, speaker_name: str | None = None) -> dict[str, Any]:
    """One quote: text, kind, span, speaker as written and as resolved, cue, medium."""
    return {
        "article_id": found.article_id,
        "text": found.text,
        "kind": found.kind.value,
        "span": _span(found.span),
        "speaker": speaker_name,
        "speaker_entity_id": found.speaker_entity_id,
        "speaker_text": found.speaker_text,
        "speaker_span": _span(found.speaker_span),
        "cue": found.cue,
        "medium": found.medium,
    }


def analysis(found: ArticleAnalysis) -> dict[str, Any]:
    """An article's annotations, every one with its character span in the body."""
    names = {entity_id: entity.name for entity_id, entity in found.entities.items()}
    return {
        "mentions": [
            {
                "text": m.text,
                "span": _span(m.span),
                "label": m.label,
                "entity_id": m.entity_id,
                "entity": names.get(m.entity_id or ""),
            }
            for m in found.mentions
        ],
        "quotes": [quote(q, names.get(q.speaker_entity_id or "")) for q in found.quotes],
        "numbers": [
            {
                "text": c.text,
                "span": _span(c.span),
                "value": c.value,
                "low": c.low,
                "unit": c.unit,
                "qualifier": c.qualifier,
                "about": c.about,
                "time": c.time_value.isoformat() if c.time_value else None,
                "time_text": c.time_text,
            }
            for c in found.claims
        ],
        "dates": [
            {
                "text": t.text,
                "span": _span(t.span),
                "value": t.value.isoformat() if t.value else None,
                "granularity": t.granularity,
            }
            for t in found.times
        ],
    }


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


def article_detail(
    article: Article, sources: list[SourceSighting], found: ArticleAnalysis | None = None
) -> dict[str, Any]:
    """A whole article: metadata, paragraphs, boilerplate, sources and annotations."""
    return {
        **article_summary(article),
        "author": article.author,
        "view_count": article.view_count,
        "language_confidence": article.language_confidence,
        "content_hash": article.content_hash,
        "duplicate_similarity": article.duplicate_similarity,
        "paragraphs": article.paragraphs,
        "boilerplate": [{"kind": b.kind.value, "text": b.text} for b in article.boilerplate],
        "sources": [
            {
                "locator": s.locator,
                "format": s.format,
                "url": s.url,
                "outlet": s.outlet,
                "seen_at": s.seen_at.isoformat(),
            }
            for s in sources
        ],
        "analysis": analysis(found) if found is not None else None,
    }


def search_result(article: Article, hit: SearchHit) -> dict[str, Any]:
    """One full-text search hit."""
    return {**article_summary(article), "snippet": hit.snippet, "score": round(hit.score, 4)}


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
