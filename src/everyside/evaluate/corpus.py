"""The demo corpus gold file: its records, the article each describes, spans of gold text."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from everyside.errors import EverysideError
from everyside.ingest.language import detect_language
from everyside.ingest.pipeline import READERS
from everyside.ingest.sources import InputFile, detect_format
from everyside.model import Article
from everyside.settings import IngestOptions


class GoldFormatError(EverysideError):
    """A gold file that cannot be read as the format it claims."""


@dataclass(frozen=True, slots=True)
class GoldRecord:
    """One gold line and the article it describes, read from the corpus with the ingest readers."""

    record: dict[str, Any]
    article: Article


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """The objects of a JSON Lines file; a bad line raises GoldFormatError naming it."""
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as error:
                    raise GoldFormatError(f"{path}:{number}: invalid JSON ({error})") from None


def demo_records(path: Path, corpus: Path | None = None) -> Iterator[GoldRecord]:
    """Each demo gold record with its article (language and date as ingest would set them)."""
    corpus = corpus or path.parent
    options = IngestOptions()
    cache: dict[str, list[Article]] = {}
    for record in read_jsonl(path):
        locator = str(record["file"])
        if locator not in cache:
            source = corpus / locator
            input_file = InputFile(str(source), source)
            items = READERS[detect_format(input_file)](input_file, options)
            cache[locator] = [item for item in items if isinstance(item, Article)]
        articles = cache[locator]
        url = record.get("url")
        matching = [a for a in articles if url and a.url == url] or (
            articles if len(articles) == 1 else []
        )
        if not matching:
            raise GoldFormatError(f"{locator}: no article with url {url!r}")
        article = matching[0]
        article.language, article.language_confidence = detect_language(
            f"{article.title}\n{article.body}"
        )
        yield GoldRecord(record, article)


# Where the shared SemEval-2022 texts are, under a folder beside the clone or the gold.
_SEMEVAL_TEXTS = Path("shared/data/pairs/semeval22_dev.jsonl")


def semeval_texts(path: Path) -> dict[tuple[str, int], str]:
    """The SemEval-2022 dev texts by (pair id, side), from the shared folder beside the gold."""
    for folder in (path.resolve().parent, Path.cwd()):
        for parent in (folder, *folder.parents):
            candidate = parent / _SEMEVAL_TEXTS
            if candidate.is_file():
                return {
                    (str(row["pair_id"]), side): str(row[f"text{side}"])
                    for row in read_jsonl(candidate)
                    for side in (1, 2)
                }
    raise GoldFormatError(f"{_SEMEVAL_TEXTS} not found beside {path} or the working folder")


@dataclass(frozen=True, slots=True)
class LabelledText:
    """One labelled SemEval-2022 article: its gold line and the text its labels cover."""

    record: dict[str, Any]
    name: str
    part: str
    language: str
    text: str


def labelled_texts(
    path: Path, texts: dict[tuple[str, int], str] | None = None, parts: tuple[str, ...] = ()
) -> Iterator[LabelledText]:
    """The articles a label file on SemEval texts describes (gold/numbers/, gold/dates/)."""
    texts = texts if texts is not None else semeval_texts(path)
    for record in read_jsonl(path):
        part = str(record.get("part", "all"))
        if parts and part not in parts:
            continue
        key = (str(record["semeval22"]), int(record["side"]))
        text = texts[key][: int(record["labelled_chars"])]
        yield LabelledText(record, f"{key[0]}:{key[1]}", part, str(record["language"]), text)


def locate(body: str, text: str, start: int = 0) -> tuple[int, int] | None:
    """Where gold text is in a body, from ``start`` on, whatever whitespace separates its words."""
    words = text.split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(word) for word in words)
    found = re.compile(pattern).search(body, start)
    return (found.start(), found.end()) if found else None


def overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Intersection over the longer of two character spans (0 when either is empty)."""
    longest = max(a[1] - a[0], b[1] - b[0])
    if longest <= 0:
        return 0.0
    return max(0, min(a[1], b[1]) - max(a[0], b[0])) / longest


def match_spans(
    gold: list[tuple[int, int]], predicted: list[tuple[int, int]], *, threshold: float = 0.5
) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs, best overlap first.

    Pairs need ``overlap >= threshold``; a threshold of 0 pairs any spans that share a
    character.
    """
    candidates = sorted(
        (-overlap(g_span, p_span), g, p)
        for g, g_span in enumerate(gold)
        for p, p_span in enumerate(predicted)
        if min(g_span[1], p_span[1]) > max(g_span[0], p_span[0])
        and overlap(g_span, p_span) >= threshold
    )
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    pairs = []
    for _, g, p in candidates:
        if g not in used_gold and p not in used_predicted:
            used_gold.add(g)
            used_predicted.add(p)
            pairs.append((g, p))
    return pairs


@dataclass(slots=True)
class Counts:
    """True positives, false positives and false negatives, with P/R/F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """Share of predictions that match a gold item."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """Share of gold items matched by a prediction."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @classmethod
    def from_totals(cls, *, true_positives: int, predicted: int, gold: int) -> Counts:
        """Counts from the number right, the number predicted and the number in the gold."""
        return cls(true_positives, predicted - true_positives, gold - true_positives)

    def add(self, other: Counts) -> None:
        """Add another count in place."""
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict[str, float | int]:
        """Counts and rates as a JSON-ready dict."""
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }
