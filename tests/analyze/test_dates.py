"""Dates: relative expressions resolved against the publication date, in several languages."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from everyside.analyze.dates import resolve_date
from everyside.analyze.pipeline import build_pipeline
from tests.analyze.conftest import analyze_text

THURSDAY = date(2024, 6, 20)


@pytest.mark.parametrize(
    ("text", "language", "expected", "granularity"),
    [
        ("Wednesday", "en", date(2024, 6, 19), "day"),
        ("yesterday", "en", date(2024, 6, 19), "day"),
        ("next month", "en", date(2024, 7, 1), "month"),
        ("April", "en", date(2024, 4, 1), "month"),
        ("June 19 2024", "en", date(2024, 6, 19), "day"),
        ("Mittwoch", "de", date(2024, 6, 19), "day"),
        ("kemarin", "id", date(2024, 6, 19), "day"),
        ("Rabu (19/6)", "id", date(2024, 6, 19), "day"),
        ("miércoles", "es", date(2024, 6, 19), "day"),
    ],
)
def test_resolve_date(text: str, language: str, expected: date, granularity: str) -> None:
    assert resolve_date(text, published=THURSDAY, language=language) == (expected, granularity)


def test_dates_in_an_article(english: Language) -> None:
    doc = analyze_text(
        english,
        "The head of NATO said on Wednesday that leaders meet in Washington next month.",
        THURSDAY,
    )
    found = {t.text: t.value for t in doc._.times}
    assert found["Wednesday"] == date(2024, 6, 19)
    assert found["next month"] == date(2024, 7, 1)


def test_dates_without_a_model(english: Language) -> None:
    doc = analyze_text(
        build_pipeline("de"), "Am Mittwoch traf er ein, gestern reiste er ab.", THURSDAY
    )
    assert [(t.text, t.value) for t in doc._.times] == [
        ("Mittwoch", date(2024, 6, 19)),
        ("gestern", date(2024, 6, 19)),
    ]


@pytest.mark.parametrize(
    ("weekday", "expected"),
    [("Wednesday", 19), ("Thursday", 20), ("Friday", 21), ("Saturday", 15), ("Tuesday", 18)],
)
def test_a_weekday_is_read_in_the_week_around_publication(weekday: str, expected: int) -> None:
    # Published on Wednesday 19 June 2024.
    assert resolve_date(weekday, published=date(2024, 6, 19), language="en") == (
        date(2024, 6, expected),
        "day",
    )
