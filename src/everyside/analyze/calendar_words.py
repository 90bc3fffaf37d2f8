"""Month, weekday and relative-day words of each language, from dateparser's own tables.

dateparser resolves what the date finder finds, and ships for each of its languages the
names of months and weekdays and the words for "yesterday", "next week" and the like.
Finding expressions with the same words means every language dateparser reads is found,
not only those someone wrote a list for. Abbreviations are left out ("mar" is the sea in
Spanish, "Nie" a negation in Polish): a form is kept when it has three letters or more
and is not the start of a longer form of the same word.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from functools import lru_cache

from dateparser.data.languages_info import language_order

_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
# Relative-day entries of dateparser's tables that name a day, week, month or year in
# reach of the publication ("yesterday", "la semana pasada", "w przyszłym tygodniu");
# counts of days ("يومين", two days) are durations, not dates.
_RELATIVE_KEY = re.compile(
    r"[0-2] (?:day|week|month|year) ago|in [12] (?:day|week|month|year)"
    r"|(?:last|this|next) \w+day"
)
_RELATIVE_MEANING = re.compile(r"(?:(?P<ago>\d) (?P<unit>\w+) ago|in (?P<ahead>\d) (?P<unit2>\w+))")
# Languages that write month and weekday names with a capital: there a lowercase "may"
# or "march" is a verb.
_CAPITALIZED = frozenset({"en", "de", "nl", "id", "ms"})
# Words a relative form must not follow: Spanish "mañana" is tomorrow, but "esta
# mañana", "la mañana" or "cada mañana" is a morning.
_NOT_AFTER: dict[str, tuple[str, ...]] = {
    "es": ("la ", "esta ", "una ", "cada ", "media ", "toda ")
}
_NUMERIC_DATE = r"\d{1,2}[./]\d{1,2}[./](?:\d{4}|\d{2})"


@dataclass(frozen=True, slots=True)
class CalendarWords:
    """One language's time-expression pattern and its bare month and weekday names.

    ``meanings`` maps each bare form to what it names, read from the same tables:
    ``("weekday", 0..6)``, ``("month name", 1..12)`` or a unit and an offset from the
    publication (``("day", -1)`` for "yesterday", ``("week", 1)`` for "next week"); a
    form the tables give two meanings is left out.
    """

    expression: re.Pattern[str]
    weekday: re.Pattern[str]
    month: re.Pattern[str]
    capitalized: bool
    meanings: dict[str, tuple[str, int]]


def _kept(forms: list[str]) -> list[str]:
    """The full forms of one word, longest first (see the module doc)."""
    lowered = {form.lower() for form in forms if not form.endswith(".")}
    return sorted(
        (
            form
            for form in lowered
            if len(form) > 2
            and not any(other != form and other.startswith(form) for other in lowered)
        ),
        key=len,
        reverse=True,
    )


def _alternation(forms: list[str]) -> str:
    return "|".join(re.escape(form) for form in sorted(set(forms), key=len, reverse=True))


@lru_cache(maxsize=64)
def calendar_words(language: str | None) -> CalendarWords:
    """The words of ``language`` (English when dateparser does not know it)."""
    known = language if language is not None and language in language_order else "en"
    info = importlib.import_module(f"dateparser.data.date_translation_data.{known}").info
    named_weekdays = [
        (form, ("weekday", index))
        for index, key in enumerate(_WEEKDAYS)
        for form in _kept(info.get(key, []))
    ]
    named_months = [
        (form, ("month name", index))
        for index, key in enumerate(_MONTHS, start=1)
        for form in _kept(info.get(key, []))
    ]
    named_relatives = [
        (form, _relative_meaning(key))
        for key, forms in info.get("relative-type", {}).items()
        if _RELATIVE_KEY.fullmatch(key)
        for form in _kept(forms)
    ]
    months = _alternation([form for form, _ in named_months])
    weekdays = _alternation([form for form, _ in named_weekdays])
    relative = _alternation([form for form, _ in named_relatives])
    not_after = "".join(f"(?<!\\b{re.escape(word)})" for word in _NOT_AFTER.get(known, ()))
    day_month = rf"\d{{1,2}}\.?\s+(?:de\s+)?(?:{months})(?:,?\s+(?:de\s+)?\d{{4}})?"
    expression = (
        rf"\b(?:(?:{weekdays})(?:\s*\(\d{{1,2}}/\d{{1,2}}\)|,?\s+{day_month})?"
        rf"|{day_month}"
        rf"|(?:{months})\s+\d{{1,2}}(?:,?\s+\d{{4}})?"
        rf"|(?:{months})(?:\s+\d{{4}})?"
        rf"|{_NUMERIC_DATE}"
        + (rf"|{not_after}(?:{relative})(?:,?\s+(?:{weekdays}))?" if relative else "")
        + r")(?!\w)"
    )
    return CalendarWords(
        expression=re.compile(expression, re.I),
        weekday=re.compile(rf"(?:{weekdays})", re.I),
        month=re.compile(rf"(?:{months})", re.I),
        capitalized=known in _CAPITALIZED,
        meanings=_unambiguous([*named_weekdays, *named_months, *named_relatives]),
    )


def _relative_meaning(key: str) -> tuple[str, int] | None:
    """The unit and offset a relative-type key of the tables names ("1 day ago"), if any."""
    found = _RELATIVE_MEANING.fullmatch(key)
    if found is None:  # "last monday" and the like: left to dateparser
        return None
    unit = found["unit"] or found["unit2"]
    return unit, -int(found["ago"]) if found["ago"] else int(found["ahead"])


def _unambiguous(
    named: list[tuple[str, tuple[str, int] | None]],
) -> dict[str, tuple[str, int]]:
    """Each form with its one meaning (see :class:`CalendarWords`)."""
    meanings: dict[str, set[tuple[str, int] | None]] = {}
    for form, meaning in named:
        meanings.setdefault(form, set()).add(meaning)
    return {
        form: meaning
        for form, found in meanings.items()
        if len(found) == 1 and (meaning := next(iter(found))) is not None
    }
