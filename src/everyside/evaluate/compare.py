"""Comparison evaluation: quote-variant pairing and statement coverage against demo gold.

The gold (``examples/corpus/compare_gold.jsonl``, one line per story) lists pairs of
renderings of the same quote by the same speaker in different articles, and a sample of
sentences labelled ``consensus`` (carried by most of the story's outlets) or
``outlet_only``. The demo articles are grouped by their gold story, analyzed, and
compared story by story with ``compare_articles``; gold text is located in the article
bodies and matched to what the comparison returns by character overlap.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from everyside.analyze.pipeline import analyze_articles
from everyside.compare import CompareOptions, compare_articles
from everyside.compare.results import Comparison, Coverage, QuoteRef, QuoteVariant
from everyside.evaluate.corpus import (
    Counts,
    GoldFormatError,
    demo_records,
    locate,
    match_spans,
    overlap,
    read_jsonl,
)
from everyside.ingest.outlets import OutletRegistry
from everyside.model import Article, ArticleAnalysis, QuoteKind

MATCH_OVERLAP = 0.5
LABELS = (Coverage.CONSENSUS, Coverage.OUTLET_ONLY)

Spans = list[tuple[int, int]]


@dataclass(slots=True)
class StoryCase:
    """One gold story: its articles, their analyses and the story's compare gold."""

    story: str
    articles: list[Article]
    analyses: dict[str, ArticleAnalysis]
    gold: dict[str, Any]
    article_of: dict[tuple[str, str | None], Article]


@dataclass(slots=True)
class CompareScores:
    """Quote-variant pairing and per-label statement coverage, summed over stories.

    Coverage precision is measured on the gold sample of sentences: a system label counts
    as predicted only on sentences the gold labels, since the gold does not label every
    sentence. The system's ``shared`` label counts as neither consensus nor outlet-only.
    """

    stories: int = 0
    variants: Counts = field(default_factory=Counts)
    coverage: dict[str, Counts] = field(
        default_factory=lambda: {label.value: Counts() for label in LABELS}
    )
    # Gold label -> system label ("none" when no system statement covers the sentence).
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)
    unlocated: int = 0

    def add(self, other: CompareScores) -> None:
        """Add another story's scores in place."""
        self.stories += other.stories
        self.variants.add(other.variants)
        for label, counts in other.coverage.items():
            self.coverage[label].add(counts)
        for gold_label, row in other.confusion.items():
            mine = self.confusion.setdefault(gold_label, {})
            for system_label, count in row.items():
                mine[system_label] = mine.get(system_label, 0) + count
        self.unlocated += other.unlocated

    def as_dict(self) -> dict[str, Any]:
        """The figures as a JSON-ready dict."""
        return {
            "stories": self.stories,
            "variants": self.variants.as_dict(),
            "coverage": {label: counts.as_dict() for label, counts in self.coverage.items()},
            "confusion": self.confusion,
            "unlocated": self.unlocated,
        }


def load_cases(path: Path, corpus: Path | None = None) -> list[StoryCase]:
    """The stories of a compare gold file with their demo articles, analyzed."""
    corpus = corpus or path.parent
    entries = {str(entry["story"]): entry for entry in read_jsonl(path)}
    registry_file = corpus / "outlets.toml"
    registry = OutletRegistry.load(registry_file) if registry_file.is_file() else None
    by_story: dict[str, list[Article]] = {}
    article_of: dict[str, dict[tuple[str, str | None], Article]] = {}
    for item in demo_records(corpus / "gold.jsonl", corpus):
        record, article = item.record, item.article
        # Ingest stores an exact copy once; comparing it with itself would only add noise.
        if record.get("duplicate") == "exact" or record["story"] not in entries:
            continue
        if registry is not None:
            article.outlet = registry.outlet_of(article, corpus / record["file"])
        by_story.setdefault(record["story"], []).append(article)
        article_of.setdefault(record["story"], {})[(record["file"], record.get("url"))] = article
    missing = entries.keys() - by_story.keys()
    if missing:
        raise GoldFormatError(f"{path}: stories with no article in the corpus: {sorted(missing)}")
    analyses = {
        found.article_id: found
        for found in analyze_articles(a for articles in by_story.values() for a in articles)
    }
    return [
        StoryCase(
            story=story,
            articles=articles,
            analyses={a.id: analyses[a.id] for a in articles},
            gold=entries[story],
            article_of=_with_single_article_files(article_of[story]),
        )
        for story, articles in by_story.items()
    ]


def _with_single_article_files(
    article_of: dict[tuple[str, str | None], Article],
) -> dict[tuple[str, str | None], Article]:
    """Also key each file that holds one article by (file, None): its gold may omit the url."""
    per_file: dict[str, list[Article]] = {}
    for (file, _), article in article_of.items():
        per_file.setdefault(file, []).append(article)
    keyed = dict(article_of)
    keyed.update({(file, None): found[0] for file, found in per_file.items() if len(found) == 1})
    return keyed


def evaluate_compare(
    path: Path, corpus: Path | None = None, options: CompareOptions | None = None
) -> CompareScores:
    """Score quote variants and statement coverage on every story of a compare gold file."""
    return score_cases(load_cases(path, corpus), options)


def score_cases(cases: list[StoryCase], options: CompareOptions | None = None) -> CompareScores:
    """Compare each story's articles and score the result against its gold."""
    total = CompareScores()
    for case in cases:
        comparison = compare_articles(
            case.articles, case.analyses, options=options, story_id=case.story
        )
        total.add(score_story(comparison, case))
    return total


def score_story(comparison: Comparison, case: StoryCase) -> CompareScores:
    """Scores of one story's comparison against its gold line."""
    scores = CompareScores(stories=1)
    _score_variants(comparison, case, scores)
    _score_coverage(comparison, case, scores)
    return scores


def _article(case: StoryCase, ref: dict[str, Any]) -> Article:
    key = (str(ref["file"]), ref.get("url"))
    if key not in case.article_of:
        raise GoldFormatError(f"{case.story}: no article {key} in this story")
    return case.article_of[key]


def _occurrences(body: str, text: str) -> Iterator[tuple[int, int]]:
    """Every place gold text occurs: a crosshead may repeat a quote the body gives later."""
    found = locate(body, text)
    while found is not None:
        yield found
        found = locate(body, text, found[1])


def _side_overlap(quote: QuoteRef, article: Article, spans: Spans) -> float:
    if quote.article_id != article.id:
        return 0.0
    return max((overlap((quote.span.start, quote.span.end), span) for span in spans), default=0.0)


def _scored_variants(comparison: Comparison) -> list[QuoteVariant]:
    """The pairs the gold can judge: quotations by one speaker.

    The gold pairs marked and unmarked quotations by the same speaker; reported speech and
    the "same words, different speakers" flag are other claims, left out on both sides.
    """
    return [
        v
        for v in comparison.quote_variants
        if not v.speakers_differ and QuoteKind.INDIRECT.value not in (v.left.kind, v.right.kind)
    ]


def _score_variants(comparison: Comparison, case: StoryCase, scores: CompareScores) -> None:
    sides: list[tuple[tuple[Article, Spans], tuple[Article, Spans]]] = []
    for variant in case.gold["variants"]:
        located = []
        for ref in (variant["left"], variant["right"]):
            article = _article(case, ref)
            located.append((article, list(_occurrences(article.body, ref["text"]))))
        if all(spans for _, spans in located):
            sides.append((located[0], located[1]))
        else:
            scores.unlocated += 1
    predicted = _scored_variants(comparison)
    candidates = []
    for g, ((left, left_spans), (right, right_spans)) in enumerate(sides):
        for p, pair in enumerate(predicted):
            # Order-free: the gold's left may be the comparison's right.
            fit = max(
                min(
                    _side_overlap(pair.left, left, left_spans),
                    _side_overlap(pair.right, right, right_spans),
                ),
                min(
                    _side_overlap(pair.right, left, left_spans),
                    _side_overlap(pair.left, right, right_spans),
                ),
            )
            if fit >= MATCH_OVERLAP:
                candidates.append((-fit, g, p))
    matched_gold: set[int] = set()
    matched_predicted: set[int] = set()
    for _, g, p in sorted(candidates):
        if g not in matched_gold and p not in matched_predicted:
            matched_gold.add(g)
            matched_predicted.add(p)
    scores.variants.add(
        Counts.from_totals(
            true_positives=len(matched_gold), predicted=len(predicted), gold=len(sides)
        )
    )


def _score_coverage(comparison: Comparison, case: StoryCase, scores: CompareScores) -> None:
    label_of: dict[tuple[str, int, int], str] = {}
    for group in comparison.groups:
        for statement in group.statements:
            key = (statement.article_id, statement.span.start, statement.span.end)
            label_of[key] = group.coverage.value
    for statement in case.gold["statements"]:
        article = _article(case, statement)
        gold_label = str(statement["coverage"])
        span = locate(article.body, statement["text"])
        if span is None:
            scores.unlocated += 1
            continue
        system = [(start, end) for (a, start, end) in label_of if a == article.id]
        pairs = match_spans([span], system, threshold=MATCH_OVERLAP)
        system_label = label_of[(article.id, *system[pairs[0][1]])] if pairs else "none"
        row = scores.confusion.setdefault(gold_label, {})
        row[system_label] = row.get(system_label, 0) + 1
        for label in scores.coverage:
            counts = scores.coverage[label]
            if gold_label == label and system_label == label:
                counts.tp += 1
            elif gold_label == label:
                counts.fn += 1
            elif system_label == label:
                counts.fp += 1
