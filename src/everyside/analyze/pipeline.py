"""Run the analysis: one spaCy pipeline per language, batched, turned into model records.

With ``processes`` above 1 the batches go to worker processes, each with its own
pipelines: a worker receives articles and returns finished :class:`ArticleAnalysis`
records, so only article text and the records cross process boundaries.
"""

from __future__ import annotations

import gc
import logging
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

# Importing the component modules registers their factories with spaCy.
from everyside.analyze import dates, entities, names, numbers, quotes
from everyside.analyze.cameo import event_from
from everyside.analyze.nlp import doc_text, load_nlp, make_doc
from everyside.model import (
    Article,
    ArticleAnalysis,
    Quote,
    Span,
    claim_from,
    mention_from,
    time_from,
)
from everyside.parallel import map_batches

logger = logging.getLogger(__name__)

# Bump when a component changes what it finds: `everyside analyze` redoes older analyses.
ANALYSIS_VERSION = "19"  # 19: Indonesian "minggu lalu/ini/depan" resolved as weeks (issue 22)
COMPONENTS = (
    "everyside_entities",
    "everyside_quotes",
    "everyside_numbers",
    "everyside_dates",
    "everyside_events",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class AnalyzeOptions:
    """How to analyze.

    Args:
        alias_files: JSON Lines alias tables to add to the packaged ones.
        batch_size: documents spaCy processes together (and a worker process receives).
        processes: worker processes that analyze; 1 analyzes in the calling process.
            Workers are spawned, so a script using more needs the
            ``if __name__ == "__main__":`` guard.
    """

    alias_files: tuple[str, ...] = ()
    batch_size: int = 32
    processes: int = 1

    def __post_init__(self) -> None:
        if self.batch_size < 1 or self.processes < 1:
            raise ValueError("batch_size and processes must be at least 1")


@lru_cache(maxsize=8)
def build_pipeline(language: str | None, alias_files: tuple[str, ...] = ()) -> Language:
    """The analysis pipeline for a language: base model plus everyside's components."""
    nlp = load_nlp(language)
    if language in names.name_languages() and "ner" not in nlp.pipe_names:
        nlp.add_pipe("everyside_capitalized_names")
    nlp.add_pipe("everyside_entities", config={"alias_files": list(alias_files)})
    nlp.add_pipe("everyside_quotes")
    nlp.add_pipe("everyside_numbers")
    nlp.add_pipe("everyside_dates")
    nlp.add_pipe("everyside_events")
    # The model's vocabulary, weights and tables live as long as the process: out of the
    # collector's generations, each full collection stops walking them again.
    gc.freeze()
    return nlp


@dataclass(frozen=True, slots=True)
class AnalysisFailure:
    """An article the analysis could not process, and why."""

    article_id: str
    problem: str


def _pipeline_language(article: Article) -> str:
    # Only English has a statistical model; every other language shares the rule path
    # but keeps its own tokenizer, number conventions and cue words.
    return article.language or "en"


def analyze_articles(
    articles: Iterable[Article], options: AnalyzeOptions | None = None
) -> Iterator[ArticleAnalysis]:
    """Analyze articles in batches per language; yields one result per article.

    An article that fails raises its error (see :func:`analyze_each` to go on).
    """
    options = options or AnalyzeOptions()
    batches = _batches(articles, options.batch_size)
    work = partial(_analyze_batch, options=options)
    for results in map_batches(work, batches, options.processes):
        yield from results


def analyze_each(
    articles: Iterable[Article], options: AnalyzeOptions | None = None
) -> Iterator[ArticleAnalysis | AnalysisFailure]:
    """Like :func:`analyze_articles`, but an article that fails becomes an AnalysisFailure."""
    options = options or AnalyzeOptions()
    batches = _batches(articles, options.batch_size)
    work = partial(_analyze_batch_or_each, options=options)
    for results in map_batches(work, batches, options.processes):
        yield from results


def _batches(articles: Iterable[Article], batch_size: int) -> Iterator[list[Article]]:
    """Articles grouped by pipeline language, ``batch_size`` at a time, partial ones last."""
    pending: dict[str, list[Article]] = {}
    for article in articles:
        language = _pipeline_language(article)
        batch = pending.setdefault(language, [])
        batch.append(article)
        if len(batch) >= batch_size:
            yield batch
            pending[language] = []
    yield from (batch for batch in pending.values() if batch)


def _analyze_batch(articles: list[Article], options: AnalyzeOptions) -> list[ArticleAnalysis]:
    """One batch (one language) through its pipeline, as model records."""
    nlp = build_pipeline(_pipeline_language(articles[0]), options.alias_files)
    docs = []
    for article in articles:
        # Ingest refuses longer texts; one stored before that rule is analyzed up to the
        # model's limit instead of failing on every run (spans stay valid: a prefix).
        doc = make_doc(nlp, article.body[: nlp.max_length])
        doc._.published_on = article.published_at.date() if article.published_at else None
        docs.append(doc)
    return [
        to_analysis(article.id, doc)
        for article, doc in zip(
            articles, nlp.pipe(docs, batch_size=options.batch_size), strict=True
        )
    ]


def _analyze_batch_or_each(
    articles: list[Article], options: AnalyzeOptions
) -> list[ArticleAnalysis | AnalysisFailure]:
    """A batch; when it fails, each article alone, so one bad article fails alone."""
    try:
        return [*_analyze_batch(articles, options)]
    except Exception as error:
        logger.warning("batch failed (%s); analyzing its articles one at a time", error)
    results: list[ArticleAnalysis | AnalysisFailure] = []
    for article in articles:
        try:
            results.extend(_analyze_batch([article], options))
        except Exception as error:
            results.append(AnalysisFailure(article.id, f"{type(error).__name__}: {error}"))
    return results


def to_analysis(article_id: str, doc: Doc) -> ArticleAnalysis:
    """Turn a processed doc's annotations into model records."""
    found_mentions: list[entities.MentionAnnotation] = doc._.mentions or []
    mentions = [mention_from(article_id, m) for m in found_mentions]
    found_quotes: list[quotes.QuoteAnnotation] = doc._.quotes or []
    found_claims: list[numbers.NumberAnnotation] = doc._.claims or []
    found_times: list[dates.DateAnnotation] = doc._.times or []
    sentence_ends = [sentence.end_char for sentence in doc.sents]
    text = doc_text(doc)
    return ArticleAnalysis(
        article_id=article_id,
        entities=dict(doc._.entities or {}),
        mentions=mentions,
        quotes=[_quote(article_id, text, q, found_mentions) for q in found_quotes],
        claims=[
            claim_from(article_id, c, **_time_of(c, found_times, sentence_ends))
            for c in found_claims
        ],
        times=[time_from(article_id, t) for t in found_times],
        events=[event_from(article_id, e) for e in doc._.events or []],
    )


def _time_of(
    claim: numbers.NumberAnnotation, times: list[dates.DateAnnotation], sentence_ends: list[int]
) -> dict[str, Any]:
    """The time a number refers to: the resolved time expression nearest it in its sentence.

    None means the article's own time ("spends only 1.37% of GDP"); a year is a time itself.
    """
    if claim.unit == "year":
        return {}
    sentence = bisect_right(sentence_ends, claim.start)
    start = sentence_ends[sentence - 1] if sentence else 0
    end = sentence_ends[sentence] if sentence < len(sentence_ends) else claim.end
    candidates = [
        t
        for t in times
        if start <= t.start < end and t.value is not None and not claim.start <= t.start < claim.end
    ]
    if not candidates:
        return {}
    nearest = min(candidates, key=lambda t: abs(t.start - claim.start))
    return {"time_text": nearest.text, "time_value": nearest.value}


def _quote(
    article_id: str,
    text: str,
    found: quotes.QuoteAnnotation,
    mentions: list[entities.MentionAnnotation],
) -> Quote:
    speaker = found.speaker_antecedent or found.speaker
    return Quote(
        article_id=article_id,
        span=Span(found.start, found.end),
        text=found.text(text),
        kind=found.kind,
        speaker_text=found.speaker_text(text),
        speaker_entity_id=_entity_at(speaker, mentions) if speaker else None,
        speaker_span=Span(*speaker) if speaker else None,
        cue=text[found.cue[0] : found.cue[1]] if found.cue else None,
        medium=found.medium,
    )


def _entity_at(span: tuple[int, int], mentions: list[entities.MentionAnnotation]) -> str | None:
    """The entity of the mention that overlaps a character span most."""
    best, best_overlap = None, 0
    for mention in mentions:
        overlap = min(span[1], mention.end) - max(span[0], mention.start)
        if overlap > best_overlap:
            best, best_overlap = mention.entity_id, overlap
    return best
