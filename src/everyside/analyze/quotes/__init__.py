"""Find quotes in news text: direct, partial, unmarked and indirect, with cue, speaker and medium.

The spaCy component ``everyside_quotes`` writes a list of ``QuoteAnnotation`` to
``doc._.quotes``; importing this package registers it. It works in three steps, one
part of the package each:

1. ``marks``: quote marks are paired on the characters of the text
   (``find_marked_spans``), for every language: straight, curly, low-9, guillemets and
   single marks, with the news conventions for unbalanced marks and quotes that run
   over several paragraphs.
2. ``parsed``: with a dependency parse (English), a quote's cue is the reporting verb
   that governs it or stands next to it, and its speaker is that verb's subject; a
   reporting verb's clausal complement is an indirect quote. ``lexical``: without a
   parse (other languages), cue words from ``analyze/cues.py`` next to the quote are
   used, and the speaker is the nearest capitalized name beside the cue.
3. ``speakers``: pronoun and role-noun speakers ("he added", "the Kremlin official
   said") are linked to the most recent compatible named speaker or person mention
   before them, by one ``SpeakerChain`` for both paths.

``context`` and ``drafts`` hold what both paths share; ``component`` is the spaCy
component. The package imports ``analyze/attribution.py``, ``analyze/cues.py``,
``analyze/nlp.py``, ``analyze/paragraphs.py`` and ``everyside.model``, nothing else of
everyside.
"""

from __future__ import annotations

from everyside.analyze.paragraphs import paragraph_spans
from everyside.analyze.quotes.annotation import EXTENSION, QuoteAnnotation
from everyside.analyze.quotes.component import DEFAULT_SETTINGS, QuoteFinder, make_quote_finder
from everyside.analyze.quotes.marks import MarkedSpan, find_marked_spans

__all__ = [
    "DEFAULT_SETTINGS",
    "EXTENSION",
    "MarkedSpan",
    "QuoteAnnotation",
    "QuoteFinder",
    "find_marked_spans",
    "make_quote_finder",
    "paragraph_spans",
]
