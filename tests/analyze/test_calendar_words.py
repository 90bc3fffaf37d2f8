"""Time expressions in every language dateparser reads, from its own tables (issue 22)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from everyside.analyze.calendar_words import calendar_words
from everyside.analyze.dates import _parsed, _resolve_named
from tests.analyze.conftest import times_in

JUNE_20 = date(2024, 6, 20)  # a Thursday


def _times(language: str, text: str) -> list[tuple[str, date | None]]:
    return times_in(language, text, JUNE_20)


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("fr", "Le ministre a parlé hier devant les députés.", [("hier", date(2024, 6, 19))]),
        ("fr", "Le vote aura lieu le 23 juin.", [("23 juin", date(2024, 6, 23))]),
        ("pl", "Minister przemawiał we wtorek w Sejmie.", [("wtorek", date(2024, 6, 18))]),
        ("pl", "Ustawę przyjęto 12 czerwca 2024 r.", [("12 czerwca 2024", date(2024, 6, 12))]),
        ("tr", "Bakan dün açıklama yaptı.", [("dün", date(2024, 6, 19))]),
        ("tr", "Toplantı 3 Haziran'da yapıldı.", [("3 Haziran", date(2024, 6, 3))]),
        ("ar", "قال الوزير أمس إن المحادثات مستمرة.", [("أمس", date(2024, 6, 19))]),
        ("de", "Berlin, 19.06.24: Der Rat tagte.", [("19.06.24", date(2024, 6, 19))]),
    ],
)
def test_expressions_beyond_the_written_lists(
    language: str, text: str, expected: list[tuple[str, date]]
) -> None:
    assert _times(language, text) == expected


def test_a_relative_day_before_a_weekday_is_one_expression() -> None:
    assert _times("es", "El ministro habló hoy martes en el Congreso.") == [
        ("hoy martes", date(2024, 6, 18))
    ]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "The talks may fail."),  # a verb, not the month
        ("es", "El ministro habló esta mañana con la prensa."),  # a morning, not tomorrow
        ("es", "El mar estaba en calma."),  # "mar", the abbreviation of March, is the sea
        ("en", "The two-day hearing ended after months of delay."),  # durations
    ],
)
def test_words_that_are_not_dates(language: str, text: str) -> None:
    assert _times(language, text) == []


def test_a_day_and_month_without_year_is_the_nearest_unless_the_tense_says() -> None:
    assert _times("es", "La firma, el 2 de julio.") == [("2 de julio", date(2024, 7, 2))]
    assert _times("es", "La firma se celebró el 13 de diciembre.") == [
        ("13 de diciembre", date(2023, 12, 13))
    ]
    assert _times("es", "La firma tendrá lugar el 15 de enero.") == [
        ("15 de enero", date(2025, 1, 15))
    ]


def test_abbreviations_are_left_out() -> None:
    spanish = calendar_words("es")
    assert spanish.month.fullmatch("marzo") and not spanish.month.fullmatch("mar")
    assert calendar_words("xx") == calendar_words("en")


@pytest.mark.parametrize("language", ["en", "de", "es", "fr", "pl", "tr", "ar", "id"])
def test_a_bare_word_resolves_as_dateparser_would(language: str) -> None:
    """The tables' meaning of every bare form agrees with dateparser's reading of it."""
    publications = [date(2024, 1, 1) + timedelta(days=37 * i) for i in range(10)]
    publications += [date(2023, 12, 31), date(2024, 2, 29), date(2024, 3, 31)]
    for form, (kind, number) in calendar_words(language).meanings.items():
        for published in publications:
            parsed = _parsed(form, published, language)
            # dateparser reads no Indonesian "minggu lalu" (last week); the table does.
            if parsed != (None, None):
                assert _resolve_named(kind, number, published) == parsed, (form, published)
