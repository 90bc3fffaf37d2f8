"""Comparison scorer on a tiny hand-made story; the demo corpus evaluation (slow)."""

from __future__ import annotations

from typing import Any

import pytest

from everyside.compare.results import (
    Comparison,
    Coverage,
    QuoteRef,
    QuoteVariant,
    Statement,
    StatementGroup,
)
from everyside.evaluate.compare import StoryCase, evaluate_compare, score_story
from everyside.evaluate.corpus import GoldFormatError
from everyside.model import Article, SourceRef, Span
from tests.conftest import CORPUS

BODIES = {
    "a": (
        "Ferry crews ended their strike on Monday.\n\n"
        '"We will not accept another cut," said Mayor Ana Ruiz.\n\n'
        "Tourism officials counted the cost of the strike."
    ),
    "b": 'Ferry crews ended the strike on Monday.\n\n"We will not accept any cut," Ruiz said.',
    "c": 'The ferry strike ended on Monday.\n\nRuiz called the cut "unacceptable" in a statement.',
}
OUTLETS = {"a": "One", "b": "Two", "c": "Three"}
B_REF = {"file": "feed.xml", "url": "https://two.example/ferry"}


def _article(article_id: str) -> Article:
    return Article(
        id=article_id,
        title="Ferry strike",
        body=BODIES[article_id],
        content_hash=article_id,
        source=SourceRef(locator=f"{article_id}.txt", format="text"),
    )


ARTICLES = {article_id: _article(article_id) for article_id in BODIES}


def _span(article_id: str, text: str) -> Span:
    start = BODIES[article_id].index(text)
    return Span(start, start + len(text))


def _quote(article_id: str, text: str, kind: str = "direct", speaker: str = "Ana Ruiz") -> QuoteRef:
    return QuoteRef(
        article_id=article_id,
        outlet=OUTLETS[article_id],
        span=_span(article_id, text),
        text=text,
        kind=kind,
        speaker=speaker,
        speaker_entity_id=None,
    )


def _variant(left: QuoteRef, right: QuoteRef, *, speakers_differ: bool = False) -> QuoteVariant:
    return QuoteVariant(
        left=left, right=right, similarity=0.8, diff=[], speakers_differ=speakers_differ
    )


def _group(coverage: Coverage, *sentences: tuple[str, str]) -> StatementGroup:
    statements = [
        Statement(
            article_id=article_id,
            outlet=OUTLETS[article_id],
            span=_span(article_id, text),
            text=text,
            position=0.0,
        )
        for article_id, text in sentences
    ]
    outlets = [s.outlet for s in statements]
    return StatementGroup(
        id=0,
        statements=statements,
        outlets=outlets,
        coverage=coverage,
        importance=1.0,
        similarity=1.0,
    )


A_QUOTE = "We will not accept another cut,"
B_QUOTE = "We will not accept any cut,"

GOLD: dict[str, Any] = {
    "story": "ferry",
    "variants": [
        {
            "left": {"file": "a.txt", "text": A_QUOTE},
            "right": {**B_REF, "text": B_QUOTE},
            "speaker": "Ana Ruiz",
        },
        {
            "left": {**B_REF, "text": B_QUOTE},
            "right": {"file": "c.txt", "text": "unacceptable"},
            "speaker": "Ana Ruiz",
        },
    ],
    "statements": [
        {
            "file": "a.txt",
            "text": "Ferry crews ended their strike on Monday.",
            "coverage": "consensus",
        },
        {**B_REF, "text": "Ferry crews ended the strike on Monday.", "coverage": "consensus"},
        {"file": "c.txt", "text": "The ferry strike ended on Monday.", "coverage": "consensus"},
        {
            "file": "a.txt",
            "text": "Tourism officials counted the cost of the strike.",
            "coverage": "outlet_only",
        },
        {**B_REF, "text": '"We will not accept any cut," Ruiz said.', "coverage": "outlet_only"},
    ],
}


def _case(gold: dict[str, Any]) -> StoryCase:
    return StoryCase(
        story="ferry",
        articles=list(ARTICLES.values()),
        analyses={},
        gold=gold,
        article_of={
            ("a.txt", None): ARTICLES["a"],
            ("feed.xml", B_REF["url"]): ARTICLES["b"],
            ("c.txt", None): ARTICLES["c"],
        },
    )


def _comparison() -> Comparison:
    return Comparison(
        story_id="ferry",
        articles=[],
        outlets=list(OUTLETS.values()),
        groups=[
            _group(
                Coverage.CONSENSUS,
                ("a", "Ferry crews ended their strike on Monday."),
                ("b", "Ferry crews ended the strike on Monday."),
            ),
            _group(Coverage.SHARED, ("c", "The ferry strike ended on Monday.")),
            _group(
                Coverage.OUTLET_ONLY, ("a", "Tourism officials counted the cost of the strike.")
            ),
            _group(Coverage.CONSENSUS, ("b", '"We will not accept any cut," Ruiz said.')),
        ],
        quote_variants=[
            # The gold's first pair, the other way round: pairs are order-free.
            _variant(_quote("b", B_QUOTE), _quote("a", A_QUOTE)),
            # Not in the gold: a false positive.
            _variant(_quote("a", A_QUOTE), _quote("c", "unacceptable")),
            # Reported speech and "same words, different speakers" are not scored.
            _variant(_quote("a", A_QUOTE), _quote("c", "Ruiz called the cut", kind="indirect")),
            _variant(
                _quote("b", B_QUOTE),
                _quote("c", "unacceptable", speaker="Someone Else"),
                speakers_differ=True,
            ),
        ],
        numbers=[],
        voices=[],
        actor_labels=[],
        headlines=[],
        tone=[],
        timeline=[],
        summary=[],
    )


def test_variants_match_order_free_and_labels_count_shared_as_neither() -> None:
    scores = score_story(_comparison(), _case(GOLD))
    assert (scores.variants.tp, scores.variants.fp, scores.variants.fn) == (1, 1, 1)
    consensus, outlet_only = scores.coverage["consensus"], scores.coverage["outlet_only"]
    # c's sentence is labelled shared: a consensus miss, but no outlet-only false positive.
    assert (consensus.tp, consensus.fp, consensus.fn) == (2, 1, 1)
    assert (outlet_only.tp, outlet_only.fp, outlet_only.fn) == (1, 0, 1)
    assert scores.confusion == {
        "consensus": {"consensus": 2, "shared": 1},
        "outlet_only": {"outlet_only": 1, "consensus": 1},
    }
    assert scores.unlocated == 0
    assert scores.as_dict()["variants"]["precision"] == 0.5


def test_gold_text_not_in_its_article_is_counted_and_unknown_articles_are_refused() -> None:
    gold = {
        **GOLD,
        "statements": [{"file": "a.txt", "text": "Words no article has.", "coverage": "consensus"}],
    }
    scores = score_story(_comparison(), _case(gold))
    assert scores.unlocated == 1 and scores.coverage["consensus"].fn == 0
    stray = {**GOLD, "statements": [{"file": "z.txt", "text": "x", "coverage": "consensus"}]}
    with pytest.raises(GoldFormatError, match=r"z\.txt"):
        score_story(_comparison(), _case(stray))


def test_demo_corpus_comparison_reaches_its_floors() -> None:
    # The demo corpus's own gold, so it runs with every `make test` (about 25 s).
    scores = evaluate_compare(CORPUS / "compare_gold.jsonl")
    assert scores.stories == 10 and scores.unlocated == 0
    assert scores.variants.tp + scores.variants.fn == 84
    # Measured: variants P 0.929 / F1 0.464, consensus F1 0.848, outlet-only F1 0.851.
    assert scores.variants.precision >= 0.90
    assert scores.variants.f1 >= 0.43
    # With the learned pair model: consensus P 1.000 / F1 0.831 (was 0.848), outlet-only
    # F1 0.874 (was 0.851); the model never saw this gold.
    assert scores.coverage["consensus"].precision >= 0.95
    assert scores.coverage["consensus"].f1 >= 0.80
    assert scores.coverage["outlet_only"].f1 >= 0.80
