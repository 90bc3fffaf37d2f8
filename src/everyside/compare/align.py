"""Align statements across articles: which sentences in different outlets say the same thing.

Similarity is the cosine of multilingual sentence embeddings, so an Indonesian sentence
aligns with its English counterpart, plus a small bonus for the entities and numbers two
sentences share. Groups grow greedily from the most similar pair down, under two
constraints: a group holds at most one sentence per article (a sentence is the same
*statement* in another article, not a repetition within one), and every pair inside a
group reaches ``link_floor`` (no chaining of unrelated sentences through a middle one).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from .options import CompareOptions
from .results import Coverage, Statement, StatementGroup

# Added to the cosine when two sentences share all their entities or numbers: enough to
# tip a borderline paraphrase, too little to align sentences that merely share a name.
ENTITY_BONUS = 0.06
NUMBER_BONUS = 0.04


def _jaccard_matrix(sets: Sequence[frozenset[str]]) -> NDArray[np.float32]:
    """Pairwise Jaccard similarity of sets; 0.0 where either set is empty."""
    vocabulary = {item: k for k, item in enumerate(sorted(set().union(*sets)))}
    indicator = np.zeros((len(sets), len(vocabulary)), dtype=np.float32)
    for row, items in enumerate(sets):
        indicator[row, [vocabulary[item] for item in items]] = 1.0
    shared = indicator @ indicator.T
    sizes = indicator.sum(axis=1)
    union = sizes[:, None] + sizes[None, :] - shared
    jaccard: NDArray[np.float32] = np.divide(
        shared, union, out=np.zeros_like(shared), where=union > 0
    )
    return jaccard


def statement_similarity(
    embeddings: NDArray[np.float32],
    entities: Sequence[frozenset[str]],
    numbers: Sequence[frozenset[str]],
) -> NDArray[np.float32]:
    """Pairwise similarity of statements: cosine plus shared-entity and shared-number bonuses."""
    similarity: NDArray[np.float32] = embeddings @ embeddings.T
    if len(entities):
        similarity += ENTITY_BONUS * _jaccard_matrix(entities)
        similarity += NUMBER_BONUS * _jaccard_matrix(numbers)
    return similarity


def coverage_of(outlet_count: int, total_outlets: int, options: CompareOptions) -> Coverage:
    """Consensus when most outlets carry a statement, outlet-only when one of several does."""
    if total_outlets > 1 and outlet_count == 1:
        return Coverage.OUTLET_ONLY
    # "Most" is more than the share: two of four outlets is not a consensus.
    if (
        outlet_count >= min(2, total_outlets)
        and outlet_count > options.consensus_share * total_outlets
    ):
        return Coverage.CONSENSUS
    return Coverage.SHARED


def align_statements(
    statements: Sequence[Statement],
    similarity: NDArray[np.float32],
    outlets: Sequence[str],
    options: CompareOptions,
) -> list[StatementGroup]:
    """Group statements that say the same thing; most important group first."""
    count = len(statements)
    members: list[list[int]] = [[i] for i in range(count)]
    group_of = list(range(count))
    pairs = [
        (float(similarity[i, j]), i, j)
        for i in range(count)
        for j in range(i + 1, count)
        if statements[i].article_id != statements[j].article_id
        and similarity[i, j] >= _threshold(statements[i], statements[j], options)
    ]
    # Highest similarity first; indices break ties so the result never depends on sort order.
    for _, i, j in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        a, b = group_of[i], group_of[j]
        if a == b or not _can_merge(members[a], members[b], statements, similarity, options):
            continue
        members[a].extend(members[b])
        for k in members[b]:
            group_of[k] = a
        members[b] = []
    _absorb_repeats(members, group_of, statements, similarity, options)
    groups = [
        _group(
            sorted(m, key=lambda k: (outlets.index(statements[k].outlet), k)),
            statements,
            similarity,
            len(outlets),
            options,
        )
        for m in members
        if m
    ]
    groups.sort(
        key=lambda g: (-g.importance, g.statements[0].article_id, g.statements[0].span.start)
    )
    for number, group in enumerate(groups, start=1):
        group.id = number
    return groups


def _threshold(a: Statement, b: Statement, options: CompareOptions) -> float:
    if a.language == b.language:
        return options.align_threshold
    return options.cross_language_threshold


def _absorb_repeats(
    members: list[list[int]],
    group_of: list[int],
    statements: Sequence[Statement],
    similarity: NDArray[np.float32],
    options: CompareOptions,
) -> None:
    """Let a sentence that restates one of its article's aligned statements join that group.

    Articles often say their lead twice (a summary line, then the body); the second saying
    is not a statement only its outlet makes.
    """
    for i in range(len(statements)):
        if len(members[group_of[i]]) > 1:
            continue
        best, best_score = None, 0.0
        for j in range(len(statements)):
            group = members[group_of[j]]
            if (
                len(group) > 1
                and statements[j].article_id != statements[i].article_id
                and similarity[i, j]
                >= max(best_score, _threshold(statements[i], statements[j], options))
                and similarity[i, group].min() >= options.link_floor
            ):
                best, best_score = group_of[j], float(similarity[i, j])
        if best is not None:
            members[best].append(i)
            members[group_of[i]] = []
            group_of[i] = best


def _can_merge(
    a: list[int],
    b: list[int],
    statements: Sequence[Statement],
    similarity: NDArray[np.float32],
    options: CompareOptions,
) -> bool:
    if {statements[k].article_id for k in a} & {statements[k].article_id for k in b}:
        return False
    return bool(similarity[np.ix_(a, b)].min() >= options.link_floor)


def _group(
    indices: list[int],
    statements: Sequence[Statement],
    similarity: NDArray[np.float32],
    total_outlets: int,
    options: CompareOptions,
) -> StatementGroup:
    group_outlets = list(dict.fromkeys(statements[k].outlet for k in indices))
    if len(indices) > 1:
        block = similarity[np.ix_(indices, indices)]
        mean_similarity = float(
            (block.sum() - np.trace(block)) / (len(indices) * (len(indices) - 1))
        )
    else:
        mean_similarity = 1.0
    mean_position = sum(statements[k].position for k in indices) / len(indices)
    # Carried by more outlets first; among equals, what the articles put earlier.
    importance = len(group_outlets) / total_outlets * (1.0 - 0.5 * mean_position)
    return StatementGroup(
        id=0,
        statements=[statements[k] for k in indices],
        outlets=group_outlets,
        coverage=coverage_of(len(group_outlets), total_outlets, options),
        importance=round(importance, 4),
        similarity=round(min(mean_similarity, 1.0), 4),
    )
