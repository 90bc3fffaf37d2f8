"""Clustering and pair scorers on tiny hand-made data; the real evaluations (slow)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from everyside.evaluate.clustering import (
    ClusteringScores,
    evaluate_clustering,
    load_gold,
    score_clustering,
)
from everyside.evaluate.corpus import GoldFormatError
from everyside.evaluate.pairs import (
    evaluate_pairs,
    load_pairs,
    pair_half,
    pearson,
    score_pairs,
)
from tests.cluster.helpers import article, embedding_model, unit
from tests.conftest import CORPUS, SHARED

ECB = SHARED / "data" / "clustering" / "ecbplus_train_dev.jsonl"
PAIRS = SHARED / "data" / "pairs" / "semeval22_dev.jsonl"


def _needs(path: Path) -> None:
    if not path.is_file():
        pytest.skip(f"{path} not found (shared/ is not beside this clone)")


def test_bcubed_and_pairwise_scores_on_a_known_example() -> None:
    gold = ["a", "a", "a", "b", "b"]
    predicted = ["x", "x", "y", "y", "y"]
    scores = score_clustering(gold, predicted)
    # B-cubed precision: items 1-2 get 1, items 3-5 get 1/3, 2/3, 2/3 -> (2 + 5/3) / 5.
    assert scores.bcubed_precision == pytest.approx((2 + 5 / 3) / 5)
    assert scores.bcubed_recall == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1 + 1) / 5)
    assert (scores.pairwise.tp, scores.pairwise.fp, scores.pairwise.fn) == (2, 2, 2)
    assert (scores.gold_clusters, scores.predicted_clusters) == (2, 2)
    perfect = score_clustering(gold, ["1", "1", "1", "2", "2"])
    assert perfect.bcubed_f1 == 1.0 and perfect.pairwise.f1 == 1.0
    assert isinstance(perfect, ClusteringScores) and perfect.as_dict()["items"] == 5


def test_clustering_jsonl_is_read_with_splits_and_bad_files_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    rows = [
        {"id": "1", "cluster": "c1", "title": "Quake hits", "text": "Quake hits.\nMore.",
         "date": "2024-04-03", "lang": "en", "source": "x.example", "split": "dev"},
        {"id": "2", "cluster": "c2", "title": "Vote", "text": "Vote held.", "split": "train"},
    ]  # fmt: skip
    path.write_text("\n".join(json.dumps(r) for r in rows))
    items = load_gold(path, "dev")
    assert [(i.article.id, i.cluster) for i in items] == [("1", "c1")]
    article = items[0].article
    assert article.body == "Quake hits.\n\nMore." and article.published_at is not None
    assert article.outlet is not None and article.outlet.name == "x.example"
    with pytest.raises(GoldFormatError, match="split"):
        load_gold(path, "test")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": "1", "text": "no cluster"}))
    with pytest.raises(GoldFormatError, match="cluster"):
        load_gold(bad)


def test_undated_evaluation_drops_the_dates_the_stream_goes_by(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    rows = [{"id": key, "cluster": "c", "text": "Same report."} for key in ("a", "b")]
    path.write_text("\n".join(json.dumps(r) for r in rows))
    # One report published twice, 29 days apart: past the window when dated.
    vector = unit((0, 1.0))
    features = [article("a", vector, day=1), article("b", vector, day=30)]
    model = embedding_model()
    dated = evaluate_clustering(path, "stream", features=features, model=model)
    undated = evaluate_clustering(path, "stream", features=features, model=model, undated=True)
    assert dated.scores["stream"].predicted_clusters == 2
    assert undated.scores["stream"].predicted_clusters == 1
    assert undated.as_dict()["undated"] is True and dated.as_dict()["undated"] is False


def test_pair_scores_and_halves(tmp_path: Path) -> None:
    path = tmp_path / "pairs.jsonl"
    records = [
        {"pair_id": f"{i}_{i + 100}", "lang1": "en", "lang2": "de", "title1": "t", "text1": "a",
         "title2": "t", "text2": "b", "overall": float(1 + i % 4)}
        for i in range(8)
    ]  # fmt: skip
    path.write_text("\n".join(json.dumps(r) for r in records))
    pairs = load_pairs(path)
    assert len(pairs) == 8 and pairs[0].languages == "en-de" and pairs[0].same_story
    halves = {pair_half(p.pair_id) for p in pairs}
    assert halves <= {"train", "check", "dev"}
    parts = [len(load_pairs(path, part)) for part in ("dev", "train", "check")]
    assert sum(parts) == 8
    probabilities = np.asarray([1.0 - (p.overall - 1) / 3 for p in pairs])
    scores = score_pairs(pairs, probabilities, 0.6)
    assert scores.pearson == pytest.approx(1.0)
    assert scores.by_languages["en-de"].pairs == 8
    assert scores.cross_language is not None and scores.cross_language.pairs == 8
    assert scores.at_precision.recall == 1.0
    assert scores.same_story.recall == 1.0 and scores.same_story.precision == 1.0
    assert np.isnan(pearson([1.0, 1.0], [0.0, 1.0]))


@pytest.mark.slow
def test_demo_corpus_streaming_and_batch() -> None:
    report = evaluate_clustering(CORPUS / "gold.jsonl", ("stream", "batch"))
    stream = report.scores["stream"]
    assert stream.items == 49 and stream.gold_clusters == 10
    # Floors a little under the measured 0.983 / 1.000 (docs/clustering.md).
    assert stream.bcubed_f1 >= 0.95 and stream.bcubed_precision >= 0.97
    # A rebuild is at least as good as streaming (issue 5).
    assert report.scores["batch"].bcubed_f1 >= max(stream.bcubed_f1, 0.95)


@pytest.mark.slow
def test_ecb_dev_split() -> None:
    _needs(ECB)
    report = evaluate_clustering(ECB, ("stream", "batch"), split="dev")
    stream, batch = report.scores["stream"], report.scores["batch"]
    assert stream.items == 197
    # Measured 0.907 / 0.972 (issue 5's target 0.97); the README's floors are 0.820
    # (stream) and 0.900 (batch).
    assert stream.bcubed_f1 >= 0.88
    assert batch.bcubed_f1 >= 0.96


@pytest.mark.slow
def test_ecb_dev_split_without_dates() -> None:
    _needs(ECB)
    report = evaluate_clustering(ECB, ("stream", "batch"), split="dev", undated=True)
    stream, batch = report.scores["stream"], report.scores["batch"]
    # Measured 0.854 (precision 0.811: same-kind events merge) / 0.959 (docs/clustering.md,
    # "Undated articles"); the rebuild keeps its precision without dates.
    assert stream.bcubed_f1 >= 0.82
    assert batch.bcubed_f1 >= 0.94 and batch.bcubed_precision >= 0.97


@pytest.mark.slow
def test_semeval_pairs_held_out_half() -> None:
    _needs(PAIRS)
    scores = evaluate_pairs(PAIRS, "dev")
    assert scores.pairs > 500
    assert scores.pearson >= 0.68  # measured 0.701
