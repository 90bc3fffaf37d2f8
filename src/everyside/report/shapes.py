"""The JSON shapes of ``--json`` and the REST API, each defined once.

Each model is built from a typed record (``Model.of(record)``). The CLI prints
``plain(model)`` (times as Python writes them, ``+00:00``); the API returns the same
models through FastAPI, which documents them in the OpenAPI schema. The shapes are
documented in docs/cli.md: fields are only ever added, never renamed or removed, and
their order is the order of the fields below. The comparison and the real-world event
are in ``everyside.report.shapes_compare``.

Imports ``everyside.model``, the ingest report's records and Pydantic; the store's
entity summary is read for its type only.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, Self

from pydantic import BaseModel, Field

from everyside.ingest import IngestEvent, IngestReport, Outcome
from everyside.model import (
    Article,
    ArticleAnalysis,
    Claim,
    Mention,
    Quote,
    Span,
    StorySummary,
    TimeMention,
    json_ready,
)

if TYPE_CHECKING:
    from everyside.store.analysis import EntitySummary

CharSpan = Annotated[
    tuple[int, int], Field(description="Half-open character range [start, end) in the body.")
]


def plain(shape: BaseModel) -> dict[str, Any]:
    """The shape as JSON-ready data for ``--json``: times in ISO 8601 as Python writes them."""
    data: dict[str, Any] = json_ready(shape.model_dump(mode="python", by_alias=True))
    return data


def _span(span: Span | None) -> tuple[int, int] | None:
    return (span.start, span.end) if span else None


# ---------------------------------------------------------------------------- articles


class ArticleOut(BaseModel):
    """An article without its body."""

    id: str
    title: str
    outlet: str | None
    url: str | None
    place: str | None
    published_at: datetime | None
    language: str | None
    duplicate_of: str | None
    duplicate_kind: str | None

    @classmethod
    def summary_fields(cls, article: Article) -> dict[str, Any]:
        """The fields of this shape read from an article, for this model and its subclasses."""
        return {
            "id": article.id,
            "title": article.title,
            "outlet": article.outlet.name if article.outlet else None,
            "url": article.url,
            "place": article.place,
            "published_at": article.published_at,
            "language": article.language,
            "duplicate_of": article.duplicate_of,
            "duplicate_kind": article.duplicate_kind.value if article.duplicate_kind else None,
        }

    @classmethod
    def of(cls, article: Article) -> Self:
        """An article's summary."""
        return cls(**cls.summary_fields(article))


class ArticleHitOut(ArticleOut):
    """An article in a list: with the matching snippet and score when the list is a search."""

    snippet: str | None = Field(default=None, description="Matches in [brackets].")
    score: float | None = None


class MentionOut(BaseModel):
    """A stretch of the body that names an entity."""

    text: str
    span: CharSpan
    label: str | None
    entity_id: str | None
    entity: str | None

    @classmethod
    def of(cls, mention: Mention, entity_name: str | None) -> Self:
        """A mention, with the name of the entity it is linked to."""
        return cls(
            text=mention.text,
            span=(mention.span.start, mention.span.end),
            label=mention.label,
            entity_id=mention.entity_id,
            entity=entity_name,
        )


class QuoteOut(BaseModel):
    """Words attributed to a speaker, as written and as resolved to an entity."""

    article_id: str
    text: str
    kind: str
    span: CharSpan
    speaker: str | None
    speaker_entity_id: str | None
    speaker_text: str | None
    speaker_span: CharSpan | None
    cue: str | None
    medium: str | None

    @classmethod
    def of(cls, quote: Quote, speaker_name: str | None = None) -> Self:
        """A quote, with the name of the entity its speaker is resolved to."""
        return cls(
            article_id=quote.article_id,
            text=quote.text,
            kind=quote.kind.value,
            span=(quote.span.start, quote.span.end),
            speaker=speaker_name,
            speaker_entity_id=quote.speaker_entity_id,
            speaker_text=quote.speaker_text,
            speaker_span=_span(quote.speaker_span),
            cue=quote.cue,
            medium=quote.medium,
        )


class NumberOut(BaseModel):
    """A number the article states, with its unit and what it counts."""

    text: str
    span: CharSpan
    value: float
    low: float | None
    unit: str | None
    qualifier: str | None
    about: str | None
    time: date | None
    time_text: str | None

    @classmethod
    def of(cls, claim: Claim) -> Self:
        """A stated number."""
        return cls(
            text=claim.text,
            span=(claim.span.start, claim.span.end),
            value=claim.value,
            low=claim.low,
            unit=claim.unit,
            qualifier=claim.qualifier,
            about=claim.about,
            time=claim.time_value,
            time_text=claim.time_text,
        )


class DateOut(BaseModel):
    """A time expression and the date it resolves to."""

    text: str
    span: CharSpan
    value: date | None
    granularity: str | None

    @classmethod
    def of(cls, found: TimeMention) -> Self:
        """A time expression."""
        return cls(
            text=found.text,
            span=(found.span.start, found.span.end),
            value=found.value,
            granularity=found.granularity,
        )


class AnalysisOut(BaseModel):
    """An article's annotations, each with its span in the body."""

    mentions: list[MentionOut]
    quotes: list[QuoteOut]
    numbers: list[NumberOut]
    dates: list[DateOut]

    @classmethod
    def of(cls, found: ArticleAnalysis) -> Self:
        """An article's annotations, entities named by their canonical names."""
        names = {entity_id: entity.name for entity_id, entity in found.entities.items()}
        return cls(
            mentions=[MentionOut.of(m, names.get(m.entity_id or "")) for m in found.mentions],
            quotes=[QuoteOut.of(q, names.get(q.speaker_entity_id or "")) for q in found.quotes],
            numbers=[NumberOut.of(c) for c in found.claims],
            dates=[DateOut.of(t) for t in found.times],
        )


class BoilerplateOut(BaseModel):
    """Text removed from the article at ingest, kept so nothing is lost silently."""

    kind: str
    text: str


class SourceOut(BaseModel):
    """A place the article's exact text was read from."""

    locator: str
    format: str
    url: str | None
    outlet: str | None
    seen_at: datetime


class ArticleDetailOut(ArticleOut):
    """A whole article: metadata, paragraphs, boilerplate, sources and annotations."""

    author: str | None
    view_count: int | None
    language_confidence: float | None
    content_hash: str
    duplicate_similarity: float | None
    paragraphs: list[str]
    boilerplate: list[BoilerplateOut]
    sources: list[SourceOut]
    analysis: AnalysisOut | None

    @classmethod
    def detail_of(
        cls, article: Article, sources: list[SourceOut], found: ArticleAnalysis | None
    ) -> Self:
        """A whole article, with the places it was read from and its annotations."""
        return cls(
            **cls.summary_fields(article),
            author=article.author,
            view_count=article.view_count,
            language_confidence=article.language_confidence,
            content_hash=article.content_hash,
            duplicate_similarity=article.duplicate_similarity,
            paragraphs=article.paragraphs,
            boilerplate=[
                BoilerplateOut(kind=b.kind.value, text=b.text) for b in article.boilerplate
            ],
            sources=sources,
            analysis=AnalysisOut.of(found) if found is not None else None,
        )


# ---------------------------------------------------------------------------- stories


class EntityRef(BaseModel):
    """An entity named by id and canonical name."""

    id: str
    name: str


class CountryCoverageOut(BaseModel):
    """The outlets of one country that cover a story."""

    country: str | None = Field(
        description="ISO 3166 alpha-3; null for outlets of no known country."
    )
    outlets: list[str]


class CoverageOut(BaseModel):
    """How widely a story is covered, and which outlet groups (countries) miss it."""

    score: float = Field(
        description="One point per outlet, plus one per language and per country beyond the first."
    )
    outlets: int
    languages: int
    countries: list[CountryCoverageOut] = Field(description="Outlets by country, largest first.")
    blindspot: list[str] = Field(
        description="Countries with outlets in the store that none of this story's outlets is "
        "from; given when the story has two outlets or more and covers at least half of them."
    )

    @classmethod
    def of(cls, summary: StorySummary, groups: Collection[str] = ()) -> Self:
        """A story's coverage; ``groups`` are every outlet group (country) of the store."""
        return cls(
            score=summary.coverage,
            outlets=len(summary.outlets),
            languages=len(summary.languages),
            countries=[
                CountryCoverageOut(country=country, outlets=outlets)
                for country, outlets in summary.coverage_by_country()
            ],
            blindspot=summary.blindspot(groups),
        )


class StoryOut(BaseModel):
    """A story's summary: lists are ordered most important first."""

    id: str
    headline: str
    headline_article_id: str | None
    size: int
    first_seen: datetime | None
    last_seen: datetime | None
    outlets: list[str]
    languages: list[str]
    key_entities: list[EntityRef]
    keywords: list[str]
    article_ids: list[str]
    coverage: CoverageOut

    @classmethod
    def story_fields(cls, summary: StorySummary, groups: Collection[str] = ()) -> dict[str, Any]:
        """The fields of this shape read from a story summary (``groups``: the store's)."""
        return {
            "id": summary.id,
            "headline": summary.headline,
            "headline_article_id": summary.headline_article_id,
            "size": summary.size,
            "first_seen": summary.first_seen,
            "last_seen": summary.last_seen,
            "outlets": list(summary.outlets),
            "languages": list(summary.languages),
            "key_entities": [EntityRef(id=i, name=n) for i, n in summary.key_entities],
            "keywords": list(summary.keywords),
            "article_ids": list(summary.article_ids),
            "coverage": CoverageOut.of(summary, groups),
        }

    @classmethod
    def of(cls, summary: StorySummary, groups: Collection[str] = ()) -> Self:
        """A story's summary; ``groups`` are the store's outlet groups, for its blindspot."""
        return cls(**cls.story_fields(summary, groups))


class StoryDetailOut(StoryOut):
    """A story's summary and its articles."""

    articles: list[ArticleOut]

    @classmethod
    def detail_of(
        cls, summary: StorySummary, articles: list[Article], groups: Collection[str] = ()
    ) -> Self:
        """A story's summary and its articles, in the order given."""
        return cls(
            **cls.story_fields(summary, groups), articles=[ArticleOut.of(a) for a in articles]
        )


# ---------------------------------------------------------------------------- entities


class EntityOut(BaseModel):
    """A canonical entity with its aliases and how often it is mentioned."""

    id: str
    name: str
    kind: str
    country: str | None
    aliases: list[str]
    mentions: int
    articles: int

    @classmethod
    def entity_fields(cls, summary: EntitySummary) -> dict[str, Any]:
        """The fields of this shape read from an entity summary, for this model and subclasses."""
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

    @classmethod
    def of(cls, summary: EntitySummary) -> Self:
        """An entity with its mention and article counts."""
        return cls(**cls.entity_fields(summary))


# ---------------------------------------------------------------------------- ingest


class IngestEventOut(BaseModel):
    """What happened to one article, or to one input that could not be read."""

    locator: str
    outcome: Outcome
    article_id: str | None
    title: str | None
    duplicate_of: str | None
    similarity: float | None
    message: str | None

    @classmethod
    def of(cls, event: IngestEvent) -> Self:
        """One line of an ingest report, the similarity to four places."""
        similarity = round(event.similarity, 4) if event.similarity is not None else None
        return cls.model_validate({**json_ready(event), "similarity": similarity})


class IngestCountsOut(BaseModel):
    """How many events had each outcome."""

    added: int
    near_duplicate: int
    exact_duplicate: int
    already_stored: int
    failed: int
    not_articles: int = Field(
        description="JSONL or CSV inputs skipped because no record has a text field."
    )

    @classmethod
    def of(cls, report: IngestReport) -> Self:
        """The counts of an ingest report, one per outcome."""
        return cls(**{outcome.value: report.count(outcome) for outcome in Outcome})


class IngestReportOut(BaseModel):
    """An ingest's counts and events; a file that failed is an event, not an HTTP error."""

    files: int
    counts: IngestCountsOut
    undated: int = Field(
        description="Newly stored articles (added and near-copies) with no publication date."
    )
    events: list[IngestEventOut]

    @classmethod
    def of(cls, report: IngestReport) -> Self:
        """An ingest's counts and events."""
        return cls(
            files=report.files,
            counts=IngestCountsOut.of(report),
            undated=report.undated,
            events=[IngestEventOut.of(event) for event in report.events],
        )
