"""Typed records that flow through every stage: ingest, analyze, cluster, compare, report.

Everything extracted from an article carries its provenance: the article's id and the
character span in ``Article.body`` it was read from.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from datetime import UTC, date, datetime
from enum import Enum, StrEnum
from typing import Any

import numpy as np
from numpy.typing import NDArray

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


def _parse_time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def as_utc(moment: datetime | None) -> datetime | None:
    """An aware UTC datetime; a time without a zone is taken to be UTC already."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


# --------------------------------------------------------------------- analysis of an article


@dataclass(slots=True, kw_only=True)
class ArticleAnalysis:
    """Everything the analysis found in one article, each with its span in the body."""

    article_id: str
    entities: dict[str, Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    times: list[TimeMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


def mention_from(article_id: str, found: Any) -> Mention:
    """A Mention from anything with its fields (an annotation or a stored row)."""
    return Mention(
        article_id=article_id,
        span=Span(found.start, found.end),
        text=found.text,
        entity_id=found.entity_id,
        label=found.label,
    )


def claim_from(article_id: str, found: Any, **time: Any) -> Claim:
    """A Claim from anything with its fields; ``time`` gives time_text and time_value."""
    return Claim(
        article_id=article_id,
        span=Span(found.start, found.end),
        text=found.text,
        value=found.value,
        unit=found.unit,
        low=found.low,
        qualifier=found.qualifier,
        about=found.about,
        **time,
    )


def time_from(article_id: str, found: Any) -> TimeMention:
    """A TimeMention from anything with its fields."""
    return TimeMention(
        article_id=article_id,
        span=Span(found.start, found.end),
        text=found.text,
        value=found.value,
        granularity=found.granularity,
    )


# ---------------------------------------------------------------------------- stories


def coverage_score(outlets: int, languages: int, countries: int) -> float:
    """A story's coverage: one point per outlet, one per language and country beyond the first.

    Breadth rather than volume: a story five outlets of one country report in one
    language scores 5, one three outlets report from three countries in three
    languages scores 7, and one article alone scores 1.
    """
    return float(outlets + max(languages - 1, 0) + max(countries - 1, 0))


@dataclass(frozen=True, slots=True, kw_only=True)
class StorySummary:
    """A story described for people: lists are ordered most important first."""

    id: str
    headline: str
    headline_article_id: str | None
    size: int
    first_seen: datetime | None
    last_seen: datetime | None
    outlets: tuple[str, ...]
    languages: tuple[str, ...]
    key_entities: tuple[tuple[str, str], ...]  # (entity id, name)
    keywords: tuple[str, ...]
    article_ids: tuple[str, ...]
    # (outlet, ISO 3166 alpha-3 country) for the outlets whose country is known, in the
    # order of ``outlets``; the store fills it from the outlet registry when saving.
    outlet_countries: tuple[tuple[str, str], ...] = ()

    @property
    def countries(self) -> tuple[str, ...]:
        """The countries of the story's outlets (those known), most covering outlet first."""
        return tuple(dict.fromkeys(country for _, country in self.outlet_countries))

    @property
    def coverage(self) -> float:
        """How widely the story is covered: outlets, plus each further language and country."""
        return coverage_score(len(self.outlets), len(self.languages), len(self.countries))

    def coverage_by_country(self) -> list[tuple[str | None, list[str]]]:
        """The outlets grouped by country, largest group first; None holds those not known."""
        country_of = dict(self.outlet_countries)
        grouped: dict[str | None, list[str]] = {}
        for outlet in self.outlets:
            grouped.setdefault(country_of.get(outlet), []).append(outlet)
        return sorted(grouped.items(), key=lambda item: (item[0] is None, -len(item[1])))

    def blindspot(self, groups: Collection[str]) -> list[str]:
        """The groups (countries) of ``groups`` no outlet of this story is from, sorted.

        Only a story more than one outlet covers, from at least half of the groups, has
        a blindspot: one article is no sign that anyone looked away, and a story from
        two countries of ten is narrow coverage (its bar shows it), not a blindspot.
        """
        covered = set(self.countries) & set(groups)
        if len(self.outlets) < 2 or 2 * len(covered) < len(set(groups)):
            return []
        return sorted(set(groups) - covered)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "id": self.id,
            "headline": self.headline,
            "headline_article_id": self.headline_article_id,
            "size": self.size,
            "first_seen": self.first_seen.isoformat() if self.first_seen else None,
            "last_seen": self.last_seen.isoformat() if self.last_seen else None,
            "outlets": list(self.outlets),
            "languages": list(self.languages),
            "key_entities": [{"id": i, "name": n} for i, n in self.key_entities],
            "keywords": list(self.keywords),
            "article_ids": list(self.article_ids),
            "outlet_countries": dict(self.outlet_countries),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StorySummary:
        """The summary ``as_dict`` wrote (the form the store keeps)."""
        return cls(
            id=data["id"],
            headline=data["headline"],
            headline_article_id=data.get("headline_article_id"),
            size=data["size"],
            first_seen=_parse_time(data.get("first_seen")),
            last_seen=_parse_time(data.get("last_seen")),
            outlets=tuple(data["outlets"]),
            languages=tuple(data["languages"]),
            key_entities=tuple((e["id"], e["name"]) for e in data["key_entities"]),
            keywords=tuple(data["keywords"]),
            article_ids=tuple(data["article_ids"]),
            outlet_countries=tuple(data.get("outlet_countries", {}).items()),
        )

    def to_story(self) -> Story:
        """The store's Story record."""
        return Story(
            id=self.id,
            article_ids=list(self.article_ids),
            headline=self.headline,
            first_seen=self.first_seen,
            last_seen=self.last_seen,
        )


class ChangeKind(StrEnum):
    """What happened to stories after articles had been assigned to them."""

    MERGE = "merge"
    SPLIT = "split"


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryChange:
    """A change to already-assigned stories, recorded rather than made silently.

    Attributes:
        kind: merge or split.
        before: the story ids that existed before the change.
        after: the story ids after it (a merge keeps the older id).
        article_ids: the articles whose story id changed.
        probability: the model's probability that motivated the change, when there is one.
        trigger: the article whose arrival caused it (None for a batch rebuild).
    """

    kind: ChangeKind
    before: tuple[str, ...]
    after: tuple[str, ...]
    article_ids: tuple[str, ...]
    probability: float | None = None
    trigger: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "kind": self.kind.value,
            "before": list(self.before),
            "after": list(self.after),
            "article_ids": list(self.article_ids),
            "probability": self.probability,
            "trigger": self.trigger,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StoryChange:
        """The change ``as_dict`` wrote (the form the store keeps)."""
        return cls(
            kind=ChangeKind(data["kind"]),
            before=tuple(data["before"]),
            after=tuple(data["after"]),
            article_ids=tuple(data["article_ids"]),
            probability=data.get("probability"),
            trigger=data.get("trigger"),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordedStoryChange:
    """A story change as the store keeps it: the change and when it was recorded."""

    change: StoryChange
    recorded_at: datetime

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: the change's fields and ``recorded_at``."""
        return {**self.change.as_dict(), "recorded_at": self.recorded_at.isoformat()}


EMBEDDING_DIM = 512  # the multilingual sentence encoder's
FloatArray = NDArray[np.float32]


@dataclass(slots=True, kw_only=True)
class ArticleFeatures:
    """What clustering knows about one article (see the module doc)."""

    article_id: str
    title: str
    language: str | None = None
    outlet: str | None = None
    published_at: datetime | None = None
    terms: dict[str, float] = field(default_factory=dict)
    title_terms: dict[str, float] = field(default_factory=dict)
    entities: dict[str, float] = field(default_factory=dict)
    entity_names: dict[str, str] = field(default_factory=dict)
    places: frozenset[str] = frozenset()
    numbers: frozenset[float] = frozenset()
    days: frozenset[str] = frozenset()
    embedding: FloatArray = field(default_factory=lambda: np.zeros(EMBEDDING_DIM, np.float32))

    def as_dict(self, *, embedding: bool = True) -> dict[str, Any]:
        """A JSON-ready dict (the embedding as a list of floats, or left out if not wanted).

        Each float is the shortest decimal that reads back as the same float32, so
        :meth:`from_dict` gives back exactly the embedding that was computed.
        """
        data: dict[str, Any] = {
            "article_id": self.article_id,
            "title": self.title,
            "language": self.language,
            "outlet": self.outlet,
            "published_at": self.published_at.isoformat() if self.published_at else None,
            "terms": self.terms,
            "title_terms": self.title_terms,
            "entities": self.entities,
            "entity_names": self.entity_names,
            "places": sorted(self.places),
            "numbers": sorted(self.numbers),
            "days": sorted(self.days),
        }
        if embedding:
            data["embedding"] = [float(str(x)) for x in np.asarray(self.embedding, np.float32)]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ArticleFeatures:
        """The inverse of :meth:`as_dict`."""
        published = data.get("published_at")
        return cls(
            article_id=str(data["article_id"]),
            title=str(data.get("title") or ""),
            language=data.get("language"),
            outlet=data.get("outlet"),
            published_at=datetime.fromisoformat(published) if published else None,
            terms={str(k): float(v) for k, v in data.get("terms", {}).items()},
            title_terms={str(k): float(v) for k, v in data.get("title_terms", {}).items()},
            entities={str(k): float(v) for k, v in data.get("entities", {}).items()},
            entity_names={str(k): str(v) for k, v in data.get("entity_names", {}).items()},
            places=frozenset(data.get("places", ())),
            numbers=frozenset(float(x) for x in data.get("numbers", ())),
            days=frozenset(data.get("days", ())),
            embedding=np.asarray(data.get("embedding", np.zeros(EMBEDDING_DIM)), np.float32),
        )


# ------------------------------------------------------------- events across articles


@dataclass(frozen=True, slots=True, kw_only=True)
class EventReport:
    """One coded event and where it was reported."""

    event: Event
    outlet: str
    published_on: date | None = None
    story_id: str | None = None

    @property
    def day(self) -> date | None:
        """The day the event happened, as far as the report tells."""
        return self.event.occurred_on or self.published_on


@dataclass(slots=True, kw_only=True)
class RealWorldEvent:
    """One real-world event with every report of it."""

    id: str
    source_actor: str | None
    target_actor: str | None
    cameo_code: str | None
    goldstein: float | None
    quad_class: int | None
    plover: str | None
    day: date | None
    location: str | None
    reports: list[EventReport] = field(default_factory=list)

    @property
    def outlets(self) -> list[str]:
        """The outlets that reported the event, in order of first report."""
        return list(dict.fromkeys(r.outlet for r in self.reports))

    @property
    def codes(self) -> Counter[str]:
        """How often each CAMEO code was given to the event: several mean outlets differ."""
        return Counter(r.event.cameo_code for r in self.reports if r.event.cameo_code)
