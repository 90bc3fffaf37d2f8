"""Alignment, quote variants, numbers and framing on a small made-up story."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from everyside.compare import compare_articles
from everyside.compare.align import align_statements, coverage_of
from everyside.compare.framing import shared_headline_entities
from everyside.compare.options import CompareOptions
from everyside.compare.results import (
    Comparison,
    Coverage,
    MeaningChange,
    NumberVerdict,
    Statement,
)
from everyside.compare.statements import split_statements
from everyside.compare.variants import word_diff
from everyside.model import Entity, Span
from tests.compare.story import WordHashEmbedder, ferry_story, made_article


def _statement(article_id: str, outlet: str, text: str) -> Statement:
    return Statement(
        article_id=article_id, outlet=outlet, span=Span(0, len(text)), text=text, position=0.0
    )


def test_coverage_labels() -> None:
    options = CompareOptions()
    assert coverage_of(1, 3, options) is Coverage.OUTLET_ONLY
    assert coverage_of(2, 3, options) is Coverage.CONSENSUS
    assert coverage_of(2, 10, options) is Coverage.SHARED
    assert coverage_of(1, 1, options) is Coverage.CONSENSUS


def test_a_group_never_chains_unrelated_statements() -> None:
    statements = [_statement("a", "A", "x"), _statement("b", "B", "y"), _statement("c", "C", "z")]
    # a~b and b~c are close, a and c are not: b joins one of them, not both.
    similarity = np.array([[1, 0.9, 0.1], [0.9, 1, 0.8], [0.1, 0.8, 1]], dtype=np.float32)
    groups = align_statements(statements, similarity, ["A", "B", "C"], CompareOptions())
    assert sorted(len(g.statements) for g in groups) == [1, 2]
    assert groups[0].outlets == ["A", "B"]


def test_one_article_restating_its_lead_stays_one_statement() -> None:
    statements = [
        _statement("a", "A", "lead"),
        _statement("a", "A", "lead again"),
        _statement("b", "B", "lead"),
    ]
    # Same-fact probabilities are 0 within an article; the restatement links surely to B.
    probability = np.array([[0, 0, 0.95], [0, 0, 0.92], [0.95, 0.92, 0]], dtype=np.float32)
    groups = align_statements(statements, probability, ["A", "B"], CompareOptions())
    assert len(groups) == 1 and len(groups[0].statements) == 3
    # A weaker link leaves it a statement of its own, "possibly shared" with B.
    probability[1, 2] = probability[2, 1] = 0.6
    groups = align_statements(statements, probability, ["A", "B"], CompareOptions())
    assert sorted(len(g.statements) for g in groups) == [1, 2]


def test_word_diff_keeps_original_spacing() -> None:
    parts = word_diff("allies in the Asia-Pacific region", "allies in Asia-Pacific")
    assert [(p.op, p.left, p.right) for p in parts] == [
        ("equal", "allies in", "allies in"),
        ("delete", "the", ""),
        ("equal", "Asia-Pacific", "Asia-Pacific"),
        ("delete", "region", ""),
    ]


def test_made_up_story(ferry_comparison: Comparison) -> None:
    found = ferry_comparison
    assert found.outlets == ["Wren Courier", "Isles Post"]
    lead = found.groups[0]
    assert lead.coverage is Coverage.CONSENSUS and lead.outlets == found.outlets
    only = found.outlet_only("Wren Courier")
    assert [g.statements[0].text for g in only] == [
        "Tourism officials counted the cost in lost bookings across the islands."
    ]
    assert found.outlet_only("Isles Post") == []


def test_number_conflict_is_found(ferry_comparison: Comparison) -> None:
    conflict = ferry_comparison.numbers[0]
    assert conflict.verdict is NumberVerdict.CONFLICT
    assert {(s.outlet, s.value) for s in conflict.sightings} == {
        ("Wren Courier", 1200.0),
        ("Isles Post", 1500.0),
    }


def test_negated_quote_is_flagged(ferry_comparison: Comparison) -> None:
    (variant,) = ferry_comparison.quote_variants
    assert variant.changes == [MeaningChange.NEGATION]
    assert variant.left.speaker == "Ana Ruiz" and not variant.speakers_differ
    assert [p.left for p in variant.diff if p.op == "delete"] == ["not"]


def test_voices_and_tone(ferry_comparison: Comparison) -> None:
    assert [(v.outlet, v.speaker, v.quotes, v.share) for v in ferry_comparison.voices] == [
        ("Isles Post", "Ana Ruiz", 1, 1.0),
        ("Wren Courier", "Ana Ruiz", 1, 1.0),
    ]
    assert {t.outlet for t in ferry_comparison.tone} == set(ferry_comparison.outlets)
    assert all(-1.0 <= t.score <= 1.0 for t in ferry_comparison.tone)


def test_options_are_checked() -> None:
    with pytest.raises(ValueError):
        CompareOptions(align_probability=0.0)
    with pytest.raises(ValueError):
        CompareOptions(summary_sentences=0)


def test_an_opening_quote_mark_stays_with_its_sentence() -> None:
    article = made_article("x", "X", 'He said it was over. "We won," he added.')
    texts = [s.text for s in split_statements(article, "X", min_words=1)]
    assert texts == ["He said it was over.", '"We won," he added.']


def test_a_speaker_left_unresolved_is_named_by_another_outlet() -> None:
    articles, analyses = ferry_story()
    unnamed = replace(
        analyses["b1"].quotes[0], speaker_text="a spokeswoman", speaker_entity_id=None
    )
    analyses["b1"] = replace(analyses["b1"], quotes=[unnamed])
    found = compare_articles(articles, analyses, embedder=WordHashEmbedder())
    (variant,) = found.quote_variants
    resolved = variant.right if variant.right.article_id == "b1" else variant.left
    assert resolved.speaker == "Ana Ruiz" and resolved.speaker_from_story
    assert {(v.outlet, v.speaker) for v in found.voices} == {
        ("Wren Courier", "Ana Ruiz"),
        ("Isles Post", "Ana Ruiz"),
    }


def test_entities_most_headlines_name() -> None:
    putin = Entity(id="person:putin", name="Vladimir Putin", kind="PERSON", aliases=["Putin"])
    hanoi = Entity(id="place:hanoi", name="Hanoi", kind="LOC")
    titles = ["Putin lands in Hanoi", "Putin courts Vietnam", "Russia's leader abroad"]
    assert shared_headline_entities(titles, [putin, hanoi]) == ["Vladimir Putin"]
