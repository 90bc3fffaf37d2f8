"""Figures across outlets: agreement, conflict of one moment, and updates of a running count."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from everyside.compare.numbers import compare_numbers, same_figure
from everyside.compare.results import (
    Coverage,
    NumberReport,
    NumberSighting,
    NumberVerdict,
    Statement,
    StatementGroup,
)
from everyside.compare.timeline import build_timeline
from everyside.model import Span

MORNING = datetime(2024, 3, 4, 8, tzinfo=UTC)


def _sighting(
    article_id: str,
    sentence: str,
    figure: str,
    *,
    published: datetime | None = MORNING,
    qualifier: str | None = None,
    time_value: date | None = None,
    unit: str | None = "people",
    about: str | None = "people killed",
) -> tuple[NumberSighting, Statement]:
    """A figure and the sentence it stands in, each article's only sentence."""
    start = sentence.lower().index(figure)
    value = float(figure.split()[-1].replace(",", "").rstrip("%"))
    sighting = NumberSighting(
        article_id=article_id,
        outlet=f"Outlet {article_id}",
        span=Span(start, start + len(figure)),
        text=figure,
        value=value,
        unit=unit,
        about=about,
        qualifier=qualifier,
        time_value=time_value,
        published_at=published,
    )
    statement = Statement(
        article_id=article_id,
        outlet=sighting.outlet,
        span=Span(0, len(sentence)),
        text=sentence,
        position=0.0,
        language="en",
    )
    return sighting, statement


def _compare(*found: tuple[NumberSighting, Statement]) -> list[NumberReport]:
    """The figures compared as if the alignment had put their sentences in one group."""
    group = StatementGroup(
        id=1,
        statements=[statement for _, statement in found],
        outlets=[s.outlet for s, _ in found],
        coverage=Coverage.CONSENSUS,
        importance=1.0,
        similarity=0.9,
    )
    return [r for r in compare_numbers([s for s, _ in found], [group]) if r.group_id == 1]


def test_different_tolls_of_one_moment_conflict() -> None:
    (report,) = _compare(
        _sighting("a", "The blast killed 12 people in the market.", "12"),
        _sighting("b", "The blast killed 19 people in the market.", "19"),
    )
    assert report.verdict is NumberVerdict.CONFLICT and report.same_moment is True


def test_a_higher_toll_published_a_day_later_is_an_update() -> None:
    (report,) = _compare(
        _sighting("b", "Officials said 31 people died.", "31", published=MORNING + timedelta(1)),
        _sighting("a", "Officials said 12 people died.", "12"),
    )
    assert report.verdict is NumberVerdict.UPDATE and report.same_moment is False
    assert [s.value for s in report.sightings] == [12.0, 31.0]  # earliest first
    assert NumberVerdict.UPDATE.value == "update"


def test_a_lower_count_later_is_still_a_conflict() -> None:
    (report,) = _compare(
        _sighting("a", "Officials said 31 people died.", "31"),
        _sighting("b", "Officials said 12 people died.", "12", published=MORNING + timedelta(1)),
    )
    assert report.verdict is NumberVerdict.CONFLICT


def test_figures_an_hour_apart_are_one_news_cycle() -> None:
    (report,) = _compare(
        _sighting("a", "Officials said 31 people died.", "31"),
        _sighting(
            "b", "Officials said 12 people died.", "12", published=MORNING + timedelta(hours=1)
        ),
    )
    assert report.verdict is NumberVerdict.CONFLICT and report.same_moment is True


def test_rise_words_make_an_update_without_dates() -> None:
    (report,) = _compare(
        _sighting("a", "The flooding killed 40 people, police said.", "40", published=None),
        _sighting("b", "The number of dead has risen to 52, police said.", "52", published=None),
    )
    assert report.verdict is NumberVerdict.UPDATE
    assert report.sightings[1].cue == "rise:risen"


def test_undated_different_values_default_to_a_conflict_of_unknown_moment() -> None:
    (report,) = _compare(
        _sighting("a", "The flooding killed 40 people, police said.", "40", published=None),
        _sighting("b", "The flooding killed 52 people, police said.", "52", published=None),
    )
    assert report.verdict is NumberVerdict.CONFLICT and report.same_moment is None


def test_later_reference_dates_make_an_update_in_one_publication() -> None:
    (report,) = _compare(
        _sighting("a", "By Monday 8 people had died.", "8", time_value=date(2024, 3, 4)),
        _sighting("b", "By Wednesday 14 people had died.", "14", time_value=date(2024, 3, 6)),
    )
    assert report.verdict is NumberVerdict.UPDATE


def test_shares_move_later_only_when_a_word_says_so() -> None:
    later = MORNING + timedelta(1)
    kwargs = {"unit": "percent", "about": "voter turnout"}
    (plain,) = _compare(
        _sighting("a", "Turnout was 41% in the capital.", "41%", **kwargs),
        _sighting("b", "Turnout was 47% in the capital.", "47%", published=later, **kwargs),
    )
    (risen,) = _compare(
        _sighting("a", "Turnout was 41% in the capital.", "41%", **kwargs),
        _sighting("b", "Turnout climbed to 47% in the capital.", "47%", published=later, **kwargs),
    )
    assert plain.verdict is NumberVerdict.CONFLICT and risen.verdict is NumberVerdict.UPDATE


def test_a_figure_within_the_others_bound_agrees() -> None:
    (report,) = _compare(
        _sighting(
            "a", "At least 16 inmates died in the riot.", "at least 16", qualifier="at least"
        ),
        _sighting("b", "The riot left 17 inmates dead.", "17"),
    )
    assert report.verdict is NumberVerdict.AGREE


def test_two_lower_bounds_still_conflict() -> None:
    (report,) = _compare(
        _sighting("a", "At least 7 inmates died.", "at least 7", qualifier="at least"),
        _sighting("b", "At least 8 inmates died.", "at least 8", qualifier="at least"),
    )
    assert report.verdict is NumberVerdict.CONFLICT


def test_approximate_figures_agree_at_their_rounding() -> None:
    (report,) = _compare(
        _sighting("a", "About 300 rounds were seized.", "about 300", qualifier="approximately"),
        _sighting("b", "Police seized 320 rounds.", "320"),
    )
    assert report.verdict is NumberVerdict.AGREE
    assert same_figure(2000, 1980) and not same_figure(300, 320)


def test_an_update_is_on_the_timeline() -> None:
    reports = _compare(
        _sighting("a", "Officials said 12 people died.", "12"),
        _sighting("b", "Officials said 31 people died.", "31", published=MORNING + timedelta(1)),
    )
    (entry,) = build_timeline([], [], [], reports)
    assert entry.kind == "update" and entry.when == MORNING + timedelta(1)
    assert entry.outlets == ["Outlet b"] and "31" in entry.text and "12" in entry.text
