"""Align statements across articles: which sentences in different outlets state the same fact.

The pair model (``pairs.py``) gives every two statements from different articles a
probability of stating the same fact. Groups grow greedily from the most probable pair
down, under two constraints: a merge never joins two groups holding the same article (a
group is one fact across outlets), and every pair inside a group reaches ``link_floor``
(no chaining of unrelated sentences through a middle one). A sentence that restates one
of its article's aligned statements then joins that group, and a sentence that surely
states a second group's fact too is in both.

A statement is only called one outlet's own, and an outlet only said to leave a fact
out, on evidence of absence: no sentence of the other article comes near
``absent_probability``. Between that and alignment, the comparison says "possibly
covered" and names the closest sentence.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from .options import CompareOptions
from .results import ClosestStatement, Coverage, Statement, StatementGroup

Matrix = NDArray[np.float32]


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
    probability: Matrix,
    outlets: Sequence[str],
    options: CompareOptions,
) -> list[StatementGroup]:
    """Group statements that state the same fact; most important group first."""
    members = _grow_groups(statements, probability, options)
    groups = [
        _group(
            sorted(m, key=lambda k: (outlets.index(statements[k].outlet), k)),
            statements,
            probability,
            outlets,
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


class _Partition:
    """Statements in groups: each group's statements, and each statement's group."""

    def __init__(self, count: int) -> None:
        self.members: list[list[int]] = [[i] for i in range(count)]
        self.group_of = list(range(count))

    def alone(self, i: int) -> bool:
        """Whether statement ``i`` is still a group of its own."""
        return len(self.members[self.group_of[i]]) == 1

    def merge(self, a: int, b: int) -> None:
        """Move every statement of group ``b`` into group ``a``."""
        for k in self.members[b]:
            self.group_of[k] = a
        self.members[a].extend(self.members[b])
        self.members[b] = []

    def move(self, i: int, group: int) -> None:
        """Move statement ``i`` (alone in its group) into ``group``."""
        self.merge(group, self.group_of[i])


def _grow_groups(
    statements: Sequence[Statement], probability: Matrix, options: CompareOptions
) -> list[list[int]]:
    groups = _Partition(len(statements))
    rows, columns = np.nonzero(np.triu(probability >= options.align_probability, k=1))
    # Most probable first; indices break ties so the result never depends on sort order.
    for i, j in sorted(
        zip(rows.tolist(), columns.tolist(), strict=True),
        key=lambda p: (-float(probability[p[0], p[1]]), p[0], p[1]),
    ):
        a, b = groups.group_of[i], groups.group_of[j]
        if a != b and _can_merge(
            groups.members[a], groups.members[b], statements, probability, options
        ):
            groups.merge(a, b)
    _join_by_group_evidence(groups, statements, probability, options)
    _absorb_repeats(groups, statements, probability, options)
    return _with_second_facts(groups, statements, probability, options)


def _with_second_facts(
    groups: _Partition,
    statements: Sequence[Statement],
    probability: Matrix,
    options: CompareOptions,
) -> list[list[int]]:
    """The groups, each also holding the sentences of other groups that surely state its fact.

    A lead often packs two facts another outlet states in two sentences; such a sentence
    is aligned with both (the gold's "also" facts), on a sure link only.
    """
    members = [list(group) for group in groups.members]
    for g, group in enumerate(groups.members):
        if len(group) < 2:
            continue
        inside = {statements[k].article_id for k in group}
        links = probability[:, group]
        sure = (links.max(axis=1) >= options.credit_probability) & (
            links.min(axis=1) >= options.link_floor
        )
        members[g] += [
            i
            for i in np.flatnonzero(sure).tolist()
            if groups.group_of[i] != g and statements[i].article_id not in inside
        ]
    return members


def _join_by_group_evidence(
    groups: _Partition,
    statements: Sequence[Statement],
    probability: Matrix,
    options: CompareOptions,
) -> None:
    """Let a lone statement join the group it matches best on average, when that is enough.

    In a story told by many outlets, a sentence that every member of a group finds
    fairly close (a translation, a paraphrase) states the group's fact even when no one
    pair reaches ``align_probability``.
    """
    for i in range(len(statements)):
        if not groups.alone(i):
            continue
        best, best_score = None, options.join_probability
        for g, group in enumerate(groups.members):
            if len(group) < 2 or any(
                statements[k].article_id == statements[i].article_id for k in group
            ):
                continue
            score = float(probability[i, group].mean())
            if score >= best_score and probability[i, group].min() >= options.link_floor:
                best, best_score = g, score
        if best is not None:
            groups.move(i, best)


def _absorb_repeats(
    groups: _Partition,
    statements: Sequence[Statement],
    probability: Matrix,
    options: CompareOptions,
) -> None:
    """Let a sentence that restates one of its article's aligned statements join that group.

    Articles often say their lead twice (a summary line, then the body); the second saying
    is not a statement only its outlet makes.
    """
    for i in range(len(statements)):
        if not groups.alone(i):
            continue
        # Only a sure link makes a restatement: a wrong one adds a false pair per member.
        for j in np.argsort(-probability[i], kind="stable").tolist():
            if probability[i, j] < options.credit_probability:
                break
            group = groups.members[groups.group_of[j]]
            # Its own article's sentences in the group are restatements, not links.
            others = [k for k in group if statements[k].article_id != statements[i].article_id]
            if len(group) > 1 and probability[i, others].min() >= options.link_floor:
                groups.move(i, groups.group_of[j])
                break


def _can_merge(
    a: list[int],
    b: list[int],
    statements: Sequence[Statement],
    probability: Matrix,
    options: CompareOptions,
) -> bool:
    if {statements[k].article_id for k in a} & {statements[k].article_id for k in b}:
        return False
    return bool(probability[np.ix_(a, b)].min() >= options.link_floor)


def _support(
    indices: list[int], statements: Sequence[Statement], probability: Matrix
) -> dict[str, float]:
    """Each outlet's best link into the group: how surely its statement belongs there."""
    support: dict[str, float] = {}
    for k in indices:
        others = [j for j in indices if statements[j].outlet != statements[k].outlet]
        best = float(probability[k, others].max()) if others else 0.0
        outlet = statements[k].outlet
        support[outlet] = round(max(support.get(outlet, 0.0), best), 4)
    return support


def _closest(
    indices: list[int],
    statements: Sequence[Statement],
    probability: Matrix,
    outlets: Sequence[str],
    options: CompareOptions,
) -> tuple[list[str], list[ClosestStatement]]:
    """Outlets outside the group with nothing close, and the closest sentence of the others."""
    inside = {statements[k].outlet for k in indices}
    scores = probability[indices].max(axis=0)
    best: dict[str, tuple[float, int]] = {}
    for j, statement in enumerate(statements):
        if statement.outlet in inside:
            continue
        score = float(scores[j])
        if score > best.get(statement.outlet, (-1.0, -1))[0]:
            best[statement.outlet] = (score, j)
    absent, possibly = [], []
    for outlet in outlets:
        if outlet in inside:
            continue
        score, j = best.get(outlet, (0.0, -1))
        if score < options.absent_probability:
            absent.append(outlet)
            continue
        nearest = statements[j]
        possibly.append(
            ClosestStatement(
                outlet=outlet,
                article_id=nearest.article_id,
                span=nearest.span,
                text=nearest.text,
                probability=round(score, 4),
            )
        )
    return absent, possibly


def _group(
    indices: list[int],
    statements: Sequence[Statement],
    probability: Matrix,
    outlets: Sequence[str],
    options: CompareOptions,
) -> StatementGroup:
    group_outlets = list(dict.fromkeys(statements[k].outlet for k in indices))
    support = _support(indices, statements, probability)
    absent, possibly = _closest(indices, statements, probability, outlets, options)
    cross = [
        float(probability[i, j])
        for i in indices
        for j in indices
        if statements[i].article_id != statements[j].article_id
    ]
    mean_probability = sum(cross) / len(cross) if cross else 1.0
    mean_position = sum(statements[k].position for k in indices) / len(indices)
    # Every member was aligned at align_probability or more; the summary's credits ask
    # for credit_probability on top.
    coverage = coverage_of(len(group_outlets), len(outlets), options)
    if coverage is Coverage.OUTLET_ONLY and any(
        c.probability >= options.only_probability for c in possibly
    ):
        coverage = Coverage.POSSIBLY_SHARED
    # Carried by more outlets first; among equals, what the articles put earlier.
    importance = len(group_outlets) / len(outlets) * (1.0 - 0.5 * mean_position)
    return StatementGroup(
        id=0,
        statements=[statements[k] for k in indices],
        outlets=group_outlets,
        coverage=coverage,
        importance=round(importance, 4),
        similarity=round(min(mean_probability, 1.0), 4),
        support=support if len(group_outlets) > 1 else {},
        absent=absent,
        possibly=possibly,
    )
