"""Live stories that converge to a rebuild: re-cluster the recent window with the batch model.

Streaming decides each article once, on what has arrived before it; the batch rebuild
sees every article at once and is markedly better (ECB+ dev B³ F1 0.97 against 0.91).
So after each round of streaming, the articles that arrived last (``window`` of them)
are clustered again with :func:`~everyside.cluster.batch.rebuild`, together with the
other articles of the stories they are in, and the outcome is reconciled with the
stories as stored, the way Europe Media Monitor rebuilds its recent clusters every few
minutes:

- a story keeps its id while a new cluster continues most of its articles
  (:func:`~everyside.cluster.batch.rebuild` given the previous assignment);
- every merge and split is reported as a :class:`~everyside.model.StoryChange`;
- articles outside the window, and stories none of its articles is in, never move; so
  does the older part of a story too large to take in whole (its "anchor").

The cost is bounded by the window, not by the store.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from everyside.cluster.batch import rebuild
from everyside.cluster.options import ClusterOptions
from everyside.cluster.scoring import PairModel
from everyside.cluster.stream import StoryClusterer, arrival_order
from everyside.model import ArticleFeatures, StoryChange


@dataclass(slots=True)
class Reconciliation:
    """What re-clustering the window changed.

    Attributes:
        moved: article id -> its new story, for every article that changed story.
        changes: the merges and splits, in the rebuild's terms.
        removed: stories left without any article.
        touched: stories whose articles changed (new ones included), not removed.
        reclustered: how many articles the rebuild saw.
    """

    moved: dict[str, str] = field(default_factory=dict)
    changes: list[StoryChange] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    touched: set[str] = field(default_factory=set)
    reclustered: int = 0

    def __bool__(self) -> bool:
        return bool(self.moved)


def recluster_recent(
    stories: Mapping[str, Sequence[ArticleFeatures]],
    recent: Sequence[str],
    options: ClusterOptions | None = None,
    *,
    model: PairModel | None = None,
    reserved: AbstractSet[str] = frozenset(),
) -> Reconciliation:
    """Re-cluster the ``recent`` articles and the stories they are in; say what moved.

    Args:
        stories: story id -> its articles' features in arrival order: every story, or
            at least those holding a recent article (the others then in ``reserved``).
        recent: the ids of the articles in the window (any order; unknown ids ignored).
        options: clustering settings; ``recluster_window`` caps how many articles of the
            recent stories are taken beside the window (the most recent ones first).
        model: the batch pair model; defaults to the options' batch weights.
        reserved: ids of stories not in ``stories`` that no new cluster may take.
    """
    options = options or ClusterOptions()
    story_of = {f.article_id: story_id for story_id, members in stories.items() for f in members}
    window = {article_id for article_id in recent if article_id in story_of}
    if len(window) < 2:
        return Reconciliation()
    touched = sorted({story_of[a] for a in window})
    taken = _taken_articles(stories, touched, window, 2 * max(options.recluster_window, 1))
    previous = {f.article_id: story_of[f.article_id] for f in taken}
    anchored = {
        story_id
        for story_id in touched
        if any(f.article_id not in previous for f in stories[story_id])
    }
    # New clusters must not take the id of a story that keeps articles outside the rebuild.
    outside = ((set(stories) | reserved) - set(touched)) | anchored
    result = rebuild(taken, options, model=model, previous=previous, reserved=outside)
    moved = {a: s for a, s in result.assignments.items() if previous[a] != s}
    if not moved:
        return Reconciliation(reclustered=len(taken))
    remaining = {
        story_id for story_id in touched if story_id in result.stories or story_id in anchored
    }
    new_touched = {moved[a] for a in moved} | {previous[a] for a in moved}
    return Reconciliation(
        moved=moved,
        changes=list(result.changes),
        removed=sorted(set(touched) - remaining),
        touched={s for s in new_touched if s in result.stories or s in anchored},
        reclustered=len(taken),
    )


def _taken_articles(
    stories: Mapping[str, Sequence[ArticleFeatures]],
    touched: Sequence[str],
    window: set[str],
    limit: int,
) -> list[ArticleFeatures]:
    """The window's articles and, up to ``limit`` in all, the other articles of their stories.

    Each story's most recent articles come first, taken round-robin across the stories
    so that one large story cannot crowd out the others.
    """
    taken = [f for story_id in touched for f in stories[story_id] if f.article_id in window]
    others = [
        [f for f in reversed(stories[story_id]) if f.article_id not in window]
        for story_id in touched
    ]
    depth = 0
    while len(taken) < limit and any(depth < len(rest) for rest in others):
        for rest in others:
            if depth < len(rest) and len(taken) < limit:
                taken.append(rest[depth])
        depth += 1
    return taken


def reconciled(
    stories: Mapping[str, Sequence[ArticleFeatures]], found: Reconciliation
) -> dict[str, list[ArticleFeatures]]:
    """The stories after ``found``: story id -> its articles, stories in opening order.

    Articles that moved come after the articles their new story kept, in
    :func:`~everyside.cluster.stream.arrival_order`; new stories come last.
    """
    if not found:
        return {story_id: list(members) for story_id, members in stories.items()}
    after: dict[str, list[ArticleFeatures]] = {}
    arrivals: dict[str, list[ArticleFeatures]] = {}
    for story_id, members in stories.items():
        after[story_id] = [f for f in members if f.article_id not in found.moved]
        for item in members:
            if item.article_id in found.moved:
                arrivals.setdefault(found.moved[item.article_id], []).append(item)
    for story_id, joined in arrivals.items():
        after[story_id] = [*after.get(story_id, []), *arrival_order(joined)]
    return {story_id: members for story_id, members in after.items() if members}


def members_by_story(
    clusterer: StoryClusterer, features: Mapping[str, ArticleFeatures]
) -> dict[str, list[ArticleFeatures]]:
    """The clusterer's stories as story id -> its articles' ``features``, in order."""
    return {
        story_id: [features[article_id] for article_id in story.article_ids]
        for story_id, story in clusterer.stories.items()
    }
