"""Typed records that flow through every stage: ingest, analyze, cluster, compare, report.

Everything extracted from an article carries its provenance: the article's id and the
character span in ``Article.body`` it was read from.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, is_dataclass
from datetime import date, datetime
from enum import Enum, StrEnum
from typing import Any

PARAGRAPH_SEPARATOR = "\n\n"


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` in an article's body."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start

    def text_of(self, body: str) -> str:
        """Return the part of ``body`` this span covers."""
        return body[self.start : self.end]


@dataclass(frozen=True, slots=True, kw_only=True)
class Outlet:
    """A publisher: newspaper, broadcaster, wire service or web site."""

    name: str
    domain: str | None = None
    country: str | None = None


class BoilerplateKind(StrEnum):
    """What a piece of removed, non-article text was."""

    REPEATED_TITLE = "repeated_title"
    BYLINE = "byline"
    TIMESTAMP = "timestamp"
    DATELINE = "dateline"
    SECTION_LABEL = "section_label"
    SEE_ALSO = "see_also"
    TEASER = "teaser"
    CREDIT = "credit"
    SITE_CHROME = "site_chrome"


@dataclass(frozen=True, slots=True, kw_only=True)
class Boilerplate:
    """Text removed from an article during ingest, kept so nothing is lost silently."""

    kind: BoilerplateKind
    text: str


class DuplicateKind(StrEnum):
    """How an article relates to an earlier one with the same or nearly the same text."""

    EXACT = "exact"
    NEAR = "near"


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceRef:
    """Where an article was read from: a file (and item inside it) or a URL, and its format."""

    locator: str
    format: str


@dataclass(slots=True, kw_only=True)
class Article:
    """One news article, cleaned: title, body paragraphs and publication metadata."""

    id: str
    title: str
    body: str
    content_hash: str
    source: SourceRef
    outlet: Outlet | None = None
    url: str | None = None
    place: str | None = None
    author: str | None = None
    published_at: datetime | None = None
    view_count: int | None = None
    language: str | None = None
    language_confidence: float | None = None
    boilerplate: list[Boilerplate] = field(default_factory=list)
    duplicate_of: str | None = None
    duplicate_kind: DuplicateKind | None = None
    duplicate_similarity: float | None = None

    @property
    def paragraphs(self) -> list[str]:
        """The body split into its paragraphs."""
        return self.body.split(PARAGRAPH_SEPARATOR) if self.body else []

    def paragraph_spans(self) -> list[Span]:
        """Character spans of each paragraph in ``body``."""
        spans, start = [], 0
        for paragraph in self.paragraphs:
            spans.append(Span(start, start + len(paragraph)))
            start += len(paragraph) + len(PARAGRAPH_SEPARATOR)
        return spans

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (datetimes as ISO 8601 strings)."""
        data = asdict(self)
        data["published_at"] = self.published_at.isoformat() if self.published_at else None
        return data


@dataclass(frozen=True, slots=True, kw_only=True)
class Extracted:
    """Base of every record read out of an article: where it came from."""

    article_id: str
    span: Span


@dataclass(slots=True, kw_only=True)
class Entity:
    """A canonical real-world entity (person, organization, place) with its known aliases."""

    id: str
    name: str
    kind: str
    aliases: list[str] = field(default_factory=list)
    country_code: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention(Extracted):
    """A stretch of article text that refers to an entity."""

    text: str
    entity_id: str | None = None
    label: str | None = None


class QuoteKind(StrEnum):
    """How a quote is marked in the text."""

    DIRECT = "direct"
    PARTIAL = "partial"
    UNMARKED = "unmarked"
    INDIRECT = "indirect"


@dataclass(frozen=True, slots=True, kw_only=True)
class Quote(Extracted):
    """Words attributed to a speaker, with the cue verb and the medium they came through."""

    text: str
    kind: QuoteKind
    speaker_text: str | None = None
    speaker_entity_id: str | None = None
    speaker_span: Span | None = None
    cue: str | None = None
    medium: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim(Extracted):
    """A number the article states: a count, amount, percentage or measure."""

    text: str
    value: float
    unit: str | None = None
    low: float | None = None
    qualifier: str | None = None
    about: str | None = None
    time_text: str | None = None
    time_value: date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TimeMention(Extracted):
    """A time expression and the date it means, resolved against the publication time."""

    text: str
    value: date | None
    granularity: str | None = None


class EventMood(StrEnum):
    """Whether a coded action is reported as having happened (CAMEO codes only those)."""

    ASSERTED = "asserted"
    NEGATED = "negated"  # "did not sign"
    HYPOTHETICAL = "hypothetical"  # "could sign", "if they sign"
    FUTURE = "future"  # "will sign", "plans to sign"


@dataclass(frozen=True, slots=True, kw_only=True)
class Event(Extracted):
    """Who did what to whom: an actor-action-target record coded in CAMEO and PLOVER.

    ``span`` is the sentence; ``action_span`` the verb or phrase that carries the action.
    Actor codes follow CAMEO/Phoenix: a country (ISO 3166-1 alpha-3) plus agent codes,
    e.g. "RUSGOV" for "Kremlin chief Vladimir Putin".
    """

    source_actor: str | None
    action: str
    target_actor: str | None
    cameo_code: str | None = None
    goldstein: float | None = None
    quad_class: int | None = None
    plover: str | None = None
    source_entity_id: str | None = None
    target_entity_id: str | None = None
    action_span: Span | None = None
    mood: EventMood = EventMood.ASSERTED
    location: str | None = None
    occurred_on: date | None = None


@dataclass(slots=True, kw_only=True)
class Story:
    """A cluster of articles that report the same real-world event."""

    id: str
    article_ids: list[str] = field(default_factory=list)
    headline: str | None = None
    first_seen: datetime | None = None
    last_seen: datetime | None = None


def json_ready(value: Any) -> Any:
    """Any record (or list or dict of them) as JSON-ready data.

    Spans become ``[start, end]``, enums their values, dates and times ISO 8601 strings;
    every renderer and the Spark job's Parquet columns use this one encoding.
    """
    if isinstance(value, Span):
        return [value.start, value.end]
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: json_ready(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):  # datetimes too
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): json_ready(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_ready(item) for item in value]
    return value
