"""Paragraphs of a text: their character spans, and a component that starts a sentence at each.

Articles from ingest separate paragraphs with a blank line, other text often with a
single newline; ``paragraph_spans`` reads both the same. The quote finder pairs quote
marks within these spans, and the ``everyside_paragraph_breaks`` component keeps a
parser from running a sentence over a paragraph break. Neither depends on a language.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["PARAGRAPH_BREAK", "paragraph_breaks", "paragraph_spans", "trim"]

PARAGRAPH_BREAK = re.compile(r"\s*\n\s*")


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the paragraphs of ``text``: the non-blank stretches between newlines.

    Articles from ingest separate paragraphs with a blank line; other text often with a
    single newline. A paragraph never holds a newline, so both read the same.
    """
    spans, start = [], 0
    for match in PARAGRAPH_BREAK.finditer(text):
        if text[start : match.start()].strip():
            spans.append(trim(text, start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append(trim(text, start, len(text)))
    return spans


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim whitespace from both ends of ``text[start:end]``."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


@Language.component("everyside_paragraph_breaks", assigns=["token.is_sent_start"])
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence at every paragraph; put it before the parser.

    The parser otherwise runs sentences over blank lines ('...," he said.\\n\\n"Next'),
    which attaches quotes to the cue of another paragraph.
    """
    if len(doc) < 2:
        return doc
    starts = doc.to_array("IDX").tolist()
    for match in PARAGRAPH_BREAK.finditer(doc.text):
        index = bisect_left(starts, match.end())
        if 0 < index < len(doc) and starts[index] == match.end():
            doc[index].is_sent_start = True
    return doc
