"""The JSON shapes of a comparison and of real-world events, defined once for CLI and API.

``ComparisonOut.of(found)`` is the versioned JSON of ``everyside compare --format json``
and of ``GET /api/v1/stories/{id}/comparison`` (docs/compare.md); ``RealWorldEventDetailOut``
is an item of ``everyside events --json``. Every nested model mirrors a record of
``everyside.compare.results`` or ``everyside.model`` field for field: ``of(record)`` reads
the record in its one JSON encoding (``json_ready``), and ``plain(model)`` prints it.
Fields are only ever added, never renamed or removed; their order is the order below.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Self

from pydantic import BaseModel, ConfigDict, Field

from everyside.compare.naming import nothing_to_compare
from everyside.compare.results import Comparison
from everyside.model import RealWorldEvent, json_ready
from everyside.report.shapes import CharSpan

COMPARISON_SCHEMA = "everyside.comparison"
# Bumped only when a field is renamed or removed; added fields keep the version.
COMPARISON_SCHEMA_VERSION = 1


class RecordOut(BaseModel):
    """A shape whose fields are those of one record, in the record's JSON encoding."""

    @classmethod
    def of(cls, record: object) -> Self:
        """The record's shape: each field as ``json_ready`` writes it."""
        return cls.model_validate(json_ready(record))


# ---------------------------------------------------------------------------- statements


class ComparedArticleOut(RecordOut):
    """One article of the compared story."""

    id: str
    outlet: str
    title: str
    language: str | None
    published_at: datetime | None
    url: str | None


class StatementOut(RecordOut):
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


class ClosestStatementOut(RecordOut):
    """An outlet's sentence nearest to a group it is not part of."""

    outlet: str
    article_id: str
    span: CharSpan
    text: str
    probability: float = Field(description="That it states the group's fact, by the pair model.")


class StatementGroupOut(RecordOut):
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


class PossiblyCoveredOut(BaseModel):
    """A group an outlet may cover in other words, with its closest sentence."""

    group: int
    outlet: str
    article_id: str
    span: CharSpan
    text: str
    probability: float = Field(description="That it states the group's fact, by the pair model.")


# ---------------------------------------------------------------------------- quotes, numbers


class DiffPartOut(RecordOut):
    """One step of a word-level diff."""

    op: str = Field(description="equal, replace, delete (left only) or insert (right only).")
    left: str
    right: str


class QuoteRefOut(RecordOut):
    """A quote as one article renders it."""

    article_id: str
    outlet: str
    span: CharSpan
    text: str
    kind: str
    speaker: str | None
    speaker_entity_id: str | None
    speaker_from_story: bool


class QuoteVariantOut(RecordOut):
    """The same quote in two articles and what differs between them."""

    left: QuoteRefOut
    right: QuoteRefOut
    similarity: float
    diff: list[DiffPartOut]
    changes: list[str] = Field(description="negation, number, actor or strength.")
    identical: bool
    speakers_differ: bool
    same_language: bool


class NumberSightingOut(RecordOut):
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


class NumberReportOut(RecordOut):
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


# ---------------------------------------------------------------------------- framing


class VoiceOut(RecordOut):
    """How much one speaker is quoted by one outlet."""

    outlet: str
    speaker: str
    speaker_entity_id: str | None
    quotes: int
    words: int
    share: float


class ActorLabelsOut(RecordOut):
    """The words each outlet uses for one actor: outlet → label → count."""

    entity_id: str
    name: str
    labels: dict[str, dict[str, int]]


class HeadlineOut(RecordOut):
    """An article's headline and the actors it names, in order."""

    article_id: str
    outlet: str
    title: str
    focus: list[str]


class ToneOut(RecordOut):
    """A lexicon-based tone measure of one outlet's articles."""

    outlet: str
    positive: int
    negative: int
    words: int
    score: float


class TimelineEntryOut(RecordOut):
    """A publication, or an event an article dates, placed in time."""

    when: str = Field(description="ISO 8601: a date for reported events, a time for publications.")
    kind: str = Field(description="published, reported or update (a figure that rose).")
    text: str
    article_id: str
    outlets: list[str]


class SummarySentenceOut(RecordOut):
    """A sentence of the story's summary and every outlet that carries it."""

    text: str
    article_id: str
    outlets: list[str]
    group_id: int


# ---------------------------------------------------------------------------- events


class CodedEventOut(RecordOut):
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


class EventReportOut(RecordOut):
    """A coded event and where it was reported."""

    event: CodedEventOut
    outlet: str
    published_on: str | None
    story_id: str | None


class RealWorldEventOut(RecordOut):
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


class RealWorldEventDetailOut(RealWorldEventOut):
    """A real-world event with the outlets that reported it and the codes they gave it."""

    outlets: list[str] = Field(description="In order of first report.")
    codes: dict[str, int] = Field(
        description="CAMEO code → how many reports gave it; several mean outlets differ."
    )

    @classmethod
    def detail_of(cls, event: RealWorldEvent) -> Self:
        """An event with its outlets and codes: an item of ``everyside events --json``."""
        return cls.model_validate(
            {**json_ready(event), "outlets": event.outlets, "codes": dict(event.codes)}
        )


# ---------------------------------------------------------------------------- the comparison


class ComparisonOut(BaseModel):
    """How the outlets covered one story: the versioned shape of docs/compare.md."""

    model_config = ConfigDict(populate_by_name=True)

    schema_name: str = Field(alias="schema", description="Always everyside.comparison.")
    version: int
    story_id: str | None
    headline: str = Field(
        default="",
        description="The story's headline, the one its summary, the CLI and the web show.",
    )
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
    notice: str | None = Field(
        default=None,
        description="Set when the story has fewer than two outlets: nothing to compare.",
    )
    omissions: dict[str, list[int]] = Field(
        description="Outlet → ids of statement groups most other outlets carry and it leaves "
        "out: nothing in its article comes close."
    )
    possibly_covered: dict[str, list[PossiblyCoveredOut]] = Field(
        default_factory=dict,
        description="Outlet → statement groups most other outlets carry that it may state in "
        "other words, with its closest sentence; never counted as omissions.",
    )

    @classmethod
    def of(cls, found: Comparison) -> Self:
        """A story's comparison, with why it cannot be compared, its omissions and near misses."""
        return cls.model_validate(
            {
                **json_ready(found),
                "schema": COMPARISON_SCHEMA,
                "version": COMPARISON_SCHEMA_VERSION,
                "notice": nothing_to_compare(found.outlets, len(found.articles)),
                "omissions": {
                    outlet: [g.id for g in found.omissions(outlet)] for outlet in found.outlets
                },
                "possibly_covered": {
                    outlet: [
                        {"group": g.id, **json_ready(closest)}
                        for g, closest in found.possibly_covered(outlet)
                    ]
                    for outlet in found.outlets
                },
            }
        )
