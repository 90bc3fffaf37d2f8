"""Score quote extraction against gold data: PolNeAR attributions or the everyside demo gold.

Two gold formats are read, told apart by their records:

- PolNeAR (``text`` + ``quotes`` with ``quote_span``, ``speaker_span``, ``cue``, ``kind``,
  ``split``): attribution relations with character offsets, speakers as written.
- the everyside demo gold (``file``, ``url``, ``quotes: [{text, speaker, kind}]``): the
  article is read from the corpus with the ingest readers, each gold quote is located
  in its body by its exact text, and a speaker is right when the resolved speaker
  contains the gold speaker's last name.

Matching is one-to-one (greedy, best overlap first). Two spans overlap enough when
``|intersection| / max(|gold|, |predicted|) >= 0.5``; the exact score compares spans
after trimming whitespace, quote marks, edge punctuation and a leading "that".
See docs/quotes.md for the figures and what they mean.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.language import Language

from everyside.analyze.cues import is_speech_cue
from everyside.analyze.nlp import load_nlp
from everyside.analyze.quotes import DEFAULT_SETTINGS, QuoteAnnotation, QuoteFinder
from everyside.evaluate.corpus import (
    Counts,
    GoldFormatError,
    demo_records,
    match_spans,
    read_jsonl,
)
from everyside.model import QuoteKind

POLNEAR = "polnear"
DEMO = "demo"
# Kinds reported separately. PolNeAR derives them from where quote marks fall:
# "direct" (the content is all in marks), "mixed" (partly), "indirect" (no marks).
POLNEAR_KINDS = ("direct", "mixed", "indirect")
DEMO_KINDS = tuple(kind.value for kind in QuoteKind)
# Minimum overlap (intersection over the longer span) for two spans to match.
MATCH_OVERLAP = 0.5

_QUOTE_CHARS = "\"“”„‟«»‹›「」『』＂'‘’‚‛`"
_EDGE = re.compile(rf"^[\s{_QUOTE_CHARS}.,;:!?…—–-]+|[\s{_QUOTE_CHARS}.,;:!?…—–-]+$")
_LEADING_THAT = re.compile(r"that\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True, kw_only=True)
class GoldQuote:
    """One gold quote: content span, kind, and the speaker as written or as a name."""

    start: int
    end: int
    kind: str
    speaker_span: tuple[int, int] | None = None
    speaker_name: str | None = None
    cue: str | None = None


@dataclass(slots=True, kw_only=True)
class GoldArticle:
    """An article's text with its gold quotes."""

    id: str
    text: str
    quotes: list[GoldQuote]
    language: str | None = None
    unlocated: int = 0  # gold quotes whose text was not found in the article


@dataclass(frozen=True, slots=True, kw_only=True)
class Prediction:
    """A predicted quote prepared for scoring."""

    start: int
    end: int
    kind: str
    speaker_span: tuple[int, int] | None
    speaker_text: str | None


@dataclass(slots=True, kw_only=True)
class ArticleErrors:
    """Misses and false positives of one article, for error analysis."""

    article_id: str
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    wrong_speaker: list[str] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class QuoteScores:
    """Everything one evaluation measured."""

    gold_format: str
    articles: int = 0
    seconds: float = 0.0
    speech_only: bool = False
    overlap: Counts = field(default_factory=Counts)
    exact: Counts = field(default_factory=Counts)
    by_kind: dict[str, Counts] = field(default_factory=dict)
    by_kind_exact: dict[str, Counts] = field(default_factory=dict)
    speaker_correct: int = 0
    speaker_scored: int = 0  # matched quotes whose gold has a speaker
    unlocated: int = 0
    errors: list[ArticleErrors] = field(default_factory=list)

    @property
    def speaker_accuracy(self) -> float:
        """Share of matched quotes (with a gold speaker) whose speaker is right."""
        return self.speaker_correct / self.speaker_scored if self.speaker_scored else 0.0

    @property
    def articles_per_second(self) -> float:
        """Throughput of the whole pipeline (parsing included)."""
        return self.articles / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of every figure."""
        return {
            "gold_format": self.gold_format,
            "articles": self.articles,
            "speech_only": self.speech_only,
            "overlap_threshold": MATCH_OVERLAP,
            "overlap": self.overlap.as_dict(),
            "exact": self.exact.as_dict(),
            "by_kind": {k: c.as_dict() for k, c in self.by_kind.items()},
            "by_kind_exact": {k: c.as_dict() for k, c in self.by_kind_exact.items()},
            "speaker_accuracy": round(self.speaker_accuracy, 4),
            "speaker_scored": self.speaker_scored,
            "unlocated_gold": self.unlocated,
            "seconds": round(self.seconds, 2),
            "articles_per_second": round(self.articles_per_second, 2),
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class QuoteEvalOptions:
    """What to evaluate.

    Args:
        split: PolNeAR split to score ("dev", "train"); None means "dev" when the file
            has splits. "all" scores every article.
        limit: score at most this many articles.
        speech_only: keep only gold attributions whose cue is a verb of saying
            (``analyze.cues.is_speech_cue``); predictions matching the others are ignored.
        corpus: directory the demo gold's ``file`` paths are relative to (default: the
            gold file's directory).
        keep_errors: collect misses and false positives per article.
        finder: settings passed to ``QuoteFinder`` (``FINDER_SETTINGS``), e.g.
            ``{"beliefs": True}``; the component's defaults otherwise, except that
            PolNeAR scored against all attributions turns ``all_attributions`` on.
    """

    split: str | None = None
    limit: int | None = None
    speech_only: bool = False
    corpus: Path | None = None
    keep_errors: bool = False
    finder: dict[str, bool] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.limit is not None and self.limit < 1:
            raise ValueError(f"limit must be at least 1, not {self.limit}")
        unknown = sorted(set(self.finder) - set(FINDER_SETTINGS))
        if unknown:
            raise ValueError(
                f"unknown finder setting {', '.join(unknown)}; "
                f"choose from {', '.join(FINDER_SETTINGS)}"
            )


# QuoteFinder settings an evaluation may change (all on/off switches).
FINDER_SETTINGS = tuple(DEFAULT_SETTINGS)
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


def parse_settings(pairs: Iterable[str]) -> dict[str, bool]:
    """Finder settings from ``KEY=VALUE`` strings ("beliefs=true")."""
    settings = {}
    for pair in pairs:
        key, _, value = pair.partition("=")
        key, value = key.strip().replace("-", "_"), value.strip().lower() or "true"
        if value not in _TRUE + _FALSE:
            raise ValueError(f"{pair!r}: the value must be true or false")
        settings[key] = value in _TRUE
    return settings


# --------------------------------------------------------------------------------------
# Reading gold files.
# --------------------------------------------------------------------------------------


def detect_format(record: dict[str, Any]) -> str:
    """Which gold format a record is in: ``POLNEAR`` or ``DEMO``."""
    quotes = record.get("quotes")
    if (
        isinstance(record.get("text"), str)
        and isinstance(quotes, list)
        and (not quotes or "quote_span" in quotes[0])
    ):
        return POLNEAR
    if "file" in record and isinstance(quotes, list):
        return DEMO
    raise GoldFormatError(
        "unknown gold format: expected PolNeAR records (text, quotes[].quote_span) "
        "or everyside demo gold (file, url, quotes[].text)"
    )


def polnear_article(record: dict[str, Any]) -> GoldArticle:
    """A PolNeAR record as a gold article."""
    quotes = [
        GoldQuote(
            start=q["quote_span"][0],
            end=q["quote_span"][1],
            kind=q["kind"],
            speaker_span=tuple(q["speaker_span"]) if q.get("speaker_span") else None,
            cue=q.get("cue"),
        )
        for q in record["quotes"]
    ]
    return GoldArticle(id=str(record["id"]), text=record["text"], quotes=quotes)


def locate(body: str, text: str) -> tuple[int, int] | None:
    """The span of a gold quote's text in an article body (tolerating quote-mark styles)."""
    index = body.find(text)
    if index >= 0:
        return index, index + len(text)
    core = _EDGE.sub("", text)
    if core:
        index = body.find(core)
        if index >= 0:
            return index, index + len(core)
    # Whitespace or typographic differences: match on a pattern of the words.
    words = re.findall(r"\w+", core)
    if not words:
        return None
    pattern = r"\W+".join(re.escape(w) for w in words)
    match = re.search(pattern, body)
    return (match.start(), match.end()) if match else None


def demo_articles(path: Path, corpus: Path) -> Iterator[GoldArticle]:
    """Demo gold records with their article bodies read from the corpus."""
    for item in demo_records(path, corpus):
        record, article = item.record, item.article
        gold, unlocated = [], 0
        for quote in record["quotes"]:
            span = locate(article.body, quote["text"])
            if span is None:
                unlocated += 1
                continue
            gold.append(
                GoldQuote(
                    start=span[0],
                    end=span[1],
                    kind=str(quote.get("kind") or "direct"),
                    speaker_name=quote.get("speaker"),
                )
            )
        yield GoldArticle(
            id=record.get("url") or str(record["file"]),
            text=article.body,
            quotes=gold,
            language=record.get("lang") or article.language,
            unlocated=unlocated,
        )


def read_gold(path: Path, options: QuoteEvalOptions) -> tuple[str, list[GoldArticle]]:
    """The gold format and articles of a file, filtered by split and limit."""
    records = list(read_jsonl(path))
    if not records:
        raise GoldFormatError(f"{path}: no records")
    gold_format = detect_format(records[0])
    if gold_format == POLNEAR:
        split = options.split or ("dev" if any("split" in r for r in records) else "all")
        if split != "all":
            records = [r for r in records if r.get("split") == split]
            if not records:
                raise GoldFormatError(f"{path}: no articles in split {split!r}")
        if options.limit:
            records = records[: options.limit]
        return gold_format, [polnear_article(r) for r in records]
    if options.limit:
        records = records[: options.limit]
    corpus = options.corpus or path.parent
    return gold_format, list(demo_articles(path, corpus))


# --------------------------------------------------------------------------------------
# Preparing predictions.
# --------------------------------------------------------------------------------------


def _has_mark(text: str) -> bool:
    return any(char in _QUOTE_CHARS[:13] for char in text)


def polnear_predictions(text: str, quotes: Sequence[QuoteAnnotation]) -> list[Prediction]:
    """Predictions in PolNeAR's terms: pieces that share a cue are one attribution.

    PolNeAR joins the discontinuous pieces of one attribution into one span (first
    piece start to last piece end), so quotes with the same cue are joined the same
    way: '"A," he said, "B."' is one attribution, and a partial quote inside the clause
    a cue reports is part of it. Kinds are derived as the converter derived gold kinds:
    from where quote marks fall in the joined span.
    """
    groups: dict[tuple[int, int] | int, list[QuoteAnnotation]] = {}
    for number, quote in enumerate(quotes):
        groups.setdefault(quote.cue if quote.cue else number, []).append(quote)
    predictions = []
    for pieces in groups.values():
        start = min(q.start for q in pieces)
        end = max(q.end for q in pieces)
        marked = {q.kind in (QuoteKind.DIRECT, QuoteKind.PARTIAL) for q in pieces}
        if marked == {True}:
            kind = "direct"
        elif True in marked or _has_mark(text[start:end]):
            kind = "mixed"
        else:
            kind = "indirect"
        first = pieces[0]
        predictions.append(
            Prediction(
                start=start,
                end=end,
                kind=kind,
                speaker_span=first.speaker,
                speaker_text=first.speaker_text(text),
            )
        )
    return sorted(predictions, key=lambda p: p.start)


def demo_predictions(text: str, quotes: Sequence[QuoteAnnotation]) -> list[Prediction]:
    """Predictions as the product shows them: one per quote, speaker resolved."""
    return [
        Prediction(
            start=q.start,
            end=q.end,
            kind=q.kind.value,
            speaker_span=q.speaker_antecedent or q.speaker,
            speaker_text=q.speaker_text(text),
        )
        for q in quotes
    ]


# --------------------------------------------------------------------------------------
# Scoring.
# --------------------------------------------------------------------------------------


def normalized(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """A span trimmed of whitespace, quote marks, edge punctuation and a leading "that"."""
    start, end = span
    edge = " \t\n" + _QUOTE_CHARS + ".,;:!?…—–-"
    piece = text[start:end]
    start += len(piece) - len(piece.lstrip(edge))
    that = _LEADING_THAT.match(text, start, end)
    if that:
        start = that.end()
        piece = text[start:end]
        start += len(piece) - len(piece.lstrip(edge))
    piece = text[start:end]
    trail = len(piece) - len(piece.rstrip(" \t\n" + _QUOTE_CHARS + ".,;:!?…—–-"))
    return start, max(start, end - trail)


def _speaker_right(gold: GoldQuote, prediction: Prediction) -> bool | None:
    """Whether a matched prediction names the right speaker; None when gold has none."""
    if gold.speaker_span is not None:
        span = prediction.speaker_span
        return (
            span is not None and span[0] < gold.speaker_span[1] and gold.speaker_span[0] < span[1]
        )
    if gold.speaker_name and prediction.speaker_text:
        # The last name, or the first for family-name-first names (Kim Jong Un, To Lam).
        names = gold.speaker_name.split()
        spoken = prediction.speaker_text.casefold()
        return names[-1].casefold() in spoken or (
            len(names) > 1 and spoken.split()[-1:] == [names[0].casefold()]
        )
    if gold.speaker_name:
        return False
    return None


def score_article(
    article: GoldArticle,
    predictions: Sequence[Prediction],
    scores: QuoteScores,
    *,
    speech_only: bool = False,
    keep_errors: bool = False,
) -> None:
    """Add one article's counts to ``scores``; unlocated demo gold quotes count as missed."""
    kinds = POLNEAR_KINDS if scores.gold_format == POLNEAR else DEMO_KINDS
    text = article.text
    gold = list(article.quotes)
    preds = list(predictions)
    if speech_only:
        # Predictions left over after matching speech attributions that match another
        # (belief, intention, poll) attribution are neither right nor wrong.
        speech = [g for g in gold if is_speech_cue(g.cue or "")]
        other = [(g.start, g.end) for g in gold if not is_speech_cue(g.cue or "")]
        spans = [(p.start, p.end) for p in preds]
        matched = {p for _, p in match_spans([(g.start, g.end) for g in speech], spans)}
        rest = [i for i in range(len(preds)) if i not in matched]
        ignored = {rest[p] for _, p in match_spans(other, [spans[i] for i in rest])}
        preds = [p for i, p in enumerate(preds) if i not in ignored]
        gold = speech
    scores.unlocated += article.unlocated
    errors = ArticleErrors(article_id=article.id) if keep_errors else None
    for exact, counts, per_kind in (
        (False, scores.overlap, scores.by_kind),
        (True, scores.exact, scores.by_kind_exact),
    ):
        if exact:
            g_spans = [normalized(text, (g.start, g.end)) for g in gold]
            p_spans = [normalized(text, (p.start, p.end)) for p in preds]
            pairs = [
                (g, p)
                for g, p in match_spans(g_spans, p_spans, threshold=1.0)
                if g_spans[g] == p_spans[p]
            ]
        else:
            pairs = match_spans([(g.start, g.end) for g in gold], [(p.start, p.end) for p in preds])
        matched_gold = {g for g, _ in pairs}
        matched_pred = {p for _, p in pairs}
        counts.add(Counts(len(pairs), len(preds) - len(pairs), len(gold) - len(pairs)))
        counts.fn += article.unlocated
        for kind in kinds:
            kind_counts = per_kind.setdefault(kind, Counts())
            kind_counts.fn += sum(
                1 for i, g in enumerate(gold) if g.kind == kind and i not in matched_gold
            )
            kind_counts.tp += sum(1 for g, _ in pairs if gold[g].kind == kind)
            kind_counts.fp += sum(
                1 for i, p in enumerate(preds) if p.kind == kind and i not in matched_pred
            )
        if exact:
            continue
        for g, p in pairs:
            right = _speaker_right(gold[g], preds[p])
            if right is None:
                continue
            scores.speaker_scored += 1
            scores.speaker_correct += right
            if not right and errors is not None:
                spoken = preds[p].speaker_text
                errors.wrong_speaker.append(
                    f"{text[gold[g].start : gold[g].end][:90]!r}: predicted {spoken!r}, gold "
                    f"{_gold_speaker(text, gold[g])!r}"
                )
        if errors is not None:
            errors.missed += [
                f"[{g.kind}] {_gold_speaker(text, g)!r} {g.cue!r}: {text[g.start : g.end][:160]!r}"
                for i, g in enumerate(gold)
                if i not in matched_gold
            ]
            errors.spurious += [
                f"[{p.kind}] {p.speaker_text!r}: {text[p.start : p.end][:160]!r}"
                for i, p in enumerate(preds)
                if i not in matched_pred
            ]
    if errors is not None and (errors.missed or errors.spurious or errors.wrong_speaker):
        scores.errors.append(errors)


def _gold_speaker(text: str, gold: GoldQuote) -> str | None:
    if gold.speaker_span:
        return text[gold.speaker_span[0] : gold.speaker_span[1]]
    return gold.speaker_name


@lru_cache(maxsize=4)
def _base_pipeline(language: str) -> Language:
    # Loading the English model takes seconds: reuse it across evaluations in a process.
    return load_nlp(language)


def evaluate_quotes(path: Path, options: QuoteEvalOptions | None = None) -> QuoteScores:
    """Run quote extraction over a gold file's articles and score it."""
    options = options or QuoteEvalOptions()
    gold_format, articles = read_gold(path, options)
    scores = QuoteScores(gold_format=gold_format, speech_only=options.speech_only)
    by_language: dict[str, list[GoldArticle]] = {}
    for article in articles:
        by_language.setdefault(article.language or "en", []).append(article)
    prepare = polnear_predictions if gold_format == POLNEAR else demo_predictions
    for language, group in by_language.items():
        nlp = _base_pipeline(language)
        settings = {**DEFAULT_SETTINGS, **options.finder}
        if gold_format == POLNEAR and not options.speech_only:
            # Scored against every attribution, the finder reports every attribution.
            settings["all_attributions"] = options.finder.get("all_attributions", True)
        finder = QuoteFinder(
            nlp,
            language=language,
            beliefs=settings["beliefs"],
            objects=settings["objects"],
            all_attributions=settings["all_attributions"],
            unmarked=settings["unmarked"],
            keep_unattributed=settings["keep_unattributed"],
        )
        started = time.perf_counter()
        found = [
            finder.find_quotes(doc) for doc in nlp.pipe((a.text for a in group), batch_size=16)
        ]
        scores.seconds += time.perf_counter() - started
        for article, quotes in zip(group, found, strict=True):
            score_article(
                article,
                prepare(article.text, quotes),
                scores,
                speech_only=options.speech_only,
                keep_errors=options.keep_errors,
            )
        scores.articles += len(group)
    return scores
