"""Number evaluation: key quantities of the demo corpus gold found, with the right value."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from everyside.analyze.numbers import WORD_NUMBER_PATTERN as _WORDS
from everyside.analyze.pipeline import build_pipeline
from everyside.evaluate.corpus import (
    Counts,
    demo_records,
    labelled_texts,
    locate,
    match_spans,
    read_jsonl,
)

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


# ------------------------------------------------------------- number claims on real news

# The first digit or number word of a claim (after its qualifier or currency).
_FIRST_NUMBER = re.compile(rf"\d|\b(?:{_WORDS})\b", re.I)


@dataclass(slots=True)
class ClaimVerdict:
    """One predicted claim and what the gold says of the number it starts at."""

    article: str
    text: str
    right: bool
    kind: str | None


@dataclass(slots=True)
class ClaimScores:
    """Number claims on labelled real news: precision, recall, by part and language.

    ``tp`` counts right predicted claims, ``fp`` wrong ones, ``fn`` gold claims no
    predicted claim covers (a range covers both its numbers).
    """

    by_part: dict[str, Counts] = field(default_factory=dict)
    by_language: dict[str, Counts] = field(default_factory=dict)
    wrong_kinds: dict[str, int] = field(default_factory=dict)
    verdicts: list[ClaimVerdict] = field(default_factory=list)
    missed: list[ClaimVerdict] = field(default_factory=list)


def is_claim_gold(path: Path) -> bool:
    """True when a gold file holds number-claim labels on SemEval texts (gold/numbers/)."""
    for record in read_jsonl(path):
        return "semeval22" in record and "numbers" in record
    return False


def evaluate_number_claims(
    path: Path, texts: dict[tuple[str, int], str] | None = None, parts: tuple[str, ...] = ()
) -> ClaimScores:
    """Score the claims the finder outputs against labels of every number in the texts."""
    scores = ClaimScores()
    for item in labelled_texts(path, texts, parts):
        part, language, text, name = item.part, item.language, item.text, item.name
        labels = {int(n["start"]): n for n in item.record["numbers"]}
        claims = [
            c for c in build_pipeline(language)(text)._.claims if c.unit != "year"
        ]  # a year reading is a time, which the dates component and every reader treat so
        counts = Counts()
        covered: set[int] = set()
        for claim in claims:
            first = _FIRST_NUMBER.search(text, claim.start, claim.end)
            gold = labels.get(first.start()) if first else None
            right = gold is not None and gold["label"] == "claim"
            kind = None if right else (gold or {}).get("kind", "unlabelled")
            counts.tp += right
            counts.fp += not right
            if kind is not None:
                scores.wrong_kinds[kind] = scores.wrong_kinds.get(kind, 0) + 1
            scores.verdicts.append(ClaimVerdict(name, claim.text, right, kind))
            covered.update(s for s in labels if claim.start <= s < claim.end)
        for start, number in labels.items():
            if number["label"] == "claim" and start not in covered:
                counts.fn += 1
                end = int(number["end"])
                scores.missed.append(ClaimVerdict(name, text[start:end], False, "missed"))
        scores.by_part.setdefault(part, Counts()).add(counts)
        scores.by_language.setdefault(language, Counts()).add(counts)
    return scores
