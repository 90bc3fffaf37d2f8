"""Each alert rule on made-up story facts, and the changes rule on a made-up comparison."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from everyside.compare.results import Comparison, QuoteVariant
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


def test_alert_texts_count_in_words() -> None:
    one = _story((0, "A", "en"))
    breaking = BreakingRule(name="b", outlets=1, hours=1).alerts(one, _never)
    assert breaking[0].text == "1 outlet in 1 language within 1 hour."
    two = _story((0, "A", "en"), (1, "B", "en"))
    assert "2 outlets in 1 language within 48 hours" in (
        BreakingRule(name="b", outlets=2, hours=48).alerts(two, _never)[0].text
    )
    mention = MentionRule(name="m", match=StoryMatch(keywords=("strike",))).alerts(one, _never)
    assert "(1 outlet so far)" in mention[0].text
    blind = BlindspotRule(name="bs", min_outlets=1, missing=frozenset({"Z"})).alerts(one, _never)
    assert blind[0].text.startswith("Covered by 1 outlet,")


def test_changes_tells_translations_only_when_their_meaning_changed(
    ferry_comparison: Comparison,
) -> None:
    (variant,) = ferry_comparison.quote_variants
    translated = replace(variant, same_language=False, changes=[])
    shifted = replace(variant, same_language=False)
    assert not variant.identical and variant.changes  # the made-up pair: a negation
    rule = ChangesRule(name="follow", stories=("abc",))
    story = _story((0, "A", "en"))

    def kinds(*variants: QuoteVariant) -> list[str]:
        compared = replace(ferry_comparison, quote_variants=list(variants))
        return [a.kind for a in rule.alerts(story, lambda: compared) if a.kind == "quote_variant"]

    assert kinds(variant) == ["quote_variant"]
    assert kinds(replace(variant, changes=[])) == ["quote_variant"]  # same language: told
    assert kinds(translated) == []  # a plain translation is not news
    assert kinds(shifted) == ["quote_variant"]  # a translation that changes the meaning is
    assert kinds(replace(variant, identical=True)) == []
