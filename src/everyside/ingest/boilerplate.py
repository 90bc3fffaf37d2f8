"""Separate article paragraphs from site boilerplate, recording everything removed."""

from __future__ import annotations

from everyside.ingest import patterns
from everyside.model import Boilerplate, BoilerplateKind


def classify_paragraph(paragraph: str) -> BoilerplateKind | None:
    """The kind of boilerplate a whole paragraph is, or None when it is article text."""
    text = paragraph.strip()
    if patterns.SEE_ALSO.match(text):
        return BoilerplateKind.SEE_ALSO
    if patterns.SITE_CHROME.match(text):
        return BoilerplateKind.SITE_CHROME
    if patterns.CREDIT.match(text):
        return BoilerplateKind.CREDIT
    tail = patterns.TEASER_TAIL.search(text)
    if tail and tail.start() > 0 and not patterns.SENTENCE_END.search(text, 0, tail.start()):
        # Another article's headline with its own time and views, between paragraphs.
        return BoilerplateKind.TEASER
    if text.casefold() in patterns.SECTION_LABELS or (
        len(text.split()) <= patterns.SECTION_LABEL_MAX_WORDS
        and patterns.SECTION_LABEL_SHAPE.match(text)
    ):
        return BoilerplateKind.SECTION_LABEL
    return None


def split_teaser(paragraph: str) -> tuple[str, str | None]:
    """Split a related-article teaser off the end of a paragraph.

    Returns the article text that stays (possibly empty) and the teaser, or the
    paragraph unchanged and None. A teaser is a headline followed by its own date and
    view count; when it is glued onto the last sentence, the split falls after that
    sentence's final punctuation.
    """
    tail = patterns.TEASER_TAIL.search(paragraph)
    if not tail or not paragraph[: tail.start()].strip():
        return paragraph, None
    start = len(paragraph) - len(paragraph.lstrip())
    sentence_ends = list(patterns.SENTENCE_END.finditer(paragraph, 0, tail.start()))
    if sentence_ends:
        start = max(start, sentence_ends[-1].end())
    if start == 0 or not paragraph[:start].strip():
        return "", paragraph.strip()
    return paragraph[:start].rstrip(), paragraph[start:].strip()


def clean_paragraphs(paragraphs: list[str]) -> tuple[list[str], list[Boilerplate]]:
    """Drop boilerplate paragraphs and a trailing teaser; return what is kept and removed."""
    kept: list[str] = []
    removed: list[Boilerplate] = []
    for paragraph in paragraphs:
        kind = classify_paragraph(paragraph)
        if kind is None:
            kept.append(paragraph)
        else:
            removed.append(Boilerplate(kind=kind, text=paragraph.strip()))
    if kept:
        body_part, teaser = split_teaser(kept[-1])
        if teaser is not None:
            removed.append(Boilerplate(kind=BoilerplateKind.TEASER, text=teaser))
            if body_part:
                kept[-1] = body_part
            else:
                kept.pop()
    return kept, removed
