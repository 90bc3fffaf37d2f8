"""Regular expressions that recognize metadata and boilerplate in article text.

Kept as data in one module so that new site conventions are added here, not in code.
"""

from __future__ import annotations

import re

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_CLOCK = r"\d{1,2}:\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?"
# "June 20 2024, 12:17 AM", "20 June 2024 12:17", "20.06.2024, 00:17", "2024-06-20 00:17"
DATE = (
    rf"(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}"
    rf"|\d{{1,2}}\.\d{{1,2}}\.\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})(?:,?\s+{_CLOCK})?"
)
_SEPARATOR = r"\s*[•·|–—]\s*"
_VIEWS = r"(?P<views>\d[\d,.\u00a0 ]*?)\s*views?"

# A line holding only a publication time, optionally with a view counter.
TIMESTAMP_LINE = re.compile(rf"^\s*(?P<date>{DATE})(?:{_SEPARATOR}{_VIEWS})?\s*$", re.I)

# The end of a related-article teaser: another article's headline is followed by its own
# time and view count. Only the end is matched, so no headline start is ever guessed at.
TEASER_TAIL = re.compile(rf"(?P<date>{DATE}){_SEPARATOR}{_VIEWS}\s*$", re.I)

# Where a teaser glued to the last body sentence begins.
SENTENCE_END = re.compile(r"[.!?][\"”’»)]?\s*(?=[A-Z\"“«])")

# "Kyiv  •  UNN": a place and an outlet on one line.
BYLINE_LINE = re.compile(
    r"^\s*(?P<place>[^\W\d][\w .'’-]{0,40}?)\s*[•·|]\s*(?P<outlet>[^\W\d][\w .&'’-]{0,60}?)\s*$"
)

# "JAKARTA - ", "NEW YORK (Reuters) — ", "BERLIN, June 19 (dpa) - ", "Kyiv (UNN) - "
DATELINE = re.compile(
    r"^(?:(?P<caps>[A-Z][A-Z'’.]{2,}(?:[ /-][A-Z][A-Z'’.]+)*)|(?P<titled>[A-Z][a-z]+(?= ?\()))"
    r"(?:,\s*(?P<region>[^-–—()]{2,30}?))?\s*(?:\((?P<agency>[^)]{2,40})\))?\s*[-–—]{1,2}\s+(?=\S)"
)

# "(Reuters) - ", "(AFP) — ": an agency credit opening the first paragraph, with no place.
AGENCY_LEAD = re.compile(r"^\((?P<agency>[^\W\d][^)]{1,39})\)\s*[-–—]{1,2}\s+(?=\S)")

# A line of its own naming where the article comes from: "Source: Harbour Post" (the label
# in the languages of the corpora), or "By Lena Quist, Harbour Post" (a name, then the
# outlet after a comma or bar).
SOURCE_LINE = re.compile(
    r"^\s*(?:source|sources|quelle|fuente|fonte|kaynak|sumber|źródło|bron|källa|kilde"
    r"|джерело|источник|المصدر)\s*:\s*(?P<outlet>[^\W\d][^:]{0,60}?)\s*[.]?\s*$",
    re.I,
)
BY_LINE = re.compile(
    r"^\s*(?:by|von|por|par|oleh|di)\s+(?P<author>[^\W\d][^,|]{1,60}?)\s*[,|]\s*"
    r"(?P<outlet>[^\W\d][\w .&'’-]{1,60}?)\s*$",
    re.I,
)

# Lines that point to other articles: the label alone, or label plus a headline.
SEE_ALSO = re.compile(
    r"^\s*(?:see also|read also|also read|read more|related|more on this|baca juga|lihat juga"
    r"|lesen sie auch|mehr zum thema|lea también|lee también|vea también|lire aussi)"
    r"\s*(?::.*)?$",
    re.I,
)

# Section labels that sites put between paragraphs (matched case-insensitively).
SECTION_LABELS = frozenset(
    {"details", "addition", "read also", "also", "more", "video", "photo", "update", "context"}
)
# Otherwise: a paragraph of at most this many words with no punctuation or digits.
SECTION_LABEL_MAX_WORDS = 2
SECTION_LABEL_SHAPE = re.compile(r"^[^\W\d_][^\W\d_ '’-]*(?: [^\W\d_][^\W\d_'’-]*)?$")

# Wire credits closing an article: "(Reporting by ...; editing by ...)".
CREDIT = re.compile(
    r"^\s*\((?:additional )?(?:reporting|writing|editing|compiled|mit material)\b[^)]*\)\s*$", re.I
)

# Site chrome that extraction sometimes leaves in: ads, sharing, subscription prompts.
SITE_CHROME = re.compile(
    r"^\s*(?:advertisement|anzeige|iklan|publicidad|share this article|share on \w+"
    r"|follow us on .{1,40}|subscribe to .{1,60}|sign up for .{1,60}|all rights reserved.*"
    r"|we use cookies.{0,120}|accept all( cookies)?"
    r"|(?:©|\(c\)|copyright)\s*\d{4}.{0,300})\s*$",
    re.I,
)
