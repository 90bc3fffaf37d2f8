"""Numbers: values in each language's notation, units, ranges, qualifiers, context."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from spacy.language import Language

from everyside.analyze.numbers import NumberAnnotation, parse_number
from everyside.analyze.pipeline import analyze_articles, build_pipeline
from everyside.ingest.sources import InputFile
from everyside.ingest.text import read_text
from everyside.model import Article
from everyside.settings import IngestOptions
from tests.analyze.conftest import analyze_text


def _numbers(nlp: Language, text: str) -> dict[str, NumberAnnotation]:
    return {n.text: n for n in analyze_text(nlp, text)._.claims}


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("1,000", "en", 1000.0),
        ("1.37", "en", 1.37),
        ("1.000", "de", 1000.0),
        ("8,5", "id", 8.5),
        ("1.234,5", "es", 1234.5),
        ("twelve", "en", 12.0),
        ("1,2,3", "en", 123.0),
    ],
)
def test_parse_number(text: str, language: str, value: float) -> None:
    assert parse_number(text, language) == value


def test_english_units_ranges_and_qualifiers(english: Language) -> None:
    found = _numbers(
        english,
        "Officials counted about 1,200 troops and $2.5 billion in aid; "
        "70 to 80 per cent of voters agreed and twelve people died.",
    )
    assert found["about 1,200"].value == 1200 and found["about 1,200"].unit == "troops"
    assert found["about 1,200"].qualifier == "approximately"
    assert found["$2.5 billion"].value == 2.5e9 and found["$2.5 billion"].unit == "USD"
    assert found["70 to 80 per cent"].value == 80 and found["70 to 80 per cent"].low == 70
    assert found["70 to 80 per cent"].unit == "percent"
    assert found["twelve"].value == 12 and found["twelve"].unit == "people"


def test_dates_and_times_are_not_claims(english: Language) -> None:
    found = _numbers(english, "On June 19 2024 at 04:33 PM the talks ended after 3 hours.")
    assert list(found) == ["3"]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("id", "Sekitar 8,5 juta perangkat terdampak, kurang dari 1 persen.", [8.5e6, 1.0]),
        ("de", "Rund 1.200 Soldaten und 14 Millionen Euro.", [1200.0, 14e6]),
        ("es", "Más de 1.500 personas y el 2 por ciento.", [1500.0, 2.0]),
    ],
)
def test_other_languages(language: str, text: str, expected: list[float]) -> None:
    found = analyze_text(build_pipeline(language), text)._.claims
    assert [n.value for n in found] == expected


def test_seed_canada_defence_spending(english: Language, seeds: Path) -> None:
    path = seeds / "000_0a8e922b3ed89e77.txt"
    (article,) = read_text(InputFile(str(path), path), IngestOptions())
    assert isinstance(article, Article)
    found = _numbers(english, article.body)
    target, current, plan = found["2%"], found["1.37%"], found["1.76%"]
    assert (target.value, target.unit) == (2.0, "percent")
    assert target.about is not None and "gross domestic product" in target.about
    assert (current.value, current.unit) == (1.37, "percent")
    assert current.about is not None and "GDP" in current.about
    assert (plan.value, plan.unit) == (1.76, "percent")
    assert found["2030"].unit == "year"


def test_numbers_carry_the_time_they_refer_to(seeds: Path) -> None:
    path = seeds / "000_0a8e922b3ed89e77.txt"
    (article,) = read_text(InputFile(str(path), path), IngestOptions())
    assert isinstance(article, Article)
    article.language = "en"
    (result,) = analyze_articles([article])
    claims = {c.text: c for c in result.claims}
    assert claims["1.76%"].time_text == "2030" and claims["1.76%"].time_value == date(2030, 1, 1)
    assert claims["1.37%"].time_value is None  # as of publication
