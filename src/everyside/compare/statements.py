"""Split articles into statements (sentences), the unit aligned across outlets.

Sentences never cross paragraphs, and every language is split the same way (spaCy's
rule-based sentencizer over the language's tokenizer), so an Indonesian article and an
English one are cut into comparable pieces.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from everyside.analyze.nlp import load_sentencizer
from everyside.model import Article, Span

from .results import Statement

# A sentence that ends in whitespace and an opening quote mark: the mark opens the next one.
_NUMBER_THEN_SENTENCE = re.compile(r"\b(\d{3,}\.)\s+([A-ZÄÖÜ])")
_WORDS = re.compile(r"[^\W\d_]+")
_DANGLING_MARK = re.compile(r"\s+([\"“„«‘'])$")


def _sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """Sentence character bounds, also cut after a number of three digits or more.

    Tokenizers of languages with ordinals ("am 3. Juli") keep "1999." as one token, so
    "seit 1999. Damals ..." would stay one sentence; days and ranks stay below 100.
    """
    bounds = []
    for sentence in doc.sents:
        start = sentence.start_char
        for cut in _NUMBER_THEN_SENTENCE.finditer(sentence.text):
            bounds.append((start, sentence.start_char + cut.end(1)))
            start = sentence.start_char + cut.start(2)
        bounds.append((start, sentence.end_char))
    return bounds


@lru_cache(maxsize=16)
def sentence_splitter(language: str | None) -> Language:
    """The same rule-based splitter for every language (English too), cached per language."""
    return load_sentencizer(language)


def split_statements(article: Article, outlet: str, *, min_words: int = 4) -> list[Statement]:
    """The article's sentences with at least ``min_words`` words, with their body spans."""
    nlp = sentence_splitter(article.language)
    paragraphs = article.paragraph_spans()
    spans: list[Span] = []
    for paragraph, doc in zip(
        paragraphs, nlp.pipe(p.text_of(article.body) for p in paragraphs), strict=True
    ):
        carried = 0  # an opening quote mark the splitter left at the end of the last sentence
        for start, end in _sentence_bounds(doc):
            start -= carried
            dangling = _DANGLING_MARK.search(doc.text[start:end])
            if dangling:
                end -= len(dangling.group(0))
            carried = len(dangling.group(1)) if dangling else 0
            if len(_WORDS.findall(doc.text[start:end])) >= min_words:
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
