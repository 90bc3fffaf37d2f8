"""Learn the attribution model's weights: ``python -m everyside.training.attribution``.

Training data: the PolNeAR ``train`` split only (the dev split is never read; the
test split is withheld from the project). The rules run first (``QuoteFinder`` without
the model); every candidate cue token they leave (``is_candidate``) gives one row per
span kind the parse offers for it (``span_candidates``), labelled right when the token
heads a gold cue span and that span matches the attribution's content at the scorer's
overlap. A gold cue whose content the rules already report, or for which no offered
span matches, gives no rows: the model's answer there changes nothing or cannot be right.

One logistic regression is fitted on the binary features (``candidate_features``); the
threshold is the one with the best attribution F1 (each token's most probable span)
over out-of-fold probabilities, 5 folds grouped by article. Only feature names (parse
labels, single lowercase words and word pairs seen in at least ``MIN_ARTICLES``
articles) and weights are written; no text from the corpus. Needs the ``train`` extra
(scikit-learn); ``--cache FILE`` keeps the train parses between runs.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc, DocBin

from everyside.analyze.attribution import (
    MODEL_FILE,
    AttributionModel,
    SpanBounds,
    candidate_features,
    char_span,
    cue_features,
    is_candidate,
    span_candidates,
)
from everyside.analyze.nlp import load_nlp
from everyside.analyze.quotes import (
    QuoteAnnotation,
    QuoteFinder,
    find_marked_spans,
    paragraph_spans,
)
from everyside.evaluate.corpus import overlap
from everyside.evaluate.quotes import MATCH_OVERLAP

log = logging.getLogger("everyside.training.attribution")

# ../shared beside the clone, as the tests expect it.
SHARED = Path(__file__).resolve().parents[4] / "shared" / "data"
DEFAULT_GOLD = SHARED / "quotes" / "polnear_train_dev.jsonl"
# A word feature is kept only when it was seen in this many training articles: rare
# words would carry little and could spell out corpus text.
MIN_ARTICLES = 5
# Weights smaller than this are dropped from the file (they change no decision).
MIN_WEIGHT = 0.05
THRESHOLD_GRID = tuple(round(x, 2) for x in np.arange(0.2, 0.81, 0.05))


@dataclass(slots=True)
class Row:
    """One (cue, span kind) candidate: its features and whether it is a right attribution."""

    article: int
    token: int  # rows of the same token compete: the best one is the model's answer
    features: list[str]
    right: bool
    cue: bool  # the token is a gold cue (whichever kind is right)


def bounds_of(doc: Doc, paragraphs: Sequence[tuple[int, int]]) -> list[SpanBounds]:
    """Per token, the bounds its content may span: its sentence within its paragraph."""
    starts = [p[0] for p in paragraphs]
    bounds = []
    paragraph_tokens: dict[int, tuple[int, int]] = {}
    for sent in doc.sents:
        for token in sent:
            index = max(0, int(np.searchsorted(starts, token.idx, side="right")) - 1)
            if index not in paragraph_tokens:
                span = doc.char_span(*paragraphs[index], alignment_mode="expand")
                paragraph_tokens[index] = (span.start, span.end) if span else (0, len(doc))
            low, high = paragraph_tokens[index]
            bounds.append(SpanBounds(max(low, sent.start), min(high, sent.end)))
    return bounds


def article_rows(
    number: int, doc: Doc, record: dict[str, Any], rules: Sequence[QuoteAnnotation]
) -> list[Row]:
    """The candidate cues of one article with their labels.

    The model only sees what the rules (``rules``: the finder's quotes without the
    model) leave: tokens that are their cues are no rows, and a gold cue whose content
    the rules already report, or whose content the parse does not offer, is no row
    either (the model's answer there changes nothing, or cannot be right).
    """
    text = doc.text
    paragraphs = paragraph_spans(text)
    marked = [(m.open_start, m.close_end) for m in find_marked_spans(text, paragraphs)]
    bounds = bounds_of(doc, paragraphs)
    gold = [
        (tuple(q["cue_span"]), tuple(q["quote_span"])) for q in record["quotes"] if q["cue_span"]
    ]
    taken = {q.cue[0] for q in rules if q.cue}
    reported = [(q.start, q.end) for q in rules]
    rows = []
    for token in doc:
        start, end = token.idx, token.idx + len(token)
        if start in taken or not is_candidate(token):
            continue
        # The cue of an attribution is the head of its cue span ("said" in "also said in
        # a statement"); the span's other words are not cues of their own.
        attributions = [
            content
            for cue, content in gold
            if cue[0] <= start
            and end <= cue[1]
            and (token.head.i == token.i or not cue[0] <= token.head.idx < cue[1])
        ]
        if any(overlap(c, r) >= MATCH_OVERLAP for c in attributions for r in reported):
            continue
        offered = span_candidates(token, bounds[token.i])
        right = {}
        for kind, (first, last) in offered.items():
            span = char_span(doc, first, last)
            right[kind] = span is not None and any(
                overlap(span, c) >= MATCH_OVERLAP for c in attributions
            )
        if attributions and not any(right.values()):
            continue
        in_quote = any(s <= start < e for s, e in marked)
        in_content = any(s <= start < e for s, e in reported)
        cue = cue_features(token, offered, in_quote=in_quote, in_content=in_content)
        for kind, (first, last) in offered.items():
            features = candidate_features(cue, kind, first, last, token)
            rows.append(Row(number, token.i, features, right[kind], bool(attributions)))
    return rows


def rule_quotes(docs: Sequence[Doc]) -> list[list[QuoteAnnotation]]:
    """The quotes the finder reports without the model, per doc."""
    finder = QuoteFinder(load_nlp("en"), language="en")
    return [finder.find_quotes(doc) for doc in docs]


def parsed_articles(path: Path, cache: Path | None) -> tuple[list[dict[str, Any]], list[Doc]]:
    """The train split's records and their parses (cached as a DocBin when asked)."""
    records = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record.get("split") == "train":
                records.append(record)
    nlp = load_nlp("en")
    if cache is not None and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if len(docs) == len(records):
            return records, docs
    docs = list(nlp.pipe((r["text"] for r in records), batch_size=16))
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        DocBin(docs=docs).to_disk(cache)
    return records, docs


def kept_features(rows: Sequence[Row]) -> set[str]:
    """Features seen in at least ``MIN_ARTICLES`` articles."""
    seen: dict[str, set[int]] = {}
    for row in rows:
        for feature in row.features:
            articles = seen.setdefault(feature, set())
            if len(articles) < MIN_ARTICLES:
                articles.add(row.article)
    return {f for f, articles in seen.items() if len(articles) >= MIN_ARTICLES}


def _matrix(feature_lists: Sequence[Sequence[str]], vocabulary: dict[str, int]) -> Any:
    from scipy.sparse import csr_matrix  # type: ignore[import-untyped]

    indices, indptr = [], [0]
    for features in feature_lists:
        columns = sorted({vocabulary[f] for f in features if f in vocabulary})
        indices.extend(columns)
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    return csr_matrix((data, indices, indptr), shape=(len(feature_lists), len(vocabulary)))


def _classifier(c: float) -> Any:
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    return LogisticRegression(C=c, max_iter=2000)


def _best_per_token(rows: Sequence[Row], probability: np.ndarray) -> dict[tuple[int, int], int]:
    """Index of each token's most probable row."""
    best: dict[tuple[int, int], int] = {}
    for i, row in enumerate(rows):
        key = (row.article, row.token)
        if key not in best or probability[i] > probability[best[key]]:
            best[key] = i
    return best


def choose_threshold(rows: Sequence[Row], x: Any, c: float) -> float:
    """The threshold with the best attribution F1 over out-of-fold probabilities."""
    from sklearn.model_selection import GroupKFold  # type: ignore[import-untyped]

    y = np.array([r.right for r in rows])
    groups = np.array([r.article for r in rows])
    probability = np.zeros(len(rows))
    for fit, held in GroupKFold(n_splits=5).split(x, y, groups):
        probability[held] = _classifier(c).fit(x[fit], y[fit]).predict_proba(x[held])[:, 1]
    best_rows = list(_best_per_token(rows, probability).values())
    gold = len({(r.article, r.token) for r in rows if r.cue})
    best = (0.0, 0.5)
    for threshold in THRESHOLD_GRID:
        chosen = [i for i in best_rows if probability[i] >= threshold]
        tp = sum(rows[i].right for i in chosen)
        f1 = 2 * tp / max(1, len(chosen) + gold)
        log.info("threshold %.2f: out-of-fold attribution F1 %.3f", threshold, f1)
        best = max(best, (f1, threshold))
    return best[1]


def train(rows: Sequence[Row], c: float = 1.0) -> AttributionModel:
    """Fit the logistic regression on candidate rows and choose its threshold."""
    names = sorted(kept_features(rows))
    vocabulary = {f: i for i, f in enumerate(names)}
    x = _matrix([r.features for r in rows], vocabulary)
    threshold = choose_threshold(rows, x, c)
    fitted = _classifier(c).fit(x, np.array([r.right for r in rows]))
    return AttributionModel(
        bias=round(float(fitted.intercept_[0]), 4),
        weights={
            names[i]: round(float(w), 4)
            for i, w in enumerate(fitted.coef_[0])
            if abs(w) >= MIN_WEIGHT
        },
        threshold=threshold,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: read PolNeAR train, fit, write the model file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="PolNeAR JSONL")
    parser.add_argument("--out", type=Path, default=MODEL_FILE, help="model file to write")
    parser.add_argument("--cache", type=Path, help="DocBin file caching the train parses")
    parser.add_argument("-C", type=float, default=1.0, help="inverse regularization strength")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if not args.gold.exists():
        log.error("no gold file at %s", args.gold)
        return 1
    records, docs = parsed_articles(args.gold, args.cache)
    rules = rule_quotes(docs)
    rows = [
        row
        for n, (doc, record) in enumerate(zip(docs, records, strict=True))
        for row in article_rows(n, doc, record, rules[n])
    ]
    log.info("%d candidates, %d right", len(rows), sum(r.right for r in rows))
    model = train(rows, args.C)
    args.out.write_text(
        json.dumps(model.to_json(), indent=0, sort_keys=True) + "\n", encoding="utf-8"
    )
    log.info("wrote %s: %d weights, threshold %.2f", args.out, len(model.weights), model.threshold)
    return 0


if __name__ == "__main__":
    sys.exit(main())
