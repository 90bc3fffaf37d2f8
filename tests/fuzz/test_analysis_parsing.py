"""Property tests of number and date parsing (issue 20): no exception, spans inside the text.

The spans are checked through a rule pipeline (German; no statistical
model to load, so examples stay fast); ``make fuzz`` adds Indonesian and English.
"""

from __future__ import annotations

import time
from datetime import date
from functools import cache

from hypothesis import given
from hypothesis import strategies as st
from spacy.language import Language

from everyside.analyze.dates import resolve_date
from everyside.analyze.numbers import parse_number
from everyside.analyze.pipeline import build_pipeline
from tests.fuzz.profile import EXAMPLE_SECONDS, LONG, fuzz, fuzz_slow

LANGUAGES = ["de", "id", "en"] if LONG else ["de"]

pieces = st.sampled_from(
    ["12", "1,000", "1.000,5", "3.5", "40%", "$2.5 million", "€1,2 Mio.", "twelve", "zwölf",
     "Rp 5 miliar", "-7", "1e308", "9" * 40, "½", "٣", "０", "3 June 2024", "Montag",
     "last Tuesday", "2024-02-30", "(3/4)", "in 1999", "Rabu (3/4)", "on", "the", "said",
     "Juni", "pukul 10.00", ",", ".", "\n\n", "“", "”", "–", "\u00a0", "\u202f", "%"]
)  # fmt: skip
texts = st.lists(pieces | st.text(max_size=8), max_size=40).map(" ".join)
languages = st.sampled_from([None, "en", "de", "fr", "id", "es", "zz"])


@fuzz
@given(st.one_of(pieces, st.text(max_size=40)), languages)
def test_parse_number_returns_a_number_or_none(text: str, language: str | None) -> None:
    value = parse_number(text, language)
    assert value is None or isinstance(value, float)


@fuzz
@given(
    st.one_of(pieces, st.text(max_size=40)),
    st.none() | st.dates(date(1900, 1, 1), date(2100, 12, 31)),
    languages,
)
def test_resolve_date_never_raises(text: str, published: date | None, language: str | None) -> None:
    started = time.perf_counter()
    day, granularity = resolve_date(text, published=published, language=language)
    assert day is None or isinstance(day, date)
    assert granularity is None or isinstance(granularity, str)
    assert time.perf_counter() - started < EXAMPLE_SECONDS


@cache
def _pipeline(language: str) -> Language:
    return build_pipeline(language)


@fuzz_slow
@given(texts, st.sampled_from(LANGUAGES), st.none() | st.dates(date(2000, 1, 1)))
def test_numbers_and_dates_found_lie_inside_the_text(
    text: str, language: str, published: date | None
) -> None:
    nlp = _pipeline(language)
    started = time.perf_counter()
    doc = nlp.make_doc(text)
    doc._.published_on = published
    for _, component in nlp.pipeline:
        doc = component(doc)
    assert time.perf_counter() - started < EXAMPLE_SECONDS
    for found in [*(doc._.claims or []), *(doc._.times or [])]:
        assert 0 <= found.start < found.end <= len(text)
        assert text[found.start : found.end] == found.text
