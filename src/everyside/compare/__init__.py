"""Compare how outlets covered one story: pure functions over analyzed articles, no I/O.

``compare_articles`` is the one entry point; ``everyside.jobs.compare`` loads a stored
story or reads files and calls it, and every renderer reads the ``Comparison`` it returns.

A stage: may import ``everyside.model``, other stages through their packages
(``events.merge_reports``, ``ingest.classify_paragraph``) or their named public modules
(the sentence encoder of ``cluster.features``, the spaCy pipelines of ``analyze.nlp``),
and its own data; never the store, ``jobs``, the interfaces, ``evaluate`` or
``training`` (``make lint`` checks it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import TypeVar

import numpy as np

from everyside.cluster.features import Embedder, default_embedder
from everyside.events import merge_reports
from everyside.model import (
    Article,
    ArticleAnalysis,
    Entity,
    EventReport,
    Extracted,
    Mention,
    Span,
    as_utc,
)

from .align import align_statements
from .framing import actor_labels, headlines, tone, voices
from .naming import source_name
from .numbers import compare_numbers, sighting_of
from .options import CompareOptions
from .pairs import StatementSignals, same_fact_probability
from .results import ArticleRef, Comparison, QuoteRef, Statement
from .statements import split_statements
from .summary import summarize
from .timeline import build_timeline
from .variants import QuoteEvidence, pair_quote_variants

_Found = TypeVar("_Found", bound=Extracted)

__all__ = ["CompareOptions", "Comparison", "compare_articles", "outlet_name"]


def outlet_name(article: Article) -> str:
    """What the comparison calls an article's outlet: its name or its site, never its file."""
    # An article that names no outlet gets a neutral label, not its file's name: a file
    # name ("001_5263.txt") says nothing about who published it.
    return source_name(article) or f"outlet {article.id[:6]}"


def _arrival(article: Article) -> tuple[datetime, str]:
    # Undated articles go last, in id order, so the comparison never depends on input order.
    return (as_utc(article.published_at) or datetime.max.replace(tzinfo=UTC), article.id)


def _within(items: Sequence[_Found], span: Span, article_id: str) -> list[_Found]:
    return [
        i for i in items if i.article_id == article_id and span.start <= i.span.start < span.end
    ]


def statement_signals(
    by_outlet: Sequence[tuple[str, Article]],
    analysis_of: Mapping[str, ArticleAnalysis],
    options: CompareOptions,
    embedder: Embedder,
) -> tuple[list[Statement], StatementSignals]:
    """The story's statements, outlet by outlet, with what the pair model reads of them."""
    statements = [
        s
        for outlet, article in by_outlet
        for s in split_statements(article, outlet, min_words=options.min_statement_words)
    ]

    def found_in(statement: Statement) -> ArticleAnalysis:
        return analysis_of.get(statement.article_id) or ArticleAnalysis(article_id="")

    entities = [
        frozenset(
            m.entity_id for m in _within(found_in(s).mentions, s.span, s.article_id) if m.entity_id
        )
        for s in statements
    ]
    numbers = [
        frozenset(
            f"{c.value:g}{c.unit or ''}" for c in _within(found_in(s).claims, s.span, s.article_id)
        )
        for s in statements
    ]
    if statements:
        vectors = np.asarray(embedder.encode([s.text for s in statements]), dtype=np.float32)
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    else:
        vectors = np.zeros((0, 1), dtype=np.float32)
    return statements, StatementSignals(embeddings=vectors, entities=entities, numbers=numbers)


def compare_articles(
    articles: Sequence[Article],
    analyses: Mapping[str, ArticleAnalysis],
    *,
    options: CompareOptions | None = None,
    embedder: Embedder | None = None,
    story_id: str | None = None,
    headline: str | None = None,
) -> Comparison:
    """Compare analyzed articles about one event, outlet by outlet.

    ``headline`` is the story's (a stored story's summary has one); without it the
    comparison is headed by the title of the article that came first.
    """
    options = options or CompareOptions()
    embedder = embedder or default_embedder()
    ordered = sorted(articles, key=_arrival)
    by_outlet = [(outlet_name(a), a) for a in ordered]
    outlets = list(dict.fromkeys(outlet for outlet, _ in by_outlet))
    outlet_of = {a.id: outlet for outlet, a in by_outlet}
    empty = ArticleAnalysis(article_id="")
    analysis_of = {a.id: analyses.get(a.id, empty) for a in ordered}
    entities: dict[str, Entity] = {}
    for found in analysis_of.values():
        entities.update(found.entities)

    statements, signals = statement_signals(by_outlet, analysis_of, options, embedder)
    probability = same_fact_probability(statements, signals)
    groups = align_statements(statements, probability, outlets, options)

    names = {entity_id: entity.name for entity_id, entity in entities.items()}
    evidence = [
        QuoteEvidence(
            quote=QuoteRef(
                article_id=article.id,
                outlet=outlet,
                span=quote.span,
                text=quote.text,
                kind=quote.kind.value,
                speaker=names.get(quote.speaker_entity_id or "") or quote.speaker_text,
                speaker_entity_id=quote.speaker_entity_id,
            ),
            language=article.language,
            entities=frozenset(
                m.entity_id
                for m in _within(analysis_of[article.id].mentions, quote.span, article.id)
                if m.entity_id
            ),
        )
        for outlet, article in by_outlet
        for quote in analysis_of[article.id].quotes
    ]
    quote_embeddings = (
        embedder.encode([e.quote.text for e in evidence])
        if evidence
        else np.zeros((0, 1), dtype=np.float32)
    )
    outlet_mentions: list[tuple[str, Mention]] = [
        (outlet, m) for outlet, a in by_outlet for m in analysis_of[a.id].mentions
    ]
    variants = pair_quote_variants(evidence, quote_embeddings, options, embedder)
    # Quotes whose speaker only another article names count for that speaker.
    resolved = {
        (ref.article_id, ref.span): ref
        for v in variants
        for ref in (v.left, v.right)
        if ref.speaker_from_story
    }
    quotes = [resolved.get((e.quote.article_id, e.quote.span), e.quote) for e in evidence]
    numbers = compare_numbers(
        (
            sighting_of(claim, outlet_of[a.id], a.published_at)
            for a in ordered
            for claim in analysis_of[a.id].claims
        ),
        groups,
    )
    return Comparison(
        story_id=story_id,
        headline=headline or next((a.title for a in ordered if a.title), ""),
        articles=[
            ArticleRef(
                id=a.id,
                outlet=outlet,
                title=a.title,
                language=a.language,
                published_at=a.published_at,
                url=a.url,
            )
            for outlet, a in by_outlet
        ],
        outlets=outlets,
        groups=groups,
        quote_variants=variants,
        numbers=numbers,
        voices=voices(quotes, names),
        actor_labels=actor_labels(outlet_mentions, entities),
        headlines=headlines(by_outlet, outlet_mentions, entities),
        tone=tone(by_outlet),
        timeline=build_timeline(
            by_outlet, [t for a in ordered for t in analysis_of[a.id].times], groups, numbers
        ),
        events=merge_reports(
            EventReport(
                event=event,
                outlet=outlet,
                published_on=article.published_at.date() if article.published_at else None,
                story_id=story_id or "story",
            )
            for outlet, article in by_outlet
            for event in analysis_of[article.id].events
        ),
        summary=summarize(
            groups,
            {a.id: a.language for a in ordered},
            sentences=options.summary_sentences,
            credit_probability=options.credit_probability,
        ),
    )
