"""Each alert rule on made-up story facts, and the changes rule on a made-up comparison."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from everyside.compare.results import Comparison
from everyside.store.watch import StoryFacts
from everyside.watch.rules import (
    BlindspotRule,
    BreakingRule,
    ChangesRule,
    MentionRule,
    StoryMatch,
)

T0 = datetime(2024, 7, 4, 8, tzinfo=UTC)


def _story(*coverage: tuple[float, str, str], text: str = "Ferry strike in Dover") -> StoryFacts:
    return StoryFacts(
        id="story-abc123",
        headline="Ferry strike",
        coverage=tuple((T0 + timedelta(hours=h), outlet, lang) for h, outlet, lang in coverage),
        text=text,
        entities=frozenset({"org:rmt", "RMT"}),
        actors=frozenset({"GBRLAB"}),
        event_codes=frozenset({"143"}),
    )


def _never() -> Comparison:
    raise AssertionError("this rule must not compare the story")


def test_mention_matches_keywords_as_words_and_codes_by_prefix() -> None:
    story = _story((0, "A", "en"))
    found = MentionRule(
        name="m",
        match=StoryMatch(keywords=("strike", "trik"), actors=("GBR",), event_codes=("14",)),
    ).alerts(story, _never)
    assert found[0].data["matched"] == ["keyword:strike", "actor:GBR", "event:14"]
    assert MentionRule(name="m", match=StoryMatch(entities=("rmt",))).alerts(story, _never)
    assert not MentionRule(name="m", match=StoryMatch(keywords=("trik",))).alerts(story, _never)


def test_breaking_counts_outlets_within_the_window_only() -> None:
    spread = _story((0, "A", "en"), (10, "B", "en"), (20, "C", "de"))
    close = _story((0, "A", "en"), (1, "B", "en"), (2, "C", "de"))
    rule = BreakingRule(name="b", outlets=3, hours=6)
    assert not rule.alerts(spread, _never)
    assert rule.alerts(close, _never)[0].data["outlets"] == ["A", "B", "C"]
    assert BreakingRule(name="b", languages=2, hours=24).alerts(spread, _never)


def test_blindspot_fires_only_without_the_named_outlets() -> None:
    rule = BlindspotRule(name="bs", min_outlets=2, missing=frozenset({"Thames Courier"}))
    assert rule.alerts(_story((0, "A", "en"), (1, "B", "en")), _never)
    assert not rule.alerts(_story((0, "A", "en"), (1, "Thames Courier", "en")), _never)
    assert not rule.alerts(_story((0, "A", "en")), _never)


def test_changes_reports_variants_and_conflicts_of_followed_stories(
    ferry_comparison: Comparison,
) -> None:
    rule = ChangesRule(name="follow", stories=("abc",))
    found = rule.alerts(_story((0, "A", "en")), lambda: ferry_comparison)
    kinds = {alert.kind for alert in found}
    assert kinds == {"quote_variant", "number_conflict"}
    assert len({alert.key for alert in found}) == len(found)
    other = ChangesRule(name="follow", stories=("zzz",))
    assert other.alerts(_story((0, "A", "en")), _never) == []
