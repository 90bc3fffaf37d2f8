"""Learn the comparison's pair model: ``python -m everyside.training.alignment GOLD.jsonl ...``.

Our own gold is kept as labels only: ``--labels training/alignment_gold_labels.jsonl``
rebuilds it from the shared source texts (``--shared``, default ``../shared``); see
``gold_labels``.

Training data is fact-alignment gold in the format of ``../shared/data/alignment``
(every sentence of every article labelled with the fact it states). Each story goes
through the product's own path (ingest and analysis of its articles as JSONL, the
comparison's statements and pair features); every pair of statements from two different
articles is one row, labelled 1 when the gold sentences under the two statements share
a fact. A logistic regression on the standardized features is written to
``compare/data/alignment_model.json``: weights only, no text.

Not on the runtime path: it needs scikit-learn (``pip install -e '.[train]'``).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from everyside.cluster.features import default_embedder
from everyside.compare import outlet_name, statement_signals
from everyside.compare.options import CompareOptions
from everyside.compare.pairs import (
    CROSS_LANGUAGE_FEATURES,
    FEATURES,
    AlignmentModel,
    PairModel,
    pair_features,
)
from everyside.evaluate.alignment import GoldStory, SeenArticle, story_jsonl
from everyside.evaluate.corpus import read_jsonl
from everyside.jobs.compare import read_files

from .gold_labels import SHARED_DIR, materialize, write_jsonl

# Written into the runtime package, beside the code that reads it.
MODEL_PATH = Path(__file__).resolve().parents[1] / "compare" / "data" / "alignment_model.json"
log = logging.getLogger(__name__)


@dataclass(slots=True)
class StoryRows:
    """One gold story's pair rows: features (one column per name in FEATURES) and labels."""

    story: str
    features: NDArray[np.float64]
    labels: NDArray[np.bool_]


def story_rows(record: Mapping[str, Any], scratch: Path, options: CompareOptions) -> StoryRows:
    """Read, analyze and featurize one gold story the way ``compare`` does."""
    gold = GoldStory(record)
    path = scratch / "story.jsonl"
    path.write_text(story_jsonl(record), encoding="utf-8")
    articles, analyses, _ = read_files([str(path)])
    by_outlet = [(outlet_name(a), a) for a in articles]
    statements, signals = statement_signals(by_outlet, analyses, options, default_embedder())
    features = pair_features(statements, signals)
    # Product articles to gold ones as the alignment evaluation maps them.
    gold_of = gold.match_articles(
        SeenArticle(
            id=a.id,
            outlet=outlet,
            title=a.title,
            said=tuple(s.text for s in statements if s.article_id == a.id),
        )
        for outlet, a in by_outlet
    )
    facts = [
        gold.facts_of(gold_of[s.article_id], s.text)[0] if s.article_id in gold_of else set()
        for s in statements
    ]
    rows, columns = np.triu_indices(len(statements), k=1)
    cross = [
        (i, j)
        for i, j in zip(rows.tolist(), columns.tolist(), strict=True)
        if statements[i].article_id != statements[j].article_id
    ]
    left = np.asarray([i for i, _ in cross], dtype=np.int_)
    right = np.asarray([j for _, j in cross], dtype=np.int_)
    matrix = np.stack([features[name][left, right] for name in FEATURES], axis=1)
    labels = np.asarray([bool(facts[i] & facts[j]) for i, j in cross], dtype=np.bool_)
    return StoryRows(gold.story, matrix.astype(np.float64), labels)


def collect_rows(paths: Iterable[Path], options: CompareOptions | None = None) -> list[StoryRows]:
    """Pair rows of every story in the gold files."""
    options = options or CompareOptions()
    collected = []
    with tempfile.TemporaryDirectory(prefix="everyside-train-") as scratch:
        for path in paths:
            for record in read_jsonl(path):
                rows = story_rows(record, Path(scratch), options)
                log.info(
                    "%s: %d pairs, %d same fact", rows.story, len(rows.labels), rows.labels.sum()
                )
                collected.append(rows)
    return collected


def fit_pair_model(
    stories: Sequence[StoryRows],
    names: Sequence[str],
    c: float = 1.0,
    *,
    balance_languages: bool = False,
) -> PairModel:
    """A logistic regression over the named, standardized pair features of the stories.

    With ``balance_languages``, pairs across languages weigh as much in all as pairs
    within one (the gold has some thirty times fewer of them).
    """
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    columns = [FEATURES.index(name) for name in names]
    features = np.vstack([s.features[:, columns] for s in stories])
    labels = np.concatenate([s.labels for s in stories])
    same = np.concatenate([s.features[:, FEATURES.index("same_language")] > 0 for s in stories])
    weights = np.ones(len(labels))
    if balance_languages and (~same).any():
        weights[~same] = same.sum() / (~same).sum()
    mean = features.mean(axis=0)
    scale = features.std(axis=0) + 1e-6
    model = LogisticRegression(C=c, max_iter=5000).fit(
        (features - mean) / scale, labels, sample_weight=weights
    )
    return PairModel(
        features=tuple(names),
        mean=mean,
        scale=scale,
        coef=model.coef_[0],
        intercept=float(model.intercept_[0]),
    )


def fit(stories: Sequence[StoryRows], c: float = 1.0) -> AlignmentModel:
    """Both pair models, each learned on every pair of the stories (see AlignmentModel)."""
    return AlignmentModel(
        same_language=fit_pair_model(stories, FEATURES, c),
        cross_language=fit_pair_model(stories, CROSS_LANGUAGE_FEATURES, c, balance_languages=True),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Train on the given gold files and write the model JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="*", type=Path, help="Fact-alignment gold JSONL files.")
    parser.add_argument(
        "--labels",
        type=Path,
        help="Labels-only gold (training/alignment_gold_labels.jsonl), rebuilt from --shared.",
    )
    parser.add_argument(
        "--shared", type=Path, default=SHARED_DIR, help="The shared/ folder (default: ../shared)."
    )
    parser.add_argument("--output", type=Path, default=MODEL_PATH, help="Model JSON to write.")
    parser.add_argument("-C", type=float, default=1.0, help="Inverse regularization strength.")
    args = parser.parse_args(argv)
    if not args.gold and args.labels is None:
        parser.error("give gold JSONL files, --labels, or both")
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    with tempfile.TemporaryDirectory(prefix="everyside-gold-") as scratch:
        gold = list(args.gold)
        if args.labels is not None:
            gold.append(Path(scratch) / args.labels.name)
            write_jsonl(materialize(args.labels, args.shared), gold[-1])
        stories = collect_rows(gold)
    model = fit(stories, args.C)
    data = {
        **model.as_json(),
        "trained_on": {
            "files": [p.name for p in gold],
            "stories": len(stories),
            "pairs": int(sum(len(s.labels) for s in stories)),
            "same_fact_pairs": int(sum(int(s.labels.sum()) for s in stories)),
        },
    }
    args.output.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    log.info("wrote %s", args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
