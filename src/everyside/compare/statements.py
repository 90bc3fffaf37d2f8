"""Split articles into statements (sentences), the unit aligned across outlets.

Sentences never cross paragraphs, and every language is split the same way (spaCy's
rule-based sentencizer over the language's tokenizer), so an Indonesian article and an
English one are cut into comparable pieces.
"""

from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.language import Language

from everyside.model import Article, Span

from .results import Statement

# A sentence that ends in whitespace and an opening quote mark: the mark opens the next one.
_DANGLING_MARK = re.compile(r"\s+([\"“„«‘'])$")


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
        carried = 0  # an opening quote mark the splitter left at the end of the last sentence
        for sentence in doc.sents:
            start, end = sentence.start_char - carried, sentence.end_char
            dangling = _DANGLING_MARK.search(sentence.text)
            if dangling:
                end -= len(dangling.group(0))
            carried = len(dangling.group(1)) if dangling else 0
            if sum(1 for token in sentence if token.is_alpha) >= min_words:
                spans.append(Span(paragraph.start + start, paragraph.start + end))
    last = max(len(spans) - 1, 1)
    return [
        Statement(
            article_id=article.id,
            outlet=outlet,
            span=span,
            text=span.text_of(article.body),
            position=index / last,
            language=article.language,
        )
        for index, span in enumerate(spans)
    ]
