"""Split articles into statements (sentences), the unit aligned across outlets.

Sentences never cross paragraphs, and every language is split the same way (spaCy's
rule-based sentencizer over the language's tokenizer), so an Indonesian article and an
English one are cut into comparable pieces. Only reporting becomes a statement: page
furniture that the ingest left in the body (headings, captions, credits, embeds, site
prompts) is recognized by its shape, not by its words, so the rules hold in any language.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from everyside.analyze.nlp import load_sentencizer
from everyside.ingest import classify_paragraph
from everyside.model import Article, BoilerplateKind, Span

from .results import Statement

# A sentence that ends in whitespace and an opening quote mark: the mark opens the next one.
_NUMBER_THEN_SENTENCE = re.compile(r"\b(\d{3,}\.)\s+([A-ZÄÖÜ])")
_WORDS = re.compile(r"[^\W\d_]+")
_DANGLING_MARK = re.compile(r"\s+([\"“„«‘'])$")
# Reporting ends its last sentence: a full stop, question or exclamation mark in any
# script, optionally inside closing quotes or brackets. Headings, crossheads, captions,
# bylines, datelines and prompts ("Sign up here") do not.
_FINISHED = re.compile(r"[.!?…:;。！？؟۔।][\s\"'”’»›)\]]*$")
# A paragraph of this many words or fewer that is not finished may be a label, not a
# report (measured on the alignment dev gold: headlines and crossheads run to about 12
# words; the unfinished paragraphs that do report a fact are cut-off quotes of 15 or more).
LABEL_MAX_WORDS = 12
# A crosshead in sentence case often states a fact ("Procès en appel de 3 février") and is
# kept; one whose longer words are mostly capitalized is a heading or a label. Short
# words are not counted: function words stay lowercase in English and German headings.
_TITLE_WORD = re.compile(r"[^\W\d_]{4,}")
_TITLE_SHARE = 0.6
# A line whose tokens are a third or more figures is a date, time or dateline line.
_FIGURE_SHARE = 1 / 3
# A web address, e-mail address or social-media handle: a post's link, a share prompt.
_LINK = re.compile(
    r"(?:https?://|www\.)\S+|\S+@\S+\.\w{2,}|(?<!\w)@\w{2,}|\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/\S*"
    r"|\b[\w-]+\.(?:com|net|org|info|co|io|ly|gl|tv)\b",
    re.I,
)
# A sentence in which a fifth of the tokens are links is a list of links or an embed.
_LINK_SHARE = 0.2


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


def is_label(paragraph: str, title: str = "") -> bool:
    """True for a short paragraph that does not finish a sentence: a heading, caption or byline.

    The article's own headline, when the body starts with it, is reporting all the same.
    """
    text = paragraph.strip()
    if _FINISHED.search(text) or len(_WORDS.findall(text)) > LABEL_MAX_WORDS:
        return False
    if title and text.casefold() == title.strip().casefold():
        return False
    tokens = text.split()
    if sum(any(c.isdigit() for c in t) for t in tokens) >= _FIGURE_SHARE * len(tokens):
        return True
    words: list[str] = [w for w in _TITLE_WORD.findall(text) if w.lower() != w.upper()]
    if not words:  # a script without letter case: the shape alone decides
        return True
    return sum(w[0].isupper() for w in words) >= _TITLE_SHARE * len(words)


def is_chrome(sentence: str, removed: frozenset[str] = frozenset()) -> bool:
    """True for a sentence that is page furniture: links, embeds, prompts, credits.

    ``removed`` holds the (casefolded) texts the ingest already took out of this article
    as boilerplate, so a credit or byline printed twice is recognized the second time.
    """
    text = sentence.strip()
    if classify_paragraph(text) is not None or text.casefold() in removed:
        return True
    links = len(_LINK.findall(text))
    if not links:
        return False
    return not _FINISHED.search(text) or links >= _LINK_SHARE * len(text.split())


def _removed_texts(article: Article) -> frozenset[str]:
    # The repeated title is left out: a headline restated in the body is reporting.
    return frozenset(
        b.text.casefold()
        for b in article.boilerplate
        if b.kind is not BoilerplateKind.REPEATED_TITLE
    )


def split_statements(article: Article, outlet: str, *, min_words: int = 4) -> list[Statement]:
    """The article's reporting sentences with at least ``min_words`` words, with their spans."""
    nlp = sentence_splitter(article.language)
    paragraphs = article.paragraph_spans()
    removed = _removed_texts(article)
    spans: list[Span] = []
    for paragraph, doc in zip(
        paragraphs, nlp.pipe(p.text_of(article.body) for p in paragraphs), strict=True
    ):
        bounds = _sentence_bounds(doc)
        # A label is a line of its own; a byline glued after a sentence is left to is_chrome.
        if len(bounds) == 1 and is_label(doc.text, article.title):
            continue
        mark: int | None = None  # an opening quote mark the splitter left on the last sentence
        for start, end in bounds:
            # The mark opens this sentence, even when a space stands between ("« Nous").
            start = start if mark is None else mark
            dangling = _DANGLING_MARK.search(doc.text, start, end)
            mark = dangling.start(1) if dangling else None
            if dangling:
                end = dangling.start()
            text = doc.text[start:end]
            if len(_WORDS.findall(text)) >= min_words and not is_chrome(text, removed):
                spans.append(Span(paragraph.start + start, paragraph.start + end))
    texts = [(span, span.text_of(article.body), False) for span in spans]
    if _opens_with_headline(article, min_words):
        # The article's first sentence was its headline, which the ingest keeps as the
        # title only: it is reporting (often the lead other outlets share), in no span.
        texts.insert(0, (Span(0, 0), article.title, True))
    last = max(len(texts) - 1, 1)
    return [
        Statement(
            article_id=article.id,
            outlet=outlet,
            span=span,
            text=text,
            position=index / last,
            language=article.language,
            headline=headline,
        )
        for index, (span, text, headline) in enumerate(texts)
    ]


def _opens_with_headline(article: Article, min_words: int) -> bool:
    """Whether the body began with the title, as a line of its own the ingest took out."""
    return len(_WORDS.findall(article.title)) >= min_words and any(
        b.kind is BoilerplateKind.REPEATED_TITLE for b in article.boilerplate
    )
