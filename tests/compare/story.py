"""A made-up story for compare and report tests: two outlets, no models to load."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime

import numpy as np
from numpy.typing import NDArray

from everyside.compare import compare_articles
from everyside.compare.results import Comparison
from everyside.model import (
    Article,
    ArticleAnalysis,
    Claim,
    Entity,
    Mention,
    Outlet,
    Quote,
    QuoteKind,
    SourceRef,
    Span,
)

DIMENSIONS = 256


class WordHashEmbedder:
    """Bag-of-words vectors: texts sharing words are similar, with no model to load."""

    def encode(self, texts: list[str]) -> NDArray[np.float32]:
        """One L2-normalized row per text."""
        rows = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                digest = hashlib.blake2b(word.encode(), digest_size=4).digest()
                rows[row, int.from_bytes(digest, "big") % DIMENSIONS] += 1.0
        norms = np.linalg.norm(rows, axis=1, keepdims=True)
        return rows / np.where(norms == 0, 1.0, norms)


def made_article(
    article_id: str, outlet: str, body: str, *, title: str = "Ferry strike"
) -> Article:
    """An article as ingest would build it, from one outlet."""
    return Article(
        id=article_id,
        title=title,
        body=body,
        content_hash=article_id,
        source=SourceRef(locator=f"{article_id}.txt", format="text"),
        outlet=Outlet(name=outlet),
        language="en",
        published_at=datetime(2024, 7, 1, 9, tzinfo=UTC),
    )


def span_of(body: str, text: str) -> Span:
    """The span of the first occurrence of text in body."""
    start = body.index(text)
    return Span(start, start + len(text))


MAYOR = Entity(id="person:ana-ruiz", name="Ana Ruiz", kind="PERSON")
UNION = Entity(id="org:ferry-union", name="Ferry Union", kind="ORG")

BODY_A = (
    "Ferry crews in Port Wren ended their strike on Monday after nine days.\n\n"
    "The union said 1,200 workers had walked out.\n\n"
    '"We will not accept another cut," said Mayor Ana Ruiz.\n\n'
    "Tourism officials counted the cost in lost bookings across the islands."
)
BODY_B = (
    "Ferry crews in Port Wren ended their strike on Monday after nine days of talks.\n\n"
    "The union said 1,500 workers had walked out.\n\n"
    '"We will accept another cut," said Mayor Ana Ruiz.'
)


def _analysis(article_id: str, body: str, workers: str, quote: str) -> ArticleAnalysis:
    return ArticleAnalysis(
        article_id=article_id,
        entities={MAYOR.id: MAYOR, UNION.id: UNION},
        mentions=[
            Mention(
                article_id=article_id,
                span=span_of(body, "Mayor Ana Ruiz"),
                text="Mayor Ana Ruiz",
                entity_id=MAYOR.id,
                label="PERSON",
            )
        ],
        quotes=[
            Quote(
                article_id=article_id,
                span=span_of(body, quote),
                text=quote,
                kind=QuoteKind.DIRECT,
                speaker_text="Mayor Ana Ruiz",
                speaker_entity_id=MAYOR.id,
                cue="said",
            )
        ],
        claims=[
            Claim(
                article_id=article_id,
                span=span_of(body, workers),
                text=workers,
                value=float(workers.replace(",", "")),
                unit="workers",
                about="workers",
            )
        ],
    )


def ferry_story() -> tuple[list[Article], dict[str, ArticleAnalysis]]:
    """Two outlets on one made-up strike: a number conflict, a negation, an outlet-only line."""
    articles = [
        made_article("a1", "Wren Courier", BODY_A),
        made_article("b1", "Isles Post", BODY_B),
    ]
    analyses = {
        "a1": _analysis("a1", BODY_A, "1,200", "We will not accept another cut"),
        "b1": _analysis("b1", BODY_B, "1,500", "We will accept another cut"),
    }
    return articles, analyses


def ferry_comparison() -> Comparison:
    """The made-up strike story compared, with bag-of-words embeddings."""
    articles, analyses = ferry_story()
    return compare_articles(articles, analyses, embedder=WordHashEmbedder(), story_id="story-ferry")
