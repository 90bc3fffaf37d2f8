"""Batch rebuild: average linkage, stable ids, and recorded splits and merges."""

from __future__ import annotations

from pathlib import Path

from everyside.cluster import ClusterOptions, rebuild, story_id_for
from everyside.cluster.batch import attach_sure_pairs, average_linkage, bridge
from everyside.cluster.features import DocumentFrequencies
from everyside.cluster.scoring import load_model
from everyside.evaluate.clustering import GoldItem
from everyside.model import ChangeKind
from tests.cluster.conftest import Featurize, stories_by_gold, story_items
from tests.cluster.helpers import article, embedding_model, unit

OPTIONS = ClusterOptions(index_backend="exact")


def test_average_linkage_merges_while_the_average_reaches_the_threshold() -> None:
    edges = {(0, 1): 0.9, (1, 2): 0.8, (0, 2): 0.1, (2, 3): 0.3}
    # {0,1} first; then {0,1}-{2} averages (0.8 + 0.1) / 2 = 0.45.
    assert average_linkage(4, edges, 0.5) == [[0, 1], [2], [3]]
    assert average_linkage(4, edges, 0.4) == [[0, 1, 2], [3]]


def test_an_article_left_alone_joins_the_story_of_its_near_certain_partner() -> None:
    groups = [[0, 1, 2], [3], [4]]
    edges = {(0, 1): 0.9, (1, 2): 0.9, (2, 3): 0.95, (1, 3): 0.2, (0, 4): 0.6}
    assert attach_sure_pairs(groups, edges, 0.9) == [[0, 1, 2, 3], [4]]
    assert attach_sure_pairs(groups, edges, 0.99) == groups


def test_bridge_merges_groups_one_article_belongs_to() -> None:
    features = [
        article("a1", unit((0, 1.0))),
        article("a2", unit((0, 1.0), (1, 0.8))),  # belongs to {a1} and to {b1}
        article("b1", unit((1, 1.0))),
        article("c1", unit((2, 1.0))),
    ]
    model = embedding_model(slope=10.0, centre=0.5)
    edges = {(0, 1): 0.9, (1, 2): 0.7, (2, 3): 0.1}
    frequencies = DocumentFrequencies()
    groups = [[0, 1], [2], [3]]
    merged = bridge(features, groups, edges, model, 0.6, frequencies, frequencies, link=0.6)
    assert merged == [[0, 1, 2], [3]]
    # A stricter threshold: a2 no longer belongs to b1's group.
    strict = bridge(features, groups, edges, model, 0.8, frequencies, frequencies, link=0.6)
    assert strict == [[0, 1], [2], [3]]


def test_bridge_does_not_carry_the_end_of_a_chain_into_the_other_story() -> None:
    # a1-a3 report story A; ab covers A and B and was grouped with b1, which covers B
    # alone. ab belongs to A and to its own group, but b1 has no link to A's articles.
    features = [
        *(article(f"a{i}", unit((0, 1.0))) for i in (1, 2, 3)),
        article("ab", unit((0, 1.0), (1, 1.0))),
        article("b1", unit((1, 1.0))),
    ]
    model = embedding_model(slope=10.0, centre=0.5)
    edges = {(0, 1): 0.99, (0, 2): 0.99, (1, 2): 0.99, (3, 4): 0.89}
    edges.update({(i, 3): 0.89 for i in range(3)})
    edges.update({(i, 4): 0.01 for i in range(3)})
    frequencies = DocumentFrequencies()
    groups = [[0, 1, 2], [3, 4]]
    merged = bridge(features, groups, edges, model, 0.6, frequencies, frequencies, link=0.6)
    assert merged == [[0, 1, 2, 3], [4]]


def test_rebuild_keeps_different_events_sharing_actors_apart(
    demo_items: list[GoldItem], featurize: Featurize
) -> None:
    # Stoltenberg speaks in the treaty story and again at the NATO summit three weeks
    # later; an article about the summit once reached the treaty story through a chain.
    # The whole corpus is rebuilt: the IDF of these two stories' ten articles alone is
    # not what a store would have.
    items = story_items(demo_items, *{item.cluster for item in demo_items})
    result = rebuild(featurize(items), OPTIONS)
    mixed = stories_by_gold(items, result.assignments)
    assert all(len(gold) == 1 for gold in mixed.values()), dict(mixed)
    assert len(mixed) == len({item.cluster for item in items})


def test_rebuild_groups_articles_and_names_stories_after_their_first_article() -> None:
    features = [
        article("a1", unit((0, 1.0)), day=1),
        article("b1", unit((1, 1.0)), day=2),
        article("a2", unit((0, 1.0), (2, 0.1)), day=3),
    ]
    result = rebuild(features, OPTIONS, model=embedding_model())
    assert result.assignments == {
        "a1": story_id_for("a1"),
        "a2": story_id_for("a1"),
        "b1": story_id_for("b1"),
    }
    assert result.changes == []


def test_rebuild_keeps_old_ids_and_records_splits_and_merges() -> None:
    features = [
        article("a1", unit((0, 1.0)), day=1),
        article("a2", unit((0, 1.0)), day=1),
        article("b1", unit((1, 1.0)), day=1),
        article("c1", unit((2, 1.0)), day=1),
        article("c2", unit((2, 1.0)), day=1),
    ]
    previous = {
        "a1": "story-old-1",
        "a2": "story-old-1",
        "b1": "story-old-1",  # wrongly joined before: split off now
        "c1": "story-old-2",
        "c2": "story-old-3",  # wrongly apart before: merged now
    }
    result = rebuild(features, OPTIONS, model=embedding_model(), previous=previous)
    assert result.assignments["a1"] == result.assignments["a2"] == "story-old-1"
    assert result.assignments["c1"] == result.assignments["c2"]
    assert result.assignments["c1"] in {"story-old-2", "story-old-3"}
    kinds = {(c.kind, c.before) for c in result.changes}
    assert (ChangeKind.SPLIT, ("story-old-1",)) in kinds
    assert (ChangeKind.MERGE, ("story-old-2", "story-old-3")) in kinds
    split = next(c for c in result.changes if c.kind is ChangeKind.SPLIT)
    assert split.article_ids == ("b1",)
    clusterer = result.clusterer(features, OPTIONS)
    assert clusterer.story_of("b1") == result.assignments["b1"]


def test_rebuild_uses_the_batch_weights_it_is_given(tmp_path: Path) -> None:
    features = [
        article("a1", unit((0, 1.0)), day=1),
        article("a2", unit((0, 1.0), (2, 0.1)), day=1),
        article("b1", unit((1, 1.0)), day=1),
    ]
    weights = tmp_path / "batch_model.json"
    embedding_model().save(weights)
    options = ClusterOptions(index_backend="exact", batch_weights=weights)
    expected = rebuild(features, OPTIONS, model=embedding_model()).assignments
    assert rebuild(features, options).assignments == expected


def test_the_packaged_batch_model_was_learned_on_article_pairs() -> None:
    streaming, batch = load_model(), load_model(batch=True)
    assert batch.info["ecb_pair_rows"] > 0 and "ecb_stream_rows" in streaming.info
    assert 0 < batch.batch_threshold < 1
