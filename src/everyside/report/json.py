"""Stable JSON shapes for scripts: the ``--json`` output of every listing and ``show`` command.

The shapes are documented in docs/cli.md; fields are only ever added, never renamed.
"""

from __future__ import annotations

from typing import Any

from everyside.ingest.pipeline import IngestEvent, IngestReport, Outcome
from everyside.model import Article
from everyside.store.fulltext import SearchHit
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


def article_detail(article: Article, sources: list[SourceSighting]) -> dict[str, Any]:
    """A whole article with its metadata, removed boilerplate and every source it was read from."""
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
