"""Dates and relative times, resolved against the article's publication time.

The ``everyside_dates`` component finds time expressions (spaCy's DATE entities where a
model is loaded, and a multilingual pattern of weekdays, months and relative words
everywhere) and resolves each with dateparser: "on Wednesday" in an article published
on Thursday 20 June 2024 is 19 June 2024, "next month" is July 2024, "in April" is
April 2024. News refers back in time, so ambiguous weekdays and months resolve to the
past.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache, partial

from dateparser.data.languages_info import language_order
from dateparser.date import DateDataParser
from spacy.language import Language
from spacy.tokens import Doc

from everyside.analyze.calendar_words import CalendarWords, calendar_words
from everyside.analyze.nlp import doc_text, register_packing
from everyside.analyze.tense import Tense, tense_at

# An anchor that makes a recognizer's DATE entity a point in the calendar: without one
# it is a duration or an age ("two days", "the 78-year-old", "the last five years").
_YEAR = re.compile(r"\b\d{4}\b(?!s)")
_WRITTEN_YEAR = re.compile(r"\d{4}|\d[./]\d{1,2}[./]\d{2}\b")


@dataclass(frozen=True, slots=True)
class DateAnnotation:
    """A time expression: its span, the date it means and how precise that is."""

    start: int
    end: int
    text: str
    value: date | None
    granularity: str | None


register_packing("time_mention", DateAnnotation)

if not Doc.has_extension("times"):
    Doc.set_extension("times", default=None)


_DATEPARSER_LANGUAGES = frozenset(language_order)


@lru_cache(maxsize=256)
def _parser(language: str | None, published: date | None) -> DateDataParser:
    """A parser for one language and base date (dateparser fixes both per parser)."""
    settings: dict[str, object] = {"PREFER_DATES_FROM": "past"}
    if published is not None:
        settings["RELATIVE_BASE"] = datetime.combine(published, time(12))
    # A language dateparser does not know fails only at the first parse, not here.
    languages = ["en"]
    if language is not None and language != "en" and language in _DATEPARSER_LANGUAGES:
        languages.insert(0, language)
    if language not in (None, "en"):
        settings["DATE_ORDER"] = "DMY"  # "3/4" is the 3rd of April outside English
    try:
        return DateDataParser(languages=languages, settings=settings)
    except ValueError:  # a language dateparser does not know
        return DateDataParser(languages=["en"], settings=settings)


# News of one day repeats its time expressions ("on Wednesday", "last month") and
# dateparser takes a millisecond or more per call.
@lru_cache(maxsize=4096)
def resolve_date(
    text: str, *, published: date | None, language: str | None
) -> tuple[date | None, str | None]:
    """The date an expression means relative to ``published``, and its granularity.

    Without a publication date only expressions that name their year are resolved:
    "Wednesday" or "3 June" would otherwise be read relative to today.
    """
    if published is None and not re.search(r"\d{4}", text):
        return None, None
    if published is not None:
        named = calendar_words(language).meanings.get(text.strip().lower())
        if named is not None:
            return _resolve_named(*named, published)
    return _parsed(text, published, language)


def _resolve_named(kind: str, number: int, published: date) -> tuple[date, str]:
    """A bare weekday, month or relative word, as dateparser would resolve it, without it.

    Most expressions are one word ("Wednesday", "gestern", "July"), dateparser takes half
    a millisecond or more for each, and the tables say what the word names.
    """
    if kind == "weekday":
        day = published + timedelta(days=number - published.weekday())
        return _nearest_weekday(day, published), "day"
    if kind == "month name":  # the last such month, this one included (dateparser's "past")
        return date(published.year - (number > published.month), number, 1), "month"
    if kind == "week":
        return published + timedelta(weeks=number), "week"
    if kind == "month":
        months = published.year * 12 + published.month - 1 + number
        return date(months // 12, months % 12 + 1, 1), "month"
    if kind == "year":
        return date(published.year + number, 1, 1), "year"
    return published + timedelta(days=number), "day"


def _parsed(
    text: str, published: date | None, language: str | None
) -> tuple[date | None, str | None]:
    """dateparser's reading of an expression (see :func:`resolve_date`)."""
    numeric = re.search(r"\((\d{1,2}/\d{1,2})\)", text)  # "Rabu (3/4)": the day and month
    data = _parser(language, published).get_date_data(numeric.group(1) if numeric else text)
    if data.date_obj is None:
        return None, None
    day = data.date_obj.date()
    if published is not None and calendar_words(language).weekday.fullmatch(text.strip()):
        day = _nearest_weekday(day, published)
    # A month or a year means the period, which starts on its first day.
    if data.period == "month":
        day = day.replace(day=1)
    elif data.period == "year":
        day = day.replace(month=1, day=1)
    return day, data.period


# Words that point a month or weekday forward or back ("next July", "letzten Montag").
_FORWARD = re.compile(
    r"\b(?:next|coming|this|nächste[nmrs]?|kommende[nmrs]?|diese[nmrs]?|próximo|próxima|este|esta"
    r"|prochain|prochaine|ce|cette|depan|mendatang|ini|gelecek|bu|przyszł\w*|najbliższ\w*)\b",
    re.I,
)
_BACK = re.compile(
    r"\b(?:last|past|previous|letzte[nmrs]?|vergangene[nmrs]?|vorige[nmrs]?|pasado|pasada"
    r"|dernier|dernière|passé|lalu|geçen|ubiegł\w*|zeszł\w*)\b",
    re.I,
)
_YEAR_OR_DAY = re.compile(r"\d")


def resolve_directed(
    text: str,
    published: date,
    language: str | None,
    tense: Callable[[], Tense | None],
) -> tuple[date, str] | None:
    """A bare month or weekday resolved by "next"/"last" words, else by the verb's tense.

    "in July" in a June 2024 article is July 2024 when it will happen or happens, July
    2023 when it happened; "next Monday" is after the publication day, "last Monday"
    before it. None when the expression names a day or year, or nothing points a way
    (the resolver's choice stands).
    """
    if _YEAR_OR_DAY.search(text):
        return None
    bare = _strip_preposition(_BACK.sub("", _FORWARD.sub("", text))).strip(" ,")
    words = calendar_words(language)
    is_month = words.month.fullmatch(bare) is not None
    if not is_month and words.weekday.fullmatch(bare) is None:
        return None
    direction: str | None = None
    if _FORWARD.search(text):
        direction = (
            "next"
            if re.match(r"\s*(?:next|coming|nächste|kommende|próxim|prochain)", text, re.I)
            else "forward"
        )
    elif _BACK.search(text):
        direction = "last"
    else:
        direction = {"future": "forward", "past": "back"}.get(tense() or "")
    if direction is None:
        return None
    value, _ = resolve_date(bare, published=published, language=language)
    if value is None:
        return None
    if is_month:
        month = value.month
        ahead = month > published.month or (month == published.month and direction == "forward")
        behind = month < published.month or (month == published.month and direction == "back")
        year = published.year
        if direction in ("forward", "next") and not ahead:
            year += 1
        elif direction in ("back", "last") and not behind:
            year -= 1
        return date(year, month, 1), "month"
    ahead_days = (value.weekday() - published.weekday()) % 7
    if direction == "forward":
        return published + timedelta(days=ahead_days), "day"
    if direction == "next":
        return published + timedelta(days=ahead_days or 7), "day"
    behind_days = (published.weekday() - value.weekday()) % 7
    if direction == "last":
        behind_days = behind_days or 7
    return published - timedelta(days=behind_days), "day"


def _nearest_weekday(day: date, published: date) -> date:
    """That weekday in the week around the publication: the last four days or the next two.

    dateparser reads "Wednesday" in an article of Wednesday as a week ago and "Thursday"
    as six days ago; reports mean the same day and, usually, the next.
    """
    ahead = (day.weekday() - published.weekday()) % 7
    offset = ahead if ahead <= 2 else ahead - 7
    return published + timedelta(days=offset)


class DateFinder:
    """Finds and resolves time expressions (see the module doc)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        """Annotate ``doc._.times``."""
        self.set_annotations(doc, self.find(doc))
        return doc

    def find(self, doc: Doc) -> list[DateAnnotation]:
        """Every time expression in the doc, resolved."""
        language = doc.lang_ if doc.lang_ != "xx" else None
        published = doc._.published_on if doc.has_extension("published_on") else None
        words = calendar_words(language)
        whole = doc_text(doc)
        spans = [
            (e.start_char, e.end_char)
            for e in doc.ents
            if e.label_ == "DATE" and (words.expression.search(e.text) or _YEAR.search(e.text))
        ]
        covered = [range(start, end) for start, end in spans]
        spans += [
            (m.start(), m.end())
            for m in words.expression.finditer(whole)
            if not any(m.start() in r for r in covered) and _is_written_as_date(m[0], words)
        ]
        found = []
        for start, end in sorted(spans):
            text = whole[start:end]
            tense = partial(tense_at, doc, start, end)
            value, granularity = resolve_date(
                _strip_preposition(text), published=published, language=language
            )
            if value is None and (named := words.weekday.search(text)):
                # "today, Tuesday", "اليوم الثلاثاء": the day named
                value, granularity = resolve_date(named[0], published=published, language=language)
            if published is not None and value is not None and not _WRITTEN_YEAR.search(text):
                if granularity == "day" and re.search(r"\d", text):
                    value = _year_in_reach(value, published, tense())
                elif abs(value.year - published.year) > 1:
                    value, granularity = None, None  # a guess years away from a text naming none
            if published is not None and granularity in ("day", "month", None):
                directed = resolve_directed(text, published, language, tense)
                if directed is not None:
                    value, granularity = directed
            found.append(DateAnnotation(start, end, text, value, granularity))
        return found

    def set_annotations(self, doc: Doc, times: list[DateAnnotation]) -> None:
        """Write the time expressions to the doc."""
        doc._.times = times


def _is_written_as_date(text: str, words: CalendarWords) -> bool:
    """False for a bare month or weekday in lowercase where such names take a capital."""
    if not words.capitalized or re.search(r"\d", text):
        return True
    bare = text.strip()
    is_name = words.month.fullmatch(bare) or words.weekday.fullmatch(bare)
    return not is_name or bare[:1].isupper()


def _year_in_reach(value: date, published: date, tense: Tense | None) -> date:
    """A day and month written without a year, in the year the tense or nearness gives.

    dateparser puts "15 January" in a 2 January article a year back; news means the
    coming one when told in the future, the last when in the past, else the nearer.
    """
    candidates = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidates.append(value.replace(year=year))
        except ValueError:  # 29 February
            continue
    if tense == "future":
        candidates = [c for c in candidates if c >= published] or candidates
    elif tense == "past":
        candidates = [c for c in candidates if c <= published] or candidates
    return min(candidates, key=lambda c: abs((c - published).days))


def _strip_preposition(text: str) -> str:
    # dateparser reads "Wednesday" but not "on Wednesday"; "am Mittwoch" likewise.
    return re.sub(r"^(?:on|in|at|am|im|el|le|w|we|pada|hari)\s+", "", text.strip(), flags=re.I)


@Language.factory("everyside_dates", assigns=["doc._.times"], default_config={})
def make_date_finder(nlp: Language, name: str) -> DateFinder:
    """Create the date finder."""
    return DateFinder(nlp, name)
