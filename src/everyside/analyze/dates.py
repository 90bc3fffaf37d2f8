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

from everyside.analyze.nlp import doc_text, register_packing
from everyside.analyze.tense import Tense, tense_at

_WEEKDAYS = (
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag"
    r"|lunes|martes|miércoles|jueves|viernes|sábado|domingo"
    r"|senin|selasa|rabu|kamis|jumat|sabtu|minggu"
)
_MONTH_NAMES = (
    r"january|february|march|april|may|june|july|august|september|october|november|december"
    r"|januar|februar|märz|juni|juli|oktober|dezember"
    r"|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre"
    r"|januari|februari|maret|mei|agustus|oktober|desember"
)
_RELATIVE = (
    r"yesterday|today|tomorrow|last (?:week|month|year)|next (?:week|month|year)"
    r"|this (?:week|month|year)|gestern|heute|morgen|vorige woche|nächste woche"
    r"|nächsten monat|ayer|hoy|mañana|la próxima semana|el próximo mes|el mes que viene"
    r"|kemarin|hari ini|besok|pekan lalu|pekan depan|bulan depan|tahun depan"
)
_BARE_WEEKDAY = re.compile(rf"(?:{_WEEKDAYS})", re.I)
TIME_EXPRESSION = re.compile(
    rf"\b(?:(?:{_WEEKDAYS})(?:\s*\(\d{{1,2}}/\d{{1,2}}\))?"
    rf"|\d{{1,2}}\.?\s+(?:de\s+)?(?:{_MONTH_NAMES})(?:,?\s+(?:de\s+)?\d{{4}})?"
    rf"|(?:{_MONTH_NAMES})\s+\d{{1,2}}(?:,?\s+\d{{4}})?"
    rf"|(?:{_MONTH_NAMES})(?:\s+\d{{4}})?"
    rf"|{_RELATIVE})(?!\w)",
    re.I,
)


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
    numeric = re.search(r"\((\d{1,2}/\d{1,2})\)", text)  # "Rabu (3/4)": the day and month
    data = _parser(language, published).get_date_data(numeric.group(1) if numeric else text)
    if data.date_obj is None:
        return None, None
    day = data.date_obj.date()
    if published is not None and _BARE_WEEKDAY.fullmatch(text.strip()):
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
    is_month = re.fullmatch(rf"(?:{_MONTH_NAMES})", bare, re.I) is not None
    if not is_month and _BARE_WEEKDAY.fullmatch(bare) is None:
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
        spans = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "DATE"]
        covered = [range(start, end) for start, end in spans]
        whole = doc_text(doc)
        spans += [
            (m.start(), m.end())
            for m in TIME_EXPRESSION.finditer(whole)
            if not any(m.start() in r for r in covered)
        ]
        found = []
        for start, end in sorted(spans):
            text = whole[start:end]
            value, granularity = resolve_date(
                _strip_preposition(text), published=published, language=language
            )
            if (
                published is not None
                and value is not None
                and not re.search(r"\d{4}", text)
                and abs(value.year - published.year) > 1
            ):
                value, granularity = None, None  # a guess years away from a text naming none
            if published is not None and granularity in ("day", "month", None):
                directed = resolve_directed(
                    text, published, language, partial(tense_at, doc, start, end)
                )
                if directed is not None:
                    value, granularity = directed
            found.append(DateAnnotation(start, end, text, value, granularity))
        return found

    def set_annotations(self, doc: Doc, times: list[DateAnnotation]) -> None:
        """Write the time expressions to the doc."""
        doc._.times = times


def _strip_preposition(text: str) -> str:
    # dateparser reads "Wednesday" but not "on Wednesday"; "am Mittwoch" likewise.
    return re.sub(r"^(?:on|in|at|am|im|el|pada|hari)\s+", "", text.strip(), flags=re.I)


@Language.factory("everyside_dates", assigns=["doc._.times"], default_config={})
def make_date_finder(nlp: Language, name: str) -> DateFinder:
    """Create the date finder."""
    return DateFinder(nlp, name)
