"""Alert rules: what in a story is worth telling someone, each checked against a story's facts.

Every alert carries a key naming exactly what it is about (the rule, the story and, for
changes, the quote pair or the figures), so the store can refuse to raise it twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

from everyside.compare.results import Comparison, NumberVerdict, QuoteVariant
from everyside.store.watch import Alert, StoryFacts
from everyside.watch.heartbeat import counted

CompareStory = Callable[[], Comparison]


class Rule(Protocol):
    """A rule: a name, and the alerts it raises for one story."""

    @property
    def name(self) -> str:
        """The rule's name, unique in a configuration: alerts are keyed by it."""

    def alerts(self, story: StoryFacts, compare: CompareStory) -> list[Alert]:
        """The alerts this story calls for; ``compare`` compares its outlets on demand."""


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryMatch:
    """What a story must mention: any keyword, entity, actor code or event code listed.

    Actor and event codes match by prefix, as elsewhere in everyside: RUS matches RUSGOV
    and 19 matches every CAMEO "fight" code.
    """

    keywords: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    event_codes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not (self.keywords or self.entities or self.actors or self.event_codes):
            raise ValueError("give at least one of keywords, entities, actors, event_codes")

    def found_in(self, story: StoryFacts) -> list[str]:
        """What the story mentions of this list, as ``kind:value``; empty when nothing."""
        found = [f"keyword:{word}" for word in self.keywords if _has_word(story.text, word)]
        names = {value.casefold() for value in story.entities}
        found += [f"entity:{entity}" for entity in self.entities if entity.casefold() in names]
        found += [
            f"actor:{code}" for code in self.actors if any(a.startswith(code) for a in story.actors)
        ]
        found += [
            f"event:{code}"
            for code in self.event_codes
            if any(c.startswith(code) for c in story.event_codes)
        ]
        return found


def _has_word(text: str, word: str) -> bool:
    pattern = rf"(?<!\w){re.escape(word.casefold())}(?!\w)"
    return re.search(pattern, text.casefold()) is not None


def story_alert(rule: str, kind: str, story: StoryFacts, text: str, data: dict[str, Any]) -> Alert:
    """An alert a rule raises once per story."""
    return Alert(
        key=f"{rule}\x00{story.id}",
        rule=rule,
        kind=kind,
        title=f"{rule}: {story.headline}",
        text=text,
        story_id=story.id,
        data=data,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class MentionRule:
    """A story that mentions something the user watches for."""

    name: str
    match: StoryMatch

    def alerts(self, story: StoryFacts, compare: CompareStory) -> list[Alert]:
        """One alert per story, the first time it mentions any of the watched items."""
        found = self.match.found_in(story)
        if not found:
            return []
        return [
            story_alert(
                self.name,
                "mention",
                story,
                f"A story mentions {', '.join(found)} "
                f"({counted(len(story.outlets), 'outlet')} so far).",
                {"matched": found, "outlets": sorted(story.outlets)},
            )
        ]


@dataclass(frozen=True, slots=True, kw_only=True)
class BreakingRule:
    """A story that reaches ``outlets`` outlets or ``languages`` languages within ``hours``."""

    name: str
    outlets: int | None = None
    languages: int | None = None
    hours: float = 6.0

    def __post_init__(self) -> None:
        if self.outlets is None and self.languages is None:
            raise ValueError("a breaking rule needs outlets, languages or both")
        if (self.outlets or 1) < 1 or (self.languages or 1) < 1 or self.hours <= 0:
            raise ValueError("outlets, languages and hours must be positive")

    def alerts(self, story: StoryFacts, compare: CompareStory) -> list[Alert]:
        """One alert per story, the first time some window of ``hours`` reaches a threshold."""
        window = timedelta(hours=self.hours)
        coverage = story.coverage
        for start, (opened, _, _) in enumerate(coverage):
            inside = [seen for seen in coverage[start:] if seen[0] - opened <= window]
            outlets = {outlet for _, outlet, _ in inside if outlet}
            languages = {language for _, _, language in inside if language}
            if (self.outlets and len(outlets) >= self.outlets) or (
                self.languages and len(languages) >= self.languages
            ):
                return [
                    story_alert(
                        self.name,
                        "breaking",
                        story,
                        f"{counted(len(outlets), 'outlet')} in "
                        f"{counted(len(languages), 'language')} within "
                        f"{counted(self.hours, 'hour')}.",
                        {"outlets": sorted(outlets), "languages": sorted(languages)},
                    )
                ]
        return []


@dataclass(frozen=True, slots=True, kw_only=True)
class ChangesRule:
    """New quote variants and number conflicts in the stories the user follows.

    A story is followed when its id starts with one of ``stories`` or when it matches
    ``match``; each variant and each set of conflicting figures is told once. A quote
    told in two languages is a translation, told only when its meaning changed (a
    stronger word, another actor): every translation differs in wording.
    """

    name: str
    stories: tuple[str, ...] = ()
    match: StoryMatch | None = None

    def __post_init__(self) -> None:
        if not self.stories and self.match is None:
            raise ValueError("a changes rule needs stories to follow or something to match")

    def follows(self, story: StoryFacts) -> bool:
        """Whether the user follows this story."""
        bare = story.id.removeprefix("story-")
        if any(story.id.startswith(s) or bare.startswith(s) for s in self.stories):
            return True
        return self.match is not None and bool(self.match.found_in(story))

    def alerts(self, story: StoryFacts, compare: CompareStory) -> list[Alert]:
        """An alert per quote variant and per number conflict found in a followed story."""
        if not self.follows(story):
            return []
        comparison = compare()
        alerts = []
        for variant in comparison.quote_variants:
            if not _worth_telling(variant):
                continue
            left, right = variant.left, variant.right
            alerts.append(
                Alert(
                    key=(
                        f"{self.name}\x00{story.id}\x00quote\x00{left.article_id}:"
                        f"{left.span.start}\x00{right.article_id}:{right.span.start}"
                    ),
                    rule=self.name,
                    kind="quote_variant",
                    title=f"{self.name}: quote rendered differently in “{story.headline}”",
                    text=f"{left.outlet}: “{left.text}” / {right.outlet}: “{right.text}”",
                    story_id=story.id,
                    data={
                        "left": {"outlet": left.outlet, "text": left.text},
                        "right": {"outlet": right.outlet, "text": right.text},
                        "changes": [change.value for change in variant.changes],
                    },
                )
            )
        for report in comparison.numbers:
            if report.verdict is not NumberVerdict.CONFLICT:
                continue
            # Keyed by the distinct figures: an outlet repeating one already given adds nothing.
            values = sorted({sighting.value for sighting in report.sightings})
            figures = ", ".join(f"{s.outlet}: {s.text}" for s in report.sightings)
            alerts.append(
                Alert(
                    key=(
                        f"{self.name}\x00{story.id}\x00number\x00{report.unit}\x00"
                        f"{report.about}\x00{values}"
                    ),
                    rule=self.name,
                    kind="number_conflict",
                    title=f"{self.name}: figures disagree in “{story.headline}”",
                    text=f"{report.about or report.unit or 'a number'}: {figures}",
                    story_id=story.id,
                    data={"unit": report.unit, "about": report.about, "values": values},
                )
            )
        return alerts


def _worth_telling(variant: QuoteVariant) -> bool:
    """A variant differs in the same language, or its translation changes the meaning."""
    if variant.identical:
        return False
    return variant.same_language or bool(variant.changes)


@dataclass(frozen=True, slots=True, kw_only=True)
class BlindspotRule:
    """A story many outlets cover but none of the ``missing`` ones (outlets or their groups)."""

    name: str
    min_outlets: int
    missing: frozenset[str]

    def __post_init__(self) -> None:
        if self.min_outlets < 1:
            raise ValueError("min_outlets must be at least 1")
        if not self.missing:
            raise ValueError("a blindspot rule needs outlets or groups to watch for")

    def alerts(self, story: StoryFacts, compare: CompareStory) -> list[Alert]:
        """One alert per story, when it reaches ``min_outlets`` without any watched outlet."""
        outlets = story.outlets
        if len(outlets) < self.min_outlets or outlets & self.missing:
            return []
        return [
            story_alert(
                self.name,
                "blindspot",
                story,
                f"Covered by {counted(len(outlets), 'outlet')}, none of them "
                f"{', '.join(sorted(self.missing))}.",
                {"outlets": sorted(outlets), "missing": sorted(self.missing)},
            )
        ]
