"""Numbers that are not claims: dates, times of day, names, ordinals, list numbers, furniture.

A number claim states a quantity of something. Most numbers in news that do not are
recognizable by their form and neighbours in any language: a day or year beside a month
name (month names in the article's language come from dateparser's locale data), a time
of day ("02:17", "8 p.m.", "15 h 30", "um 11 Uhr", "saat 6.15'te"), a numeric date, a
number glued to a name ("COVID-19", "P4", "5G", and "Covid 19" once the article has
written "Covid-19"), an ordinal suffix ("21st", "7'nci", "2e"), list numbering at the
start of a line, and phone numbers.
"""

from __future__ import annotations

import re
from functools import lru_cache

from dateparser.languages.loader import default_loader

_MONTH_KEYS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
# Day numbers joined into a range before a month ("del 14 al 16 de julio", "25-30 June").
_RANGE_WORDS = r"-|–|to|bis|al|au|a|i|ve|و|и|do"
# Joiners between a day and its month ("14 de diciembre", "5th of May", "20. Februar").
_DAY_MONTH = r"(?:\.|st|nd|rd|th|er)?\s*(?:de\s+|of\s+|del\s+)?"
# Units glued to a number that still make it a quantity ("5km", "2.7m", "$5bn", "30k").
_GLUED_UNITS = re.compile(
    r"(?:bn|mn|m|k|km|cm|mm|kg|mph|km/h|ha|ml|mw|gw|kwh|min|tn)(?![^\W\d_])",
    re.I,
)
# Clock times: hh:mm[:ss], and hh.mm or "hh h mm" with a time-of-day cue.
# Each digit pattern opens with a lookahead of the characters a match can start with:
# scanning a text, every other position fails at once instead of at each alternative.
_CLOCK = re.compile(
    r"(?=[\d\u0627astg])(?:"  # a digit, or the first letter of a time word below
    r"(?<![\d.,:])\d{1,2}:\d{2}(?::\d{2})?(?!\d)\s*(?:[ap]\.?m\.?|h\b|uhr\b|hs\b)?"
    r"|(?<![\d.,:])\d{1,2}\s?h\s?\d{2}(?!\d)"
    r"|(?<![\d.,:])\d{1,2}(?:[.:]\d{2})?\s?(?:[ap]\.\s?m\.|[ap]m\b|uhr\b|o'clock|h\b(?!\s?\d))"
    r"|(?:\b(?:a\s+las|a\s+la|saat|tsi|tsİ|godz\.?|godzinie|الساعة)\s+)"
    r"(?:[01]?\d|2[0-4])(?:[.:,]\d{2})?(?![\d.,]?\d)"
    r"|(?<![\d.,:])\d{1,2}\.\d{2}(?=['’](?:t|d)[ae]\b))",
    re.I,
)
# Numeric dates: 31/12/2019, 13.02.2020, 15.4.20, 2020-03-31, 7/24 (round the clock).
_NUMERIC_DATE = re.compile(
    r"(?=\d)(?<![\d.,/])"
    r"(?:\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2})(?![\d/])"
)
# Phone numbers: a "+" and three or more digit groups, or four groups or more.
_PHONE = re.compile(
    r"(?=[+\d])(?:\+\d{1,3}(?:[ \u00a0]\d{2,4}){2,}|(?<![\d.,])\d{2,4}(?: \d{2,4}){3,})"
)
# List numbering: a small number at a line start, then "." or ")" and a capital letter.
_LIST_NUMBER = re.compile(r"(?:^|\n)\s*(\d{1,2})[.)]\s+(?=[^\W\d_])", re.M)
# Ordinal endings written on digits, in the languages everyside reads.
_ORDINAL_SUFFIX = re.compile(
    r"(?:st|nd|rd|th|er|e|ème|eme|º|ª|\.º|\.ª|°)(?![^\W\d_])"
    r"|['’](?:inci|ıncı|üncü|uncu|nci|ncı|ncü|ncu|ci|cı|cü|cu)\b",
    re.I,
)
# A name with a number joined by a hyphen: "COVID-19", "Ka-52", "كوفيد -19". A match
# starts where its run of letters does (the lookbehind spares retrying inside a word).
_HYPHEN_NAME = re.compile(r"(?<![^\W\d_])([^\W\d_]{2,})\s?[-‐–]\s?(\d{1,4})(?![\d.,]\d)")


@lru_cache(maxsize=32)
def month_pattern(language: str | None) -> re.Pattern[str]:
    """Month names and dotted abbreviations in a language and English (dateparser's data)."""
    names: set[str] = set()
    initials: set[str] = set()
    for code in {"en", language or "en"}:
        try:
            info = default_loader.get_locale(code).info
        except (KeyError, ValueError):
            continue
        for key in _MONTH_KEYS:
            for form in info.get(key, ()):
                form = str(form).lower().rstrip(".")
                initials.add(form[:1])
                if len(form) > 3:
                    names.add(re.escape(form))
                elif form == max(info[key], key=len).lower():
                    # A short full name ("mai", "maj"); English "may" only as "May".
                    names.add("(?-i:May)" if form == "may" else re.escape(form))
                else:
                    # Short forms only with their dot ("Jan.", "sty."): "mar" is a sea.
                    names.add(rf"{re.escape(form)}\.")
    alternatives = "|".join(sorted(names, key=len, reverse=True))
    # A word that starts with no month's letter fails at once, not at every alternative.
    gate = "" if "" in initials else f"(?=[{''.join(map(re.escape, sorted(initials)))}])"
    # Suffixes may follow a name ("Şubat'tan", "Aralık'ta"); letters may not.
    return re.compile(rf"(?<![^\W\d_]){gate}(?:{alternatives})(?![^\W\d_])", re.I)


@lru_cache(maxsize=32)
def year_words(language: str | None) -> frozenset[str]:
    """Words for "year" in a language and English ("Jahr", "año", "عام", "г", "r")."""
    words: set[str] = set()
    for code in {"en", language or "en"}:
        try:
            words.update(str(w).lower() for w in default_loader.get_locale(code).info["year"])
        except (KeyError, ValueError):
            continue
    return frozenset(words)


def date_spans(text: str, language: str | None) -> list[tuple[int, int]]:
    """Spans of dates and times of day written with numbers, in the article's language."""
    months = month_pattern(language).pattern
    day = r"(?<![\d.,])(?:[12]\d|3[01]|0?[1-9])"
    year = r"(?:1[89]\d\d|20\d\d)"
    spoken = re.compile(
        rf"{day}(?:\s*(?:{_RANGE_WORDS})\s*{day})?{_DAY_MONTH}(?:{months})"
        rf"(?:['’]\w+)?(?:,?\s+(?:de\s+|del\s+)?{year}(?!\d))?"
        rf"|(?:{months})\.?\s*{day}(?!\d)(?:\s*(?:st|nd|rd|th))?(?:,?\s+{year}(?!\d))?"
        rf"|(?<!\d){year}\s+(?:{months})|(?:{months})\s+(?:de\s+)?{year}(?!\d)",
        re.I,
    )
    spans = [(m.start(), m.end()) for m in spoken.finditer(text)]
    for pattern in (_CLOCK, _NUMERIC_DATE, _PHONE):
        spans += [(m.start(), m.end()) for m in pattern.finditer(text)]
    spans += [(m.start(1), m.end(1)) for m in _LIST_NUMBER.finditer(text)]
    return spans


def name_numbers(text: str) -> set[str]:
    """Names an article writes with a hyphen and a number ("covid 19"), folded."""
    return {f"{m[1].lower()} {m[2]}" for m in _HYPHEN_NAME.finditer(text)}


def not_a_claim(text: str, start: int, end: int, names: set[str]) -> str | None:
    """Why the number at text[start:end] is not a claim by its form, or None."""
    before = text[start - 1] if start else " "
    if before.isalpha() or (before in "-‐–" and start > 1 and text[start - 2].isalpha()):
        return "name"  # "P4", "H10", "COVID-19"
    after = text[end:]
    if (after[:1].isalpha() and not _GLUED_UNITS.match(after)) or _ORDINAL_SUFFIX.match(after):
        return "ordinal" if _ORDINAL_SUFFIX.match(after) else "name"  # "21st", "5G"
    previous = re.search(r"([^\W\d_]{2,})\s?[-‐–]?\s?\Z", text[max(0, start - 40) : start])
    if previous and f"{previous[1].lower()} {text[start:end]}" in names:
        return "name"  # "Covid 19" in an article that writes "Covid-19"
    return None
