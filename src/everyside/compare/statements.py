"""Split articles into statements (sentences), the unit aligned across outlets.

Sentences never cross paragraphs, and every language is split the same way (spaCy's
rule-based sentencizer over the language's tokenizer), so an Indonesian article and an
English one are cut into comparable pieces.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from everyside.model import Article, Span

from .results import Statement


@lru_cache(maxsize=16)
def sentence_splitter(language: str | None) -> Language:
    """A tokenizer plus sentencizer for a language (the multi-language one if spaCy lacks it)."""
    try:
        nlp = spacy.blank(language or "xx")
    except ImportError:
        nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    return nlp


def split_statements(article: Article, outlet: str, *, min_words: int = 4) -> list[Statement]:
    """The article's sentences with at least ``min_words`` words, with their body spans."""
    nlp = sentence_splitter(article.language)
    paragraphs = article.paragraph_spans()
    spans: list[Span] = []
    for paragraph, doc in zip(
        paragraphs, nlp.pipe(p.text_of(article.body) for p in paragraphs), strict=True
    ):
        for sentence in doc.sents:
            if sum(1 for token in sentence if token.is_alpha) >= min_words:
                spans.append(
                    Span(paragraph.start + sentence.start_char, paragraph.start + sentence.end_char)
                )
    last = max(len(spans) - 1, 1)
    return [
        Statement(
            article_id=article.id,
            outlet=outlet,
            span=span,
            text=span.text_of(article.body),
            position=index / last,
        )
        for index, span in enumerate(spans)
    ]
