"""Typed results of comparing how outlets covered one story; every renderer reads these.

Each record keeps its provenance: the article it came from and the character span in
that article's body, so a reader can always go back to the exact words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from everyside.model import RealWorldEvent, Span


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleRef:
    """One article of the compared story, as the comparison names it."""

    id: str
    outlet: str
    title: str
    language: str | None = None
    published_at: datetime | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Statement:
    """One sentence of one article: the unit that is aligned across outlets."""

    article_id: str
    outlet: str
    span: Span
    text: str
    position: float  # 0.0 for an article's first sentence, 1.0 for its last
    language: str | None = None
    headline: bool = False  # the article's title, which opened its body: span is empty


class Coverage(StrEnum):
    """How widely a statement is carried across the story's outlets."""

    CONSENSUS = "consensus"  # most outlets
    SHARED = "shared"  # more than one outlet, fewer than most
    OUTLET_ONLY = "outlet_only"  # a single outlet, and nothing close in any other
    POSSIBLY_SHARED = "possibly_shared"  # a single outlet, but another has a close sentence


@dataclass(frozen=True, slots=True, kw_only=True)
class ClosestStatement:
    """An outlet's sentence nearest to a group it is not part of: why it is not an omission."""

    outlet: str
    article_id: str
    span: Span
    text: str
    probability: float  # that it states the group's fact, by the pair model


@dataclass(slots=True, kw_only=True)
class StatementGroup:
    """Statements from different articles that say the same thing, in any language."""

    id: int
    statements: list[Statement]
    outlets: list[str]
    coverage: Coverage
    importance: float
    similarity: float  # mean same-fact probability of the aligned statements, 1.0 for one
    # Outlet -> the probability of its best link into the group; only outlets at or above
    # CompareOptions.credit_probability are credited in the summary and the consensus.
    support: dict[str, float] = field(default_factory=dict)
    # Outlets outside the group whose whole article has nothing close: real omissions.
    absent: list[str] = field(default_factory=list)
    # Outlets outside the group with a sentence that may state the fact: never "not reported".
    possibly: list[ClosestStatement] = field(default_factory=list)

    def credited(self, threshold: float) -> list[str]:
        """The group's outlets whose statement is aligned with at least ``threshold``."""
        if len(self.outlets) < 2:
            return list(self.outlets)
        return [o for o in self.outlets if self.support.get(o, 0.0) >= threshold]


class MeaningChange(StrEnum):
    """A difference between two renderings of a quote that can change what it says."""

    NEGATION = "negation"
    NUMBER = "number"
    ACTOR = "actor"
    STRENGTH = "strength"


@dataclass(frozen=True, slots=True, kw_only=True)
class DiffPart:
    """One step of a word-level diff: equal, replace, delete (left only), insert (right only)."""

    op: str
    left: str
    right: str


@dataclass(frozen=True, slots=True, kw_only=True)
class QuoteRef:
    """A quote as one article renders it."""

    article_id: str
    outlet: str
    span: Span
    text: str
    kind: str
    speaker: str | None
    speaker_entity_id: str | None
    speaker_from_story: bool = False  # resolved from another article's rendering


@dataclass(slots=True, kw_only=True)
class QuoteVariant:
    """The same underlying quote in two articles, with what differs between them."""

    left: QuoteRef
    right: QuoteRef
    similarity: float
    diff: list[DiffPart]
    changes: list[MeaningChange] = field(default_factory=list)
    identical: bool = False
    speakers_differ: bool = False
    same_language: bool = True


class NumberVerdict(StrEnum):
    """How the outlets' figures for one quantity relate."""

    AGREE = "agree"
    CONFLICT = "conflict"  # different values for the same moment
    OUTLET_ONLY = "outlet_only"
    UPDATE = "update"  # a later, higher figure: the count moved on between reports


@dataclass(frozen=True, slots=True, kw_only=True)
class NumberSighting:
    """A number as one article gives it."""

    article_id: str
    outlet: str
    span: Span
    text: str
    value: float
    unit: str | None
    low: float | None = None
    about: str | None = None
    time_value: date | None = None
    qualifier: str | None = None  # "at least", "approximately", ... as the analysis reads it
    time_text: str | None = None  # the time expression the figure refers to ("on Tuesday")
    published_at: datetime | None = None  # of the article, to tell later figures from earlier
    cue: str | None = None  # a word that marks a running or risen count ("rose to", "so far")


@dataclass(slots=True, kw_only=True)
class NumberReport:
    """One quantity across the story: the values each outlet gives and whether they agree."""

    verdict: NumberVerdict
    unit: str | None
    about: str | None
    sightings: list[NumberSighting]  # an update's earliest first
    group_id: int | None = None  # the statement group the numbers were aligned in
    # For differing values: True when shown to be of one moment (same reference date or
    # publication), None when nothing dates them (a conflict by default), False for updates.
    same_moment: bool | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Voice:
    """How much one speaker is quoted by one outlet."""

    outlet: str
    speaker: str
    speaker_entity_id: str | None
    quotes: int
    words: int
    share: float  # of the outlet's quoted words


@dataclass(slots=True, kw_only=True)
class ActorLabels:
    """The words each outlet uses for the same actor ("Kremlin chief", "President")."""

    entity_id: str
    name: str
    labels: dict[str, dict[str, int]]  # outlet -> label as written -> count


@dataclass(frozen=True, slots=True, kw_only=True)
class Headline:
    """An article's headline and the actors it puts first."""

    article_id: str
    outlet: str
    title: str
    focus: list[str]  # entity names in the order the headline mentions them


@dataclass(frozen=True, slots=True, kw_only=True)
class Tone:
    """A lexicon-based tone measure for one outlet's articles in the story."""

    outlet: str
    positive: int
    negative: int
    words: int
    score: float  # (positive - negative) / (positive + negative), 0.0 when neither


@dataclass(slots=True, kw_only=True)
class TimelineEntry:
    """A publication, or an event an article dates, placed in time."""

    when: date | datetime
    kind: str  # "published", "reported" or "update" (a figure that rose since an earlier report)
    text: str
    article_id: str
    outlets: list[str]


@dataclass(frozen=True, slots=True, kw_only=True)
class SummarySentence:
    """A sentence of the story's extractive summary, citing every outlet that carries it."""

    text: str
    article_id: str
    outlets: list[str]
    group_id: int


@dataclass(slots=True, kw_only=True)
class Comparison:
    """Everything the comparison of one story found, with provenance."""

    story_id: str | None
    # The story's one headline: a stored story's own (its summary's, as `everyside story`
    # and the river show it), else the title of the article that came first.
    headline: str = ""
    articles: list[ArticleRef]
    outlets: list[str]
    groups: list[StatementGroup]
    # Empty by default, so that a comparison of statements alone is easy to build.
    quote_variants: list[QuoteVariant] = field(default_factory=list)
    numbers: list[NumberReport] = field(default_factory=list)
    voices: list[Voice] = field(default_factory=list)
    actor_labels: list[ActorLabels] = field(default_factory=list)
    headlines: list[Headline] = field(default_factory=list)
    tone: list[Tone] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    summary: list[SummarySentence] = field(default_factory=list)
    events: list[RealWorldEvent] = field(default_factory=list)

    def disputed_events(self) -> list[tuple[RealWorldEvent, RealWorldEvent]]:
        """Pairs of events outlets report differently: same day and kind of action, other actors."""
        pairs = []
        for i, first in enumerate(self.events):
            for second in self.events[i + 1 :]:
                if (
                    first.day == second.day
                    and (first.cameo_code or "")[:2] == (second.cameo_code or "")[:2]
                    and (first.source_actor, first.target_actor)
                    not in (
                        (second.source_actor, second.target_actor),
                        (second.target_actor, second.source_actor),  # reciprocal, not disputed
                    )
                    and not set(first.outlets) & set(second.outlets)
                ):
                    pairs.append((first, second))
        return pairs

    def consensus(self) -> list[StatementGroup]:
        """Statements most outlets carry, most important first."""
        return [g for g in self.groups if g.coverage is Coverage.CONSENSUS]

    def outlet_only(self, outlet: str) -> list[StatementGroup]:
        """Statements only this outlet carries, most important first."""
        return [
            g for g in self.groups if g.coverage is Coverage.OUTLET_ONLY and g.outlets == [outlet]
        ]

    def omissions(self, outlet: str) -> list[StatementGroup]:
        """Statements most of the other outlets carry and this one leaves out.

        Only where the outlet's whole article has nothing close to the statement; where
        it has, the group is in ``possibly_covered`` instead.
        """
        return [g for g in self._carried_by_most_others(outlet) if outlet in g.absent]

    def possibly_covered(self, outlet: str) -> list[tuple[StatementGroup, ClosestStatement]]:
        """Statements most others carry that this outlet may state in other words."""
        return [
            (g, closest)
            for g in self._carried_by_most_others(outlet)
            for closest in g.possibly
            if closest.outlet == outlet
        ]

    def _carried_by_most_others(self, outlet: str) -> list[StatementGroup]:
        others = len(self.outlets) - 1
        return [
            g
            for g in self.groups
            if outlet not in g.outlets and len(g.outlets) >= 2 and len(g.outlets) * 2 > others
        ]
