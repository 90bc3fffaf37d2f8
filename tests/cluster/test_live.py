"""Re-clustering the recent window: what moves, what keeps its id, what never moves."""

from __future__ import annotations

from everyside.cluster import ClusterOptions, StoryClusterer
from everyside.cluster.live import members_by_story, recluster_recent, reconciled
from everyside.model import ArticleFeatures, ChangeKind
from tests.cluster.helpers import article, embedding_model, unit

OPTIONS = ClusterOptions(index_backend="exact")
X, Y = unit((0, 1.0)), unit((1, 1.0))


def _streamed_apart(features: list[ArticleFeatures]) -> dict[str, list[ArticleFeatures]]:
    """Each article in a story of its own: a streaming model that never joins."""
    clusterer = StoryClusterer(OPTIONS, model=embedding_model(centre=2.0))
    clusterer.extend(features)
    return members_by_story(clusterer, {f.article_id: f for f in features})


def test_the_window_is_reclustered_with_the_batch_model_and_merges_are_reported() -> None:
    features = [article(f"a{day}", X, day=day) for day in (1, 2, 3)]
    features += [article(f"b{day}", Y, day=day) for day in (1, 2)]
    stories = _streamed_apart(features)
    assert len(stories) == 5
    found = recluster_recent(
        stories, [f.article_id for f in features], OPTIONS, model=embedding_model()
    )
    assert found.moved == {"a2": "story-a1", "a3": "story-a1", "b2": "story-b1"}
    assert found.removed == ["story-a2", "story-a3", "story-b2"]
    assert found.touched == {"story-a1", "story-b1"}
    assert found.reclustered == 5
    merges = {change.before for change in found.changes if change.kind is ChangeKind.MERGE}
    assert merges == {("story-a1", "story-a2", "story-a3"), ("story-b1", "story-b2")}
    after = reconciled(stories, found)
    assert {s: [f.article_id for f in m] for s, m in after.items()} == {
        "story-a1": ["a1", "a2", "a3"],
        "story-b1": ["b1", "b2"],
    }


def test_articles_outside_the_window_never_move() -> None:
    features = [article(i, X) for i in ("a1", "a2", "a3")]
    stories = _streamed_apart(features)
    found = recluster_recent(stories, ["a2", "a3"], OPTIONS, model=embedding_model())
    assert found.moved == {"a3": "story-a2"}
    assert "a1" not in found.moved and "story-a1" not in found.touched


def test_nothing_to_do_for_one_recent_article_or_a_window_that_holds() -> None:
    features = [article(i, X) for i in ("a1", "a2")]
    stories = _streamed_apart(features)
    assert not recluster_recent(stories, ["a2"], OPTIONS, model=embedding_model())
    together = {"story-a1": features}
    found = recluster_recent(together, ["a1", "a2"], OPTIONS, model=embedding_model())
    assert not found and found.reclustered == 2
    assert reconciled(together, found) == together


def test_the_older_part_of_a_story_too_large_to_take_stays_and_keeps_the_id() -> None:
    big = [article(f"s{i}", X) for i in range(1, 6)]
    stray = article("t1", X)
    stories = {"story-s1": big, "story-t1": [stray]}
    found = recluster_recent(
        stories,
        ["s5", "t1"],
        ClusterOptions(index_backend="exact", recluster_window=1),
        model=embedding_model(),
    )
    assert found.reclustered == 2  # the window's two articles, no room for s1..s4
    assert found.moved == {"t1": "story-s1"}
    assert found.removed == ["story-t1"]
    assert [f.article_id for f in reconciled(stories, found)["story-s1"]] == [
        "s1",
        "s2",
        "s3",
        "s4",
        "s5",
        "t1",
    ]


def test_a_new_cluster_never_takes_the_id_of_a_story_outside_the_window() -> None:
    # "story-x1" was named after an article that has since moved; it keeps x9.
    stories = {
        "story-x1": [article("x9", Y)],
        "story-q2": [article("q2", X), article("x1", unit((2, 1.0)))],
    }
    found = recluster_recent(stories, ["q2", "x1"], OPTIONS, model=embedding_model())
    assert found.moved.keys() == {"x1"}
    assert found.moved["x1"] != "story-x1" and found.moved["x1"].startswith("story-x1")
    assert ChangeKind.SPLIT in {change.kind for change in found.changes}
