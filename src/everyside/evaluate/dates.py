"""Date evaluation: time expressions in real news found and resolved to the right date."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from everyside.analyze.nlp import make_doc
from everyside.analyze.pipeline import build_pipeline
from everyside.evaluate.corpus import Counts, labelled_texts, match_spans, read_jsonl

# An expression that writes its year out is absolute; the rest are resolved against the
# publication date, which is where tense and "next"/"last" matter.
_WRITES_YEAR = re.compile(r"\d{4}")


@dataclass(frozen=True, slots=True)
class DateVerdict:
    """A gold time expression and the date the finder gave it (None when it found none)."""

    article: str
    text: str
    gold: str
    predicted: date | None
    found: bool
    right: bool


@dataclass(slots=True)
class DateScores:
    """Detection of gold time expressions, and the share of found ones resolved right.

    ``detection`` counts a gold expression found when a predicted one shares a character
    with it, one to one; a predicted expression that touches no gold one is a false
    positive. A found expression is right when its date agrees with the gold at the
    gold's granularity (same year, month, ISO week or day).
    """

    detection: Counts = field(default_factory=Counts)
    by_language: dict[str, Counts] = field(default_factory=dict)
    right: int = 0
    relative_found: int = 0
    relative_right: int = 0
    by_part: dict[str, tuple[int, int]] = field(default_factory=dict)
    verdicts: list[DateVerdict] = field(default_factory=list)

    @property
    def value_accuracy(self) -> float:
        """Share of found gold expressions resolved to the right date."""
        return self.right / self.detection.tp if self.detection.tp else 0.0

    @property
    def relative_accuracy(self) -> float:
        """The same, on found expressions that do not write their year out."""
        return self.relative_right / self.relative_found if self.relative_found else 0.0

    @property
    def resolved_recall(self) -> float:
        """Share of all gold expressions found and resolved right (what a reader gets)."""
        gold = self.detection.tp + self.detection.fn
        return self.right / gold if gold else 0.0


def is_date_gold(path: Path) -> bool:
    """True when a gold file holds time-expression labels on SemEval texts (gold/dates/)."""
    for record in read_jsonl(path):
        return "semeval22" in record and "dates" in record
    return False


def agrees(predicted: date | None, gold: str, granularity: str) -> bool:
    """Whether a resolved date means the gold value at the gold's granularity."""
    if predicted is None:
        return False
    if granularity == "year":
        return predicted.year == int(gold[:4])
    if granularity == "month":
        return (predicted.year, predicted.month) == (int(gold[:4]), int(gold[5:7]))
    expected = date.fromisoformat(gold)
    if granularity == "week":
        return predicted.isocalendar()[:2] == expected.isocalendar()[:2]
    return predicted == expected


def evaluate_dates(
    path: Path, texts: dict[tuple[str, int], str] | None = None, parts: tuple[str, ...] = ()
) -> DateScores:
    """Score the date finder against every labelled time expression of the texts."""
    scores = DateScores()
    for item in labelled_texts(path, texts, parts):
        part, language, text = item.part, item.language, item.text
        nlp = build_pipeline(language)
        doc = make_doc(nlp, text)
        doc._.published_on = date.fromisoformat(str(item.record["published"]))
        times = nlp(doc)._.times
        gold = item.record["dates"]
        pairs = dict(
            match_spans(
                [(int(g["start"]), int(g["end"])) for g in gold],
                [(t.start, t.end) for t in times],
                threshold=0.0,
            )
        )
        counts = Counts.from_totals(true_positives=len(pairs), predicted=len(times), gold=len(gold))
        scores.detection.add(counts)
        scores.by_language.setdefault(language, Counts()).add(counts)
        right_here = 0
        for g, label in enumerate(gold):
            surface = text[int(label["start"]) : int(label["end"])]
            predicted = times[pairs[g]].value if g in pairs else None
            right = g in pairs and agrees(predicted, str(label["value"]), label["granularity"])
            right_here += right
            if g in pairs and not _WRITES_YEAR.search(surface):
                scores.relative_found += 1
                scores.relative_right += right
            scores.verdicts.append(
                DateVerdict(item.name, surface, str(label["value"]), predicted, g in pairs, right)
            )
        scores.right += right_here
        done, total = scores.by_part.get(part, (0, 0))
        scores.by_part[part] = (done + right_here, total + len(gold))
    return scores
