"""Alignment on given same-fact probabilities: omissions need evidence, credits need confidence."""

from __future__ import annotations

import numpy as np

from everyside.compare.align import align_statements
from everyside.compare.options import CompareOptions
from everyside.compare.results import Comparison, Coverage, Statement
from everyside.compare.summary import summarize
from everyside.model import Span


def _statement(article_id: str, text: str, position: float = 0.0) -> Statement:
    return Statement(
        article_id=article_id,
        outlet=article_id.upper(),
        span=Span(0, len(text)),
        text=text,
        position=position,
    )


def _comparison(probability: list[list[float]], statements: list[Statement]) -> Comparison:
    outlets = list(dict.fromkeys(s.outlet for s in statements))
    groups = align_statements(
        statements, np.asarray(probability, dtype=np.float32), outlets, CompareOptions()
    )
    return Comparison(story_id=None, articles=[], outlets=outlets, groups=groups)


STORY = [
    _statement("a", "The bridge reopened on Monday."),
    _statement("b", "Traffic crossed the bridge again from Monday."),
    _statement("c", "Drivers may use the crossing once more, officials said."),
]


def test_an_outlet_with_a_close_sentence_is_possibly_covering_not_omitting() -> None:
    found = _comparison([[0, 0.95, 0.3], [0.95, 0, 0.25], [0.3, 0.25, 0]], STORY)
    assert found.omissions("C") == []
    [(group, closest)] = found.possibly_covered("C")
    assert group.outlets == ["A", "B"] and closest.text.startswith("Drivers may use")
    assert closest.probability == 0.3


def test_an_outlet_with_nothing_close_omits_the_fact() -> None:
    found = _comparison([[0, 0.95, 0.01], [0.95, 0, 0.02], [0.01, 0.02, 0]], STORY)
    assert [g.outlets for g in found.omissions("C")] == [["A", "B"]]
    assert found.possibly_covered("C") == []


def test_a_lone_statement_is_outlet_only_only_without_a_near_match() -> None:
    near = _comparison([[0, 0.95, 0.02], [0.95, 0, 0.45], [0.02, 0.45, 0]], STORY)
    lone = next(g for g in near.groups if g.outlets == ["C"])
    assert lone.coverage is Coverage.POSSIBLY_SHARED and near.outlet_only("C") == []
    far = _comparison([[0, 0.95, 0.02], [0.95, 0, 0.01], [0.02, 0.01, 0]], STORY)
    assert [g.outlets for g in far.outlet_only("C")] == [["C"]]


def test_the_summary_credits_only_confidently_aligned_outlets() -> None:
    # C joins the group at 0.6: aligned, but not surely enough to be credited.
    found = _comparison([[0, 0.95, 0.6], [0.95, 0, 0.55], [0.6, 0.55, 0]], STORY)
    [group] = found.groups
    assert group.outlets == ["A", "B", "C"] and group.credited(0.9) == ["A", "B"]
    [sentence] = summarize(found.groups, {}, sentences=3, credit_probability=0.9)
    assert sentence.outlets == ["A", "B"]


def test_a_lead_that_packs_two_facts_is_aligned_with_both() -> None:
    story = [
        _statement("a", "The bridge reopened on Monday after a 40-million repair."),
        _statement("b", "The bridge reopened on Monday."),
        _statement("b", "The repair cost 40 million."),
        _statement("c", "Repairs came to 40 million."),
    ]
    # a0 states b1's fact and, surely too, the repair cost that b2 and c3 share.
    probability = [
        [0, 0.96, 0.92, 0.91],
        [0.96, 0, 0, 0.05],
        [0.92, 0, 0, 0.95],
        [0.91, 0.05, 0.95, 0],
    ]
    found = _comparison(probability, story)
    assert sorted(sorted(s.text[:12] for s in g.statements) for g in found.groups) == [
        ["Repairs came", "The bridge r", "The repair c"],
        ["The bridge r", "The bridge r"],
    ]
    # A weaker second link leaves the lead in its first group only.
    probability[0][2] = probability[2][0] = probability[0][3] = probability[3][0] = 0.6
    found = _comparison(probability, story)
    assert sorted(len(g.statements) for g in found.groups) == [2, 2]
