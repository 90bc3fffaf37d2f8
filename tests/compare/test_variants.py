"""Quote variants: meaning-change flags only where the change is, and how renderings pair."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from everyside.compare.options import CompareOptions
from everyside.compare.results import MeaningChange, QuoteRef
from everyside.compare.variants import (
    QuoteEvidence,
    meaning_changes,
    pair_quote_variants,
    pieces_of,
)
from everyside.model import Span

SPEAKER = "person:mira-holt"


def _quote(article_id: str, text: str, language: str = "en") -> QuoteEvidence:
    return QuoteEvidence(
        quote=QuoteRef(
            article_id=article_id,
            outlet=f"Outlet {article_id}",
            span=Span(0, len(text)),
            text=text,
            kind="direct",
            speaker="Mira Holt",
            speaker_entity_id=SPEAKER,
        ),
        language=language,
        entities=frozenset(),
    )


def test_a_fragment_is_compared_with_its_own_stretch_of_the_paragraph() -> None:
    paragraph = _quote(
        "a", "The harbours are busier and busier. We have never seen trade like this before."
    )
    fragment = _quote("b", "busier and busier")
    assert meaning_changes(paragraph, fragment) == []
    negated = _quote("c", "The harbours are not busier and busier")
    assert meaning_changes(paragraph, negated) == [MeaningChange.NEGATION]


def test_a_quote_in_another_language_than_its_article_is_read_in_both() -> None:
    english = _quote("a", "We will not sign this treaty")
    quoted_in_german_article = _quote("b", "We will not sign this treaty", language="de")
    assert meaning_changes(english, quoted_in_german_article) == []


def test_a_matched_piece_limits_the_flags_across_languages() -> None:
    whole = _quote(
        "a", "Die Häfen sind voller denn je. Wir haben nie so viel Handel gesehen.", "de"
    )
    short = _quote("b", "the harbours are fuller than ever")
    focus = ("Die Häfen sind voller denn je.", short.quote.text)
    assert meaning_changes(whole, short) == [MeaningChange.NEGATION]
    assert meaning_changes(whole, short, focus) == []


def test_pieces_are_sentences_and_clauses_of_three_words() -> None:
    assert pieces_of("We stay. The storm has moved on, but the danger has not") == [
        "The storm has moved on,",
        "but the danger has not",
    ]
    assert pieces_of("one clause only") == []


def _unit(rows: list[list[float]]) -> NDArray[np.float32]:
    vectors = np.array(rows, dtype=np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_translations_pair_at_the_cross_language_threshold() -> None:
    quotes = [
        _quote("a", "A bridge to membership"),
        _quote("b", "Eine Brücke zur Mitgliedschaft", "de"),
    ]
    similar = _unit([[1.0, 0.0], [0.55, 0.835]])  # cosine 0.55
    assert len(pair_quote_variants(quotes, similar, CompareOptions())) == 1
    strict = CompareOptions(cross_language_quote_threshold=0.62)
    assert pair_quote_variants(quotes, similar, strict) == []
    same_language = [_quote("a", "A bridge to membership"), _quote("b", "A path into the club")]
    assert pair_quote_variants(same_language, similar, CompareOptions()) == []


class _FixedEmbedder:
    """Vectors given per text: what a multilingual encoder would say of these pieces."""

    def __init__(self, vectors: dict[str, list[float]]) -> None:
        self.vectors = vectors

    def encode(self, texts: list[str]) -> NDArray[np.float32]:
        """One row per text."""
        return _unit([self.vectors[text] for text in texts])


def test_a_long_rendering_across_languages_is_flagged_on_its_matched_sentence() -> None:
    matched, other = "Die Häfen sind voller denn je.", "Wir werden niemals aufgeben."
    whole = _quote("a", f"{matched} {other}", "de")
    short = _quote("b", "The harbours are fuller than ever")
    embedder = _FixedEmbedder(
        {
            whole.quote.text: [1.0, 0.0, 0.0],
            short.quote.text: [0.6, 0.8, 0.0],  # cosine 0.6 with the whole: a translation
            matched: [0.5, 0.85, 0.0],
            other: [0.0, 0.0, 1.0],
        }
    )
    vectors = embedder.encode([whole.quote.text, short.quote.text])
    (variant,) = pair_quote_variants([whole, short], vectors, CompareOptions(), embedder)
    assert not variant.same_language
    assert variant.changes == []  # the "niemals" is in the sentence the other did not quote
