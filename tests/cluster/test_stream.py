"""Streaming clustering: real articles (seeds, demo corpus) and hand-made features."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from everyside.analyze.pipeline import analyze_articles
from everyside.cluster import (
    ClusterOptions,
    StoryClusterer,
    arrival_order,
    extract_features,
    story_id_for,
)
from everyside.evaluate.clustering import GoldItem
from everyside.ingest.sources import InputFile
from everyside.ingest.text import read_text
from everyside.model import Article, ChangeKind
from everyside.settings import IngestOptions
from tests.cluster.conftest import Featurize, stories_by_gold, story_items
from tests.cluster.helpers import article, embedding_model, unit


def test_the_two_seed_articles_form_one_story(seeds: Path) -> None:
    articles = []
    for path in sorted(seeds.glob("*.txt")):
        for item in read_text(InputFile(str(path), path), IngestOptions()):
            assert isinstance(item, Article)
            item.language = "en"
            articles.append(item)
    assert len(articles) == 2
    features = extract_features(articles, list(analyze_articles(articles)))
    clusterer = StoryClusterer()
    assignments = clusterer.extend(arrival_order(features))
    assert len(clusterer) == 1, [a.probability for a in assignments]
    assert assignments[1].probability >= clusterer.join_threshold


def test_different_events_sharing_actors_stay_apart(
    demo_items: list[GoldItem], featurize: Featurize
) -> None:
    # Putin and Kim's treaty, Putin's Hanoi visit a day later, and the NATO summit where
    # Stoltenberg speaks again: the same people, three stories.
    items = story_items(
        demo_items,
        "putin-kim-treaty-2024-06-19",
        "putin-vietnam-visit-2024-06-20",
        "nato-washington-summit-2024-07",
    )
    clusterer = StoryClusterer()
    clusterer.extend(arrival_order(featurize(items)))
    mixed = stories_by_gold(items, clusterer.assignments())
    assert all(len(gold) == 1 for gold in mixed.values()), dict(mixed)


def test_an_indonesian_and_an_english_report_of_one_quake_join(
    demo_items: list[GoldItem], featurize: Featurize
) -> None:
    quake = story_items(demo_items, "taiwan-hualien-earthquake-2024-04-03")
    english = next(i for i in quake if i.article.language == "en")
    indonesian = next(i for i in quake if i.article.language == "id")
    clusterer = StoryClusterer()
    clusterer.extend(arrival_order(featurize([english, indonesian])))
    assert clusterer.story_of(indonesian.article.id) == clusterer.story_of(english.article.id)
    summary = clusterer.summarize(clusterer.story_of(english.article.id))
    assert summary.languages == ("en", "id") or set(summary.languages) == {"en", "id"}
    assert summary.size == 2 and summary.headline


def test_same_input_gives_the_same_story_ids(
    demo_items: list[GoldItem], featurize: Featurize
) -> None:
    items = story_items(
        demo_items, "putin-kim-treaty-2024-06-19", "taiwan-hualien-earthquake-2024-04-03"
    )
    features = arrival_order(featurize(items))
    runs = []
    for _ in range(2):
        clusterer = StoryClusterer(ClusterOptions(index_backend="usearch"))
        clusterer.extend(features)
        runs.append((clusterer.assignments(), [c.as_dict() for c in clusterer.changes]))
    assert runs[0] == runs[1]
    # A story is named after the article that opened it.
    for story_id in set(runs[0][0].values()):
        assert story_id.startswith("story-")
        assert story_id.removeprefix("story-") in runs[0][0]


def test_story_ids_derive_from_the_first_article_and_readding_is_a_no_op() -> None:
    clusterer = StoryClusterer(ClusterOptions(index_backend="exact"), model=embedding_model())
    first = clusterer.add(article("a1", unit((0, 1.0))))
    assert first.opened and first.story_id == story_id_for("a1")
    second = clusterer.add(article("a2", unit((0, 1.0), (1, 0.1))))
    assert not second.opened and second.story_id == story_id_for("a1")
    again = clusterer.add(article("a2", unit((7, 1.0))))
    assert again.story_id == story_id_for("a1") and len(clusterer) == 1


def test_late_evidence_merges_two_stories_and_the_merge_is_recorded() -> None:
    model = embedding_model(slope=10.0, centre=0.5, join=0.5, merge=0.2)
    clusterer = StoryClusterer(ClusterOptions(index_backend="exact"), model=model)
    clusterer.add(article("a", unit((0, 1.0))))
    clusterer.add(article("b", unit((1, 1.0))))
    assert len(clusterer) == 2
    # Close to both at the merge threshold: joins one and links the two, which merge.
    bridge = clusterer.add(article("c", unit((0, 1.0), (1, 1.0))))
    assert len(clusterer) == 1
    (change,) = bridge.changes
    assert change.kind is ChangeKind.MERGE
    assert change.before == (story_id_for("a"), story_id_for("b"))
    assert change.after == (story_id_for("a"),)  # the older story keeps its id
    assert change.article_ids == ("b",) and change.trigger == "c"
    assert clusterer.changes == [change]
    assert clusterer.story_of("b") == story_id_for("a")


def test_a_dormant_story_takes_no_more_dated_articles() -> None:
    options = ClusterOptions(index_backend="exact", window=timedelta(days=2), merge=False)
    clusterer = StoryClusterer(options, model=embedding_model())
    clusterer.add(article("old", unit((0, 1.0)), day=1))
    late = clusterer.add(article("late", unit((0, 1.0)), day=10))
    assert late.opened
    undated = clusterer.add(article("undated", unit((0, 1.0)), day=None))
    assert not undated.opened  # no date: any story in the index may take it
    assert clusterer.expire(clusterer.stories[story_id_for("late")].last_seen) == [
        story_id_for("old")
    ]
    assert story_id_for("old") not in clusterer.index


def test_restore_rebuilds_the_state_without_redeciding() -> None:
    model = embedding_model()
    a, b = article("a", unit((0, 1.0))), article("b", unit((1, 1.0)))
    clusterer = StoryClusterer.restore(
        {"story-x": [a, b]}, ClusterOptions(index_backend="exact"), model=model
    )
    assert clusterer.story_of("b") == "story-x" and len(clusterer) == 1
    assert clusterer.add(article("c", unit((0, 1.0)))).story_id == "story-x"


@pytest.mark.parametrize(
    "settings",
    [
        {"window": timedelta(0)},
        {"join_threshold": 1.5},
        {"neighbours": 0, "key_candidates": 0},
        {"index_backend": "faiss"},
        {"weights": Path("/nonexistent/model.json")},
        {"batch_weights": Path("/nonexistent/batch_model.json")},
    ],
)
def test_options_refuse_bad_settings(settings: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        ClusterOptions(**settings)  # type: ignore[arg-type]
