"""Request and response models of the REST API.

The article and story shapes are those of ``everyside.report.shapes``, which the CLI's
``--json`` output prints too (re-exported here). The other response models describe
the JSON shapes of ``everyside.report.json`` field for field, so the API and the CLI
print the same records; handlers return those shapes and FastAPI checks them against
these models.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field

from everyside.ingest.pipeline import Outcome
from everyside.report.shapes import ArticleDetailOut as ArticleDetailOut
from everyside.report.shapes import ArticleHitOut, CharSpan, QuoteOut, StoryOut
from everyside.report.shapes import StoryDetailOut as StoryDetailOut

# Every list endpoint pages with these. 500 keeps one response small enough to render.
MAX_LIMIT = 500
# A billion: beyond any store, and within the 64-bit integers SQLite binds.
MAX_OFFSET = 1_000_000_000

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")]


class ErrorOut(BaseModel):
    """Every error the API raises itself: one line saying what was wrong."""

    detail: str


class Page(BaseModel):
    """What every page of a list carries besides its items."""

    limit: int
    offset: int
    total: int = Field(description="Items matching the request, over all pages.")


# ---------------------------------------------------------------------------- ingest


class ArticleIn(BaseModel):
    """One article sent as JSON; read like a line of a JSONL file."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, description="The body; paragraphs separated by blank lines.")
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = Field(
        default=None, description="Publication time, ISO 8601 or as news sites write it."
    )
    author: str | None = None
    language: str | None = Field(
        default=None,
        description="Accepted for compatibility; the stored language is always detected.",
    )


class ArticlesIn(BaseModel):
    """A JSON ingest request."""

    model_config = ConfigDict(extra="forbid")

    articles: list[ArticleIn] = Field(min_length=1)


class IngestEventOut(BaseModel):
    """What happened to one article, or to one input that could not be read."""

    locator: str
    outcome: Outcome
    article_id: str | None
    title: str | None
    duplicate_of: str | None
    similarity: float | None
    message: str | None


class IngestCountsOut(BaseModel):
    """How many events had each outcome."""

    added: int
    near_duplicate: int
    exact_duplicate: int
    already_stored: int
    failed: int


class IngestReportOut(BaseModel):
    """An ingest's counts and events; a file that failed is an event, not an HTTP error."""

    files: int
    counts: IngestCountsOut
    events: list[IngestEventOut]


# ---------------------------------------------------------------------------- articles


class ArticlePage(Page):
    """A page of articles."""

    items: list[ArticleHitOut]


# ---------------------------------------------------------------------------- stories


class StoryPage(Page):
    """A page of stories, most recent first."""

    items: list[StoryOut]


# ---------------------------------------------------------------------------- comparison


class ComparedArticleOut(BaseModel):
    """One article of the compared story."""

    id: str
    outlet: str
    title: str
    language: str | None
    published_at: datetime | None
    url: str | None


class StatementOut(BaseModel):
    """One sentence of one article."""

    article_id: str
    outlet: str
    span: CharSpan
    text: str
    position: float = Field(description="0 for an article's first sentence, 1 for its last.")
    language: str | None
    headline: bool = Field(
        default=False,
        description="The article's title, which opened its body; its span is empty.",
    )


class ClosestStatementOut(BaseModel):
    """An outlet's sentence nearest to a group it is not part of."""

    outlet: str
    article_id: str
    span: CharSpan
    text: str
    probability: float = Field(description="That it states the group's fact, by the pair model.")


class StatementGroupOut(BaseModel):
    """Sentences from different articles that say the same thing."""

    id: int
    statements: list[StatementOut]
    outlets: list[str]
    coverage: str = Field(
        description="consensus, shared, outlet_only, or possibly_shared (one outlet, but "
        "another has a sentence that may state the same fact)."
    )
    importance: float
    similarity: float = Field(description="Mean same-fact probability of the aligned pairs.")
    support: dict[str, float] = Field(
        default_factory=dict,
        description="Outlet → probability of its best link into the group; only outlets at "
        "or above the credit threshold are credited in the summary and consensus.",
    )
    absent: list[str] = Field(
        default_factory=list,
        description="Outlets outside the group whose article has nothing close to it.",
    )
    possibly: list[ClosestStatementOut] = Field(
        default_factory=list,
        description="Outlets outside the group with a sentence that may state its fact.",
    )


class DiffPartOut(BaseModel):
    """One step of a word-level diff."""

    op: str = Field(description="equal, replace, delete (left only) or insert (right only).")
    left: str
    right: str


class QuoteRefOut(BaseModel):
    """A quote as one article renders it."""

    article_id: str
    outlet: str
    span: CharSpan
    text: str
    kind: str
    speaker: str | None
    speaker_entity_id: str | None
    speaker_from_story: bool


class QuoteVariantOut(BaseModel):
    """The same quote in two articles and what differs between them."""

    left: QuoteRefOut
    right: QuoteRefOut
    similarity: float
    diff: list[DiffPartOut]
    changes: list[str] = Field(description="negation, number, actor or strength.")
    identical: bool
    speakers_differ: bool
    same_language: bool


class NumberSightingOut(BaseModel):
    """A number as one article gives it."""

    article_id: str
    outlet: str
    span: CharSpan
    text: str
    value: float
    unit: str | None
    low: float | None
    about: str | None
    time_value: date | None
    qualifier: str | None = Field(default=None, description="at least, approximately, ...")
    time_text: str | None = Field(default=None, description="The time the figure refers to.")
    published_at: datetime | None = Field(default=None, description="Of its article.")
    cue: str | None = Field(
        default=None, description='An update word beside it, as "rise:rose" or "running:so far".'
    )


class NumberReportOut(BaseModel):
    """One quantity across the story and whether the outlets agree on it."""

    verdict: str = Field(
        description="agree, conflict (one moment or undated), update (a later, higher "
        "figure; sightings earliest first) or outlet_only."
    )
    unit: str | None
    about: str | None
    sightings: list[NumberSightingOut]
    group_id: int | None
    same_moment: bool | None = Field(
        default=None,
        description="For differing values: true when of one moment, null when undated, "
        "false for an update.",
    )


class VoiceOut(BaseModel):
    """How much one speaker is quoted by one outlet."""

    outlet: str
    speaker: str
    speaker_entity_id: str | None
    quotes: int
    words: int
    share: float


class ActorLabelsOut(BaseModel):
    """The words each outlet uses for one actor: outlet → label → count."""

    entity_id: str
    name: str
    labels: dict[str, dict[str, int]]


class HeadlineOut(BaseModel):
    """An article's headline and the actors it names, in order."""

    article_id: str
    outlet: str
    title: str
    focus: list[str]


class ToneOut(BaseModel):
    """A lexicon-based tone measure of one outlet's articles."""

    outlet: str
    positive: int
    negative: int
    words: int
    score: float


class TimelineEntryOut(BaseModel):
    """A publication, or an event an article dates, placed in time."""

    when: str = Field(description="ISO 8601: a date for reported events, a time for publications.")
    kind: str = Field(description="published, reported or update (a figure that rose).")
    text: str
    article_id: str
    outlets: list[str]


class SummarySentenceOut(BaseModel):
    """A sentence of the story's summary and every outlet that carries it."""

    text: str
    article_id: str
    outlets: list[str]
    group_id: int


class CodedEventOut(BaseModel):
    """One coded actor-action-target event as an article reports it."""

    article_id: str
    span: CharSpan
    source_actor: str | None
    action: str
    target_actor: str | None
    cameo_code: str | None
    goldstein: float | None
    quad_class: int | None
    plover: str | None
    source_entity_id: str | None
    target_entity_id: str | None
    action_span: CharSpan | None
    mood: str = Field(description="asserted, negated, hypothetical or future.")
    location: str | None
    occurred_on: str | None


class EventReportOut(BaseModel):
    """A coded event and where it was reported."""

    event: CodedEventOut
    outlet: str
    published_on: str | None
    story_id: str | None


class RealWorldEventOut(BaseModel):
    """One real-world event merged from every report of it."""

    id: str
    source_actor: str | None
    target_actor: str | None
    cameo_code: str | None
    goldstein: float | None
    quad_class: int | None
    plover: str | None
    day: str | None
    location: str | None
    reports: list[EventReportOut]


class PossiblyCoveredOut(ClosestStatementOut):
    """A group an outlet may cover in other words, with its closest sentence."""

    group: int


class ComparisonOut(BaseModel):
    """How the outlets covered one story: the versioned shape of docs/compare.md."""

    model_config = ConfigDict(populate_by_name=True)

    schema_name: str = Field(alias="schema", description="Always everyside.comparison.")
    version: int
    story_id: str | None
    articles: list[ComparedArticleOut]
    outlets: list[str]
    groups: list[StatementGroupOut]
    quote_variants: list[QuoteVariantOut]
    numbers: list[NumberReportOut]
    voices: list[VoiceOut]
    actor_labels: list[ActorLabelsOut]
    headlines: list[HeadlineOut]
    tone: list[ToneOut]
    timeline: list[TimelineEntryOut]
    summary: list[SummarySentenceOut]
    events: list[RealWorldEventOut] = Field(
        description="Who did what to whom in the story, each event once with its reports."
    )
    omissions: dict[str, list[int]] = Field(
        description="Outlet → ids of statement groups most other outlets carry and it leaves "
        "out: nothing in its article comes close."
    )
    notice: str | None = Field(
        default=None,
        description="Set when the story has fewer than two outlets: nothing to compare.",
    )
    possibly_covered: dict[str, list[PossiblyCoveredOut]] = Field(
        default_factory=dict,
        description="Outlet → statement groups most other outlets carry that it may state in "
        "other words, with its closest sentence; never counted as omissions.",
    )


# ---------------------------------------------------------------------------- entities, quotes


class EntityOut(BaseModel):
    """A canonical entity with its aliases and how often it is mentioned."""

    id: str
    name: str
    kind: str
    country: str | None
    aliases: list[str]
    mentions: int
    articles: int


class EntityPage(Page):
    """A page of entities, most mentioned (in articles) first."""

    items: list[EntityOut]


class EntityDetailOut(EntityOut):
    """An entity and the stories it appears in, most recent first."""

    stories: list[StoryOut]


class QuotePage(Page):
    """A page of quotes."""

    items: list[QuoteOut]


def inline_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON Schema with nested models written in place, for ``openapi_extra``.

    A schema in ``openapi_extra`` cannot point into ``$defs``: references resolve
    against the whole OpenAPI document, where only ``components`` lives.
    """
    schema = model.model_json_schema()
    definitions = schema.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return resolve(definitions[node["$ref"].rsplit("/", 1)[-1]])
            return {key: resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [resolve(item) for item in node]
        return node

    resolved: dict[str, Any] = resolve(schema)
    return resolved
