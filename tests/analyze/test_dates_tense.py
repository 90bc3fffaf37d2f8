"""Months and weekdays resolved by tense and by "next"/"last" (issue 22, point 2)."""

from __future__ import annotations

from datetime import date

import pytest

from everyside.analyze.dates import resolve_directed
from tests.analyze.conftest import times_in

JUNE_20 = date(2024, 6, 20)  # a Thursday


def _times(language: str, text: str) -> list[tuple[str, date | None]]:
    return times_in(language, text, JUNE_20)


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "The new bridge will open in July.", date(2024, 7, 1)),
        ("en", "The harvest festival takes place in July.", date(2024, 7, 1)),
        ("en", "The ministry intends to publish its figures in August.", date(2024, 8, 1)),
        ("en", "The old bridge closed in July.", date(2023, 7, 1)),
        ("en", "Inspectors have visited the plant in August.", date(2023, 8, 1)),
        ("en", "Farmers marched to the capital last July.", date(2023, 7, 1)),
        ("en", "Prices fell in May.", date(2024, 5, 1)),
        ("en", "The council will vote again in May.", date(2025, 5, 1)),
        ("en", "The court will rule on Monday.", date(2024, 6, 24)),
        ("en", "The court ruled on Monday.", date(2024, 6, 17)),
        ("en", "The envoy arrives next Tuesday.", date(2024, 6, 25)),
        ("en", "The envoy left last Tuesday.", date(2024, 6, 18)),
        ("en", "The envoy left last Thursday.", date(2024, 6, 13)),
        ("de", "Die Brücke wird im Juli eröffnet.", date(2024, 7, 1)),
        ("de", "Die Brücke wurde im Juli gesperrt.", date(2023, 7, 1)),
        ("es", "El puente se inaugurará en julio.", date(2024, 7, 1)),
        ("es", "El puente se cerró en julio.", date(2023, 7, 1)),
        ("id", "Jembatan itu akan dibuka pada Juli.", date(2024, 7, 1)),
    ],
)
def test_month_and_weekday_follow_tense(language: str, text: str, expected: date) -> None:
    assert [value for _, value in _times(language, text)] == [expected]


def test_named_days_and_years_are_left_to_the_resolver() -> None:
    assert resolve_directed("July 4", JUNE_20, "en", lambda: "future") is None
    assert resolve_directed("July 2022", JUNE_20, "en", lambda: "future") is None
    assert resolve_directed("July", JUNE_20, "en", lambda: None) is None


def test_a_guess_years_away_is_dropped() -> None:
    # Nothing in "14" names a year: no value far from the publication may come of it.
    for _, value in _times("en", "The vote, held in 14 districts on Tuesday, was close."):
        assert value is None or abs(value.year - JUNE_20.year) <= 1
