"""Batch re-clustering: average-linkage agglomeration over the learned pair probability.

``rebuild`` sees every article at once, so the IDF is fitted on all of them and no
decision depends on arrival order:

1. candidate pairs come from the same indexes streaming uses (nearest embeddings and
   shared rare keys), so the cost stays near-linear in the number of articles;
2. the pair model scores each candidate pair (article↔article);
3. clusters merge, most similar first, while the average pair probability between them
   (pairs never proposed count as 0) reaches the batch threshold;
4. articles left in small clusters are compared, as streaming compares them, with the
   large clusters (article↔story) and move to the most probable one when it reaches the
   join threshold: average linkage alone leaves articles with an unusual angle behind;
5. the articles are also streamed once with the complete IDF, and of the two partitions
   the one the model prefers is kept: the larger sum, over pairs in one cluster, of the
   log-odds above the batch threshold (a correlation-clustering objective). So a
   rebuild never does worse than a streaming pass by the model's own measure.

Given the previous assignment, each new cluster keeps the id of the old story it shares
most articles with, and every split or merge of an old story is reported as a
:class:`~everyside.cluster.stream.StoryChange`.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from everyside.cluster.features import EMBEDDING_DIM, ArticleFeatures, DocumentFrequencies
from everyside.cluster.index import CandidateIndex
from everyside.cluster.options import ClusterOptions
from everyside.cluster.profile import StoryProfile, pair_features
from everyside.cluster.scoring import PairModel, load_model
from everyside.cluster.stream import (
    ChangeKind,
    StoryChange,
    StoryClusterer,
    arrival_order,
    index_keys,
    story_id_for,
)

# Each article is compared with this many candidates from each index.
BATCH_NEIGHBOURS = 20
# Clusters smaller than this after agglomeration offer their articles to larger ones.
CORE_SIZE = 3


@dataclass(slots=True)
class Rebuild:
    """The outcome of a batch re-clustering."""

    assignments: dict[str, str]
    stories: dict[str, StoryProfile]
    changes: list[StoryChange] = field(default_factory=list)
    terms_df: DocumentFrequencies = field(default_factory=DocumentFrequencies)
    entities_df: DocumentFrequencies = field(default_factory=DocumentFrequencies)

    def clusterer(
        self, features: Sequence[ArticleFeatures], options: ClusterOptions | None = None
    ) -> StoryClusterer:
        """A streaming clusterer that continues from this result."""
        by_id = {f.article_id: f for f in features}
        members = {
            story_id: [by_id[a] for a in story.article_ids]
            for story_id, story in self.stories.items()
        }
        return StoryClusterer.restore(
            members, options, terms_df=self.terms_df, entities_df=self.entities_df
        )


def candidate_pairs(
    features: Sequence[ArticleFeatures],
    terms_df: DocumentFrequencies,
    entities_df: DocumentFrequencies,
    options: ClusterOptions,
) -> list[tuple[int, int]]:
    """Index pairs (i < j) worth scoring, found with the streaming indexes."""
    if len(features) <= 2 * BATCH_NEIGHBOURS:
        return [(i, j) for i in range(len(features)) for j in range(i + 1, len(features))]
    index = CandidateIndex(
        EMBEDDING_DIM,
        backend=options.index_backend,
        neighbours=BATCH_NEIGHBOURS,
        key_candidates=BATCH_NEIGHBOURS,
        max_scan=options.max_scan,
    )
    keys = [index_keys(f, terms_df, entities_df, options.keys_per_article) for f in features]
    for position, item in enumerate(features):
        index.add(str(position), item.embedding, keys[position])
    pairs: set[tuple[int, int]] = set()
    for position, item in enumerate(features):
        for other in index.query(item.embedding, keys[position]):
            j = int(other)
            if j != position:
                pairs.add((min(position, j), max(position, j)))
    return sorted(pairs)


def average_linkage(
    size: int, edges: Mapping[tuple[int, int], float], threshold: float
) -> list[list[int]]:
    """Clusters of ``range(size)`` merged while the average edge weight reaches ``threshold``.

    Missing edges weigh 0. Ties merge the pair with the smallest indices first.
    """
    members: dict[int, list[int]] = {i: [i] for i in range(size)}
    links: dict[int, dict[int, float]] = defaultdict(dict)
    for (i, j), weight in edges.items():
        links[i][j] = links[i].get(j, 0.0) + weight
        links[j][i] = links[j].get(i, 0.0) + weight
    heap: list[tuple[float, int, int]] = []
    for i, neighbours in links.items():
        for j, total in neighbours.items():
            if i < j and total >= threshold:
                heapq.heappush(heap, (-total, i, j))
    while heap:
        negative, a, b = heapq.heappop(heap)
        if a not in members or b not in members:
            continue
        total = links[a].get(b, 0.0)
        average = total / (len(members[a]) * len(members[b]))
        if abs(average + negative) > 1e-12:
            continue  # stale entry: sizes or links changed since it was pushed
        if average < threshold:
            continue
        # b joins a: links of b move to a.
        members[a].extend(members.pop(b))
        for c, weight in links.pop(b).items():
            if c == a:
                continue
            links[c].pop(b, None)
            links[a][c] = links[a].get(c, 0.0) + weight
            links[c][a] = links[a][c]
        links[a].pop(b, None)
        for c, weight in links[a].items():
            score = weight / (len(members[a]) * len(members[c]))
            if score >= threshold:
                heapq.heappush(heap, (-score, min(a, c), max(a, c)))
    return [sorted(group) for _, group in sorted(members.items())]


def reattach(
    features: Sequence[ArticleFeatures],
    groups: list[list[int]],
    model: PairModel,
    threshold: float,
    terms_df: DocumentFrequencies,
    entities_df: DocumentFrequencies,
) -> list[list[int]]:
    """Move articles of small groups into the large group they most probably belong to."""
    cores = [group for group in groups if len(group) >= CORE_SIZE]
    if not cores:
        return groups
    profiles = []
    for group in cores:
        profile = StoryProfile()
        for position in group:
            profile.add(features[position])
        profiles.append(profile)
    kept: list[list[int]] = []
    for group in groups:
        if len(group) >= CORE_SIZE:
            continue
        stay = []
        for position in group:
            item = features[position]
            single = StoryProfile.of(item)
            rows = [
                pair_features(single, core, terms_df, entities_df, centroid_a=item.embedding)
                for core in profiles
            ]
            probabilities = model.probability(np.asarray(rows))
            best = int(np.argmax(probabilities))
            if probabilities[best] >= threshold:
                cores[best].append(position)
            else:
                stay.append(position)
        if stay:
            kept.append(stay)
    return [sorted(group) for group in [*cores, *kept]]


def _stream_groups(
    ordered: Sequence[ArticleFeatures],
    options: ClusterOptions,
    model: PairModel,
    terms_df: DocumentFrequencies,
    entities_df: DocumentFrequencies,
) -> list[list[int]]:
    clusterer = StoryClusterer(options, model=model, terms_df=terms_df, entities_df=entities_df)
    for item in ordered:
        clusterer.add(item, update_frequencies=False)
    position = {item.article_id: i for i, item in enumerate(ordered)}
    groups = [
        sorted(position[a] for a in story.article_ids) for story in clusterer.stories.values()
    ]
    return sorted(groups)


class _PartitionScore:
    """Sum over same-cluster pairs of log-odds minus the threshold's log-odds."""

    def __init__(
        self,
        ordered: Sequence[ArticleFeatures],
        profiles: Sequence[StoryProfile],
        model: PairModel,
        threshold: float,
        edges: Mapping[tuple[int, int], float],
        terms_df: DocumentFrequencies,
        entities_df: DocumentFrequencies,
    ) -> None:
        self.profiles = profiles
        self.model = model
        self.offset = math.log(threshold / (1 - threshold))
        self.terms_df, self.entities_df = terms_df, entities_df
        self.cache: dict[tuple[int, int], float] = {
            pair: math.log(max(p, 1e-9) / max(1 - p, 1e-9)) for pair, p in edges.items()
        }

    def __call__(self, groups: Sequence[Sequence[int]]) -> float:
        missing = [
            (i, j)
            for group in groups
            for x, i in enumerate(group)
            for j in group[x + 1 :]
            if (i, j) not in self.cache
        ]
        if missing:
            rows = [
                pair_features(self.profiles[i], self.profiles[j], self.terms_df, self.entities_df)
                for i, j in missing
            ]
            for pair, value in zip(missing, self.model.decision(np.asarray(rows)), strict=True):
                self.cache[pair] = float(value)
        return sum(
            self.cache[(i, j)] - self.offset
            for group in groups
            for x, i in enumerate(group)
            for j in group[x + 1 :]
        )


def rebuild(
    features: Sequence[ArticleFeatures],
    options: ClusterOptions | None = None,
    *,
    model: PairModel | None = None,
    previous: Mapping[str, str] | None = None,
) -> Rebuild:
    """Re-cluster all articles at once (see the module doc).

    Args:
        features: every article's features (any order; duplicates by id are ignored).
        options: settings (``batch_threshold``, index settings, weights).
        model: the pair model; defaults to the options' weights.
        previous: the current article id -> story id assignment, to keep ids stable and
            report what changed.
    """
    options = options or ClusterOptions()
    model = model or load_model(options.weights)
    threshold = options.batch_threshold or model.batch_threshold
    unique: dict[str, ArticleFeatures] = {}
    for item in features:
        unique.setdefault(item.article_id, item)
    ordered = arrival_order(unique.values())
    terms_df, entities_df = DocumentFrequencies(), DocumentFrequencies()
    for item in ordered:
        terms_df.add(item.terms)
        entities_df.add(item.entities)
    profiles = [StoryProfile.of(item) for item in ordered]
    pairs = candidate_pairs(ordered, terms_df, entities_df, options)
    edges: dict[tuple[int, int], float] = {}
    if pairs:
        rows = [pair_features(profiles[i], profiles[j], terms_df, entities_df) for i, j in pairs]
        probabilities = model.probability(np.asarray(rows))
        edges = {pair: float(p) for pair, p in zip(pairs, probabilities, strict=True)}
    groups = average_linkage(len(ordered), edges, threshold)
    join = options.join_threshold or model.join_threshold
    groups = reattach(ordered, groups, model, join, terms_df, entities_df)
    streamed = _stream_groups(ordered, options, model, terms_df, entities_df)
    if streamed != groups:
        scorer = _PartitionScore(ordered, profiles, model, threshold, edges, terms_df, entities_df)
        if scorer(streamed) > scorer(groups):
            groups = streamed
    stories: dict[str, StoryProfile] = {}
    for group in sorted(groups):
        profile = StoryProfile()
        for position in group:
            profile.add(ordered[position])
        stories[story_id_for(ordered[group[0]].article_id)] = profile
    stories, changes = _stabilize(stories, previous or {})
    assignments = {a: story_id for story_id, s in stories.items() for a in s.article_ids}
    return Rebuild(assignments, stories, changes, terms_df, entities_df)


def _stabilize(
    stories: dict[str, StoryProfile], previous: Mapping[str, str]
) -> tuple[dict[str, StoryProfile], list[StoryChange]]:
    """Give new clusters the ids of the old stories they continue; list splits and merges."""
    if not previous:
        return stories, []
    overlaps = []
    for new_id, story in stories.items():
        counts = Counter(previous[a] for a in story.article_ids if a in previous)
        for old_id, count in counts.items():
            overlaps.append((-count, old_id, new_id))
    claimed_old: set[str] = set()
    renamed: dict[str, str] = {}
    for _, old_id, new_id in sorted(overlaps):
        if old_id not in claimed_old and new_id not in renamed:
            claimed_old.add(old_id)
            renamed[new_id] = old_id
    taken = set(renamed.values())
    final: dict[str, StoryProfile] = {}
    for new_id, story in stories.items():
        final_id = renamed.get(new_id, new_id)
        if final_id in final or (new_id not in renamed and final_id in taken):
            final_id = f"{final_id}-{len(final)}"  # an old id already in use elsewhere
        final[final_id] = story
    changes: list[StoryChange] = []
    old_members: dict[str, list[str]] = defaultdict(list)
    for article_id, old_id in previous.items():
        old_members[old_id].append(article_id)
    now = {a: story_id for story_id, s in final.items() for a in s.article_ids}
    for old_id in sorted(old_members):
        after = sorted({now[a] for a in old_members[old_id] if a in now})
        if len(after) > 1:
            moved = tuple(sorted(a for a in old_members[old_id] if now.get(a) != old_id))
            changes.append(
                StoryChange(
                    kind=ChangeKind.SPLIT, before=(old_id,), after=tuple(after), article_ids=moved
                )
            )
    for new_id in sorted(final):
        before = sorted({previous[a] for a in final[new_id].article_ids if a in previous})
        if len(before) > 1:
            moved = tuple(sorted(a for a in final[new_id].article_ids if previous.get(a) != new_id))
            changes.append(
                StoryChange(
                    kind=ChangeKind.MERGE, before=tuple(before), after=(new_id,), article_ids=moved
                )
            )
    return final, changes
