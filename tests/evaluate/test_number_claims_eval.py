"""Number-claim precision on the labelled real-news sample (issue 22)."""

from __future__ import annotations

from pathlib import Path

import pytest

from everyside.evaluate.corpus import GoldFormatError, semeval_texts
from everyside.evaluate.numbers import evaluate_number_claims, is_claim_gold

LABELS = Path(__file__).parents[2] / "gold" / "numbers" / "semeval22_number_labels.jsonl"


def test_labels_hold_no_text() -> None:
    assert is_claim_gold(LABELS)
    assert "text" not in LABELS.read_text(encoding="utf-8")


def test_precision_on_the_withheld_part() -> None:
    try:
        texts = semeval_texts(LABELS)
    except GoldFormatError as error:
        pytest.skip(f"shared SemEval-2022 texts not beside the clone: {error}")
    scores = evaluate_number_claims(LABELS, texts, parts=("test",))
    assert scores.by_part["test"].precision >= 0.90
    assert scores.by_part["test"].recall >= 0.90
