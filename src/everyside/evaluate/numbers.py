"""Number evaluation: key quantities of the demo corpus gold found, with the right value."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from everyside.analyze.pipeline import build_pipeline
from everyside.evaluate.corpus import Counts, demo_records, locate, match_spans

# Gold units a predicted unit counts as agreeing with (the gold names them in English).
_SAME_UNIT = {"percent": {"percent", "%"}, "USD": {"usd"}, "EUR": {"eur"}, "GBP": {"gbp"}}


@dataclass(frozen=True, slots=True)
class NumberMiss:
    """A gold number found with the wrong value, or not found."""

    article: str
    text: str
    gold_value: float
    predicted_value: float | None


@dataclass(slots=True)
class NumberScores:
    """Detection of gold numbers and value/unit accuracy on the ones found.

    The gold lists an article's key quantities only, so precision against it counts
    every other number (ages, vote counts in passing) as a false positive; it is
    reported, but recall and value accuracy are the figures to read.
    """

    detection: Counts
    value_correct: int
    unit_correct: int
    unit_scored: int
    misses: list[NumberMiss] = field(default_factory=list)

    @property
    def value_accuracy(self) -> float:
        """Share of found gold numbers whose normalized value is right."""
        found = self.detection.tp
        return self.value_correct / found if found else 0.0

    @property
    def unit_accuracy(self) -> float:
        """Share of found percentages and money amounts with the right unit."""
        return self.unit_correct / self.unit_scored if self.unit_scored else 0.0


def evaluate_numbers(path: Path, corpus: Path | None = None) -> NumberScores:
    """Score the number finder on every article of a demo gold file."""
    found = predicted_total = gold_total = value_correct = unit_correct = unit_scored = 0
    misses: list[NumberMiss] = []
    for item in demo_records(path, corpus):
        article = item.article
        nlp = build_pipeline(article.language or "en")
        claims = nlp(article.body)._.claims
        gold = [(locate(article.body, n["text"]), n) for n in item.record.get("numbers", [])]
        located = [(span, n) for span, n in gold if span is not None]
        # A number is found when a claim covers part of the gold text: gold spans include
        # words around the number ("182 der 577 Sitze") that no finder should have to guess.
        pairs = match_spans(
            [span for span, _ in located], [(c.start, c.end) for c in claims], threshold=0.0
        )
        found += len(pairs)
        predicted_total += len(claims)
        gold_total += len(located)
        matched = set()
        for g, p in pairs:
            number, claim = located[g][1], claims[p]
            matched.add(g)
            if math.isclose(claim.value, float(number["value"]), rel_tol=1e-6):
                value_correct += 1
            else:
                misses.append(
                    NumberMiss(article.url or "", number["text"], number["value"], claim.value)
                )
            if number.get("unit") in _SAME_UNIT:
                unit_scored += 1
                unit_correct += (claim.unit or "").lower() in _SAME_UNIT[number["unit"]] or (
                    claim.unit == number["unit"]
                )
        misses.extend(
            NumberMiss(article.url or "", n["text"], n["value"], None)
            for g, (_, n) in enumerate(located)
            if g not in matched
        )
    return NumberScores(
        detection=Counts(found, predicted_total - found, gold_total - found),
        value_correct=value_correct,
        unit_correct=unit_correct,
        unit_scored=unit_scored,
        misses=misses,
    )
