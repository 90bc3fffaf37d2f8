"""Time expressions on the labelled real-news sample (issue 22)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from everyside.evaluate.corpus import GoldFormatError, semeval_texts
from everyside.evaluate.dates import agrees, evaluate_dates, is_date_gold

LABELS = Path(__file__).parents[2] / "gold" / "dates" / "semeval22_date_labels.jsonl"


def test_labels_hold_no_text() -> None:
    assert is_date_gold(LABELS)
    assert '"text"' not in LABELS.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("predicted", "gold", "granularity", "right"),
    [
        (date(2020, 1, 1), "2020", "year", True),
        (date(2019, 12, 31), "2020", "year", False),
        (date(2020, 7, 1), "2020-07", "month", True),
        (date(2020, 1, 9), "2020-01-06", "week", True),
        (date(2020, 1, 13), "2020-01-06", "week", False),
        (date(2020, 1, 15), "2020-01-15", "day", True),
        (None, "2020-01-15", "day", False),
    ],
)
def test_a_date_agrees_at_the_gold_granularity(
    predicted: date | None, gold: str, granularity: str, right: bool
) -> None:
    assert agrees(predicted, gold, granularity) is right


def test_figures_on_the_labelled_sample() -> None:
    try:
        texts = semeval_texts(LABELS)
    except GoldFormatError as error:
        pytest.skip(f"shared SemEval-2022 texts not beside the clone: {error}")
    scores = evaluate_dates(LABELS, texts)
    assert scores.detection.tp + scores.detection.fn == 90
    assert scores.detection.precision >= 0.95
    assert scores.detection.recall >= 0.85
    assert scores.value_accuracy >= 0.88
