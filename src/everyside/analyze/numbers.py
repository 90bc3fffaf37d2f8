"""Numeric claims: counts, money, percentages, ranges and years, normalized, in any language.

The ``everyside_numbers`` component reads numbers with the decimal and thousands
conventions of the article's language ("1,37 persen" is 1.37; "1,000 troops" is 1000),
scale words ("8,5 juta", "2.5 billion", "14 Millionen"), currencies, percent words and
qualifiers ("about", "more than", "sekitar"). With a parse (English) the unit and what
the number quantifies come from the syntax; otherwise from the next word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from everyside.analyze.nlp import doc_text, register_packing
from everyside.analyze.not_claims import date_spans, name_numbers, not_a_claim, year_words

# Languages writing 1.000,5 rather than 1,000.5.
_DECIMAL_COMMA = {"de", "es", "id", "fr", "it", "nl", "pt", "uk", "ru", "pl", "tr"}

_SCALES = {
    "thousand": 1e3, "million": 1e6, "millions": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9,
    "billions": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12,
    "tausend": 1e3, "millionen": 1e6, "mio": 1e6, "milliarde": 1e9,
    "milliarden": 1e9, "mrd": 1e9, "billionen": 1e12,
    "mil": 1e3, "millón": 1e6, "millones": 1e6, "mil millones": 1e9, "billón": 1e12,
    "ribu": 1e3, "juta": 1e6, "miliar": 1e9, "triliun": 1e12,
    "bin": 1e3, "milyon": 1e6, "milyar": 1e9, "tys": 1e3, "tysięcy": 1e3, "mln": 1e6,
    "mld": 1e9, "mille": 1e3, "milliards": 1e9, "milliard": 1e9, "ألف": 1e3, "آلاف": 1e3,
    "مليون": 1e6, "ملايين": 1e6, "مليار": 1e9, "тыс": 1e3, "млн": 1e6, "млрд": 1e9,
}  # fmt: skip
# Scale words a smaller number may follow: "2 bin 369" is 2369, "23 ألف و682" 23682.
_THOUSANDS = frozenset({"bin", "ألف", "آلاف", "tys", "tysięcy", "тыс", "mil", "tausend", "ribu"})
# Languages that group thousands with a plain space ("4 228", "15 319").
_SPACE_GROUPS = frozenset({"fr", "pl", "ru", "uk", "cs", "sk", "sv", "nb", "fi", "et", "hu"})
_CURRENCIES = {
    "$": "USD", "us$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD", "dólares": "USD",
    "dolar": "USD", "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR", "£": "GBP",
    "gbp": "GBP", "pound": "GBP", "pounds": "GBP", "¥": "JPY", "yen": "JPY", "rp": "IDR",
    "rupiah": "IDR", "c$": "CAD", "cad": "CAD", "rubles": "RUB", "roubles": "RUB",
    "دولار": "USD", "دولارا": "USD", "يورو": "EUR", "جنيه": "EGP", "ريال": "SAR",
    "درهم": "AED", "tl": "TRY", "lira": "TRY", "avro": "EUR", "zł": "PLN", "złotych": "PLN",
    "dolarów": "USD", "рублей": "RUB", "долларов": "USD", "евро": "EUR", "franken": "CHF",
}  # fmt: skip
_CURRENCY_CODES = frozenset(_CURRENCIES.values())
_PERCENT_WORDS = r"%|per\s?cent|percent|prozent|por\s?ciento|persen|pour\s?cent"
_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12, "a dozen": 12,
    "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9,
    "zehn": 10, "elf": 11, "zwölf": 12, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6,
    "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "doce": 12, "dua": 2, "tiga": 3,
    "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8, "sembilan": 9, "sepuluh": 10,
    "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "zweiten": 2, "dritten": 3,
    "vierten": 4, "fünften": 5, "segundo": 2, "tercer": 3, "tercero": 3, "cuarto": 4,
    "quinto": 5, "kedua": 2, "ketiga": 3, "keempat": 4, "kelima": 5,
}  # fmt: skip
# The number words each language reads; ordinals ("second", "segundo") rank, never count.
_LANGUAGE_WORDS = {
    "en": frozenset({
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "dozen", "a dozen",
    }),
    "de": frozenset({
        "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf", "zwölf",
    }),
    "es": frozenset({
        "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez", "doce",
    }),
    "id": frozenset({
        "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh",
    }),
}  # fmt: skip
_ORDINALS = frozenset({
    "second", "third", "fourth", "fifth", "sixth", "zweiten", "dritten", "vierten", "fünften",
    "segundo", "tercer", "tercero", "cuarto", "quinto", "kedua", "ketiga", "keempat", "kelima",
})  # fmt: skip
# Nouns after an ordinal that make it a count of occurrences (up to two words between).
_OCCURRENCE = re.compile(
    r"(?:\s+[^\W\d_]+){0,2}?\s+(?:times?|mal|vez|veces|kali|titles?|títulos?|titel"
    r"|terms?|mandatos?|amtszeit|championships?|victory|wins?|consecutive)\b",
    re.I,
)
_QUALIFIERS = {
    "about": "approximately", "around": "approximately", "roughly": "approximately",
    "nearly": "at most", "almost": "at most", "some": "approximately", "up to": "at most",
    "more than": "more than", "over": "more than", "at least": "at least",
    "less than": "less than", "fewer than": "less than", "under": "less than",
    "rund": "approximately", "etwa": "approximately", "fast": "at most",
    "mehr als": "more than", "mindestens": "at least", "weniger als": "less than",
    "unos": "approximately", "unas": "approximately", "cerca de": "approximately",
    "casi": "at most", "más de": "more than", "menos de": "less than",
    "sekitar": "approximately", "hampir": "at most", "lebih dari": "more than",
    "sedikitnya": "at least", "setidaknya": "at least", "kurang dari": "less than",
}  # fmt: skip

# Thin and non-breaking spaces group thousands in French; a plain space never does here,
# as it would join "June 20 2024" into one number.
_DIGITS = r"\d{1,3}(?:[.,\u00a0\u202f]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"


# The same matches as "longest|...|shortest", but a scan no longer tries every word at
# every position of a text (the number pattern's scan takes 40 % less).
def _alternation(words: Iterable[str]) -> str:
    """Words as one alternation folded into a trie, each word after the longer ones it begins."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for character in word:
            node = node.setdefault(character, {})
        node[""] = {}
    return _branches(trie)


def _branches(node: dict[str, Any]) -> str:
    parts = [
        re.escape(character) + _branches(rest)
        for character, rest in sorted(node.items())
        if character
    ]
    if "" in node:
        parts.append("")  # the word that ends here, tried after every longer one
    return parts[0] if len(parts) == 1 else f"(?:{'|'.join(parts)})"


_WORDS = _alternation(_WORD_NUMBERS)
WORD_NUMBER_PATTERN = _WORDS  # alternatives matching any number word the finder reads
_SCALE = _alternation(w for w in _SCALES if "_" not in w)
_CURRENCY_BEFORE = r"US\$|C\$|\$|€|£|¥|Rp\.?|USD|EUR|GBP"
_QUALIFIER = _alternation(_QUALIFIERS)


def _number_pattern(digits: str) -> re.Pattern[str]:
    """The number pattern over one way of writing digits."""
    return re.compile(
        rf"(?:(?P<qualifier>\b(?:{_QUALIFIER}))\s+)?"
        rf"(?P<currency>{_CURRENCY_BEFORE})?\s?"
        rf"(?:(?P<low>{digits})\s?(?:{_PERCENT_WORDS})?\s?(?:-|–|to|bis|hingga|sampai|al|a)\s?)?"
        rf"(?P<number>(?<![\w.,]){digits}(?:(?P<attached>bn|mn|m|k|km|cm|mm|kg|mph|km/h)"
        rf"(?![\w]))?(?![\w])|\b(?:{_WORDS})\b)"
        rf"(?:\s?(?P<scale>\b(?:{_SCALE})(?!\w)\.?)"
        rf"(?:\s+(?:و\s?)?(?P<rest>\d{{1,3}})(?![\d.,]\d))?)?"
        rf"(?:\s?(?P<percent>{_PERCENT_WORDS}))?",
        re.I,
    )


NUMBER = _number_pattern(_DIGITS)
# The same where a plain space groups thousands (a space before exactly three digits).
NUMBER_SPACE_GROUPED = _number_pattern(
    r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d.,]\d)(?:,\d+)?|" + _DIGITS
)
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
# Words before a four-digit number that make it a year ("the 2000 agreement").
_YEAR_DETERMINERS = {
    *("the", "its", "this", "that"),
    *("der", "die", "das", "des", "dem"),
    *("el", "la", "los", "las", "del"),
}
_MONTHS = (
    r"jan\w*|feb\w*|febr\w*|mar\w*|mär\w*|apr\w*|abr\w*|ma[iy]\w*|jun\w*|jul\w*|ag[ou]\w*"
    r"|aug\w*|sep\w*|o[ck]t\w*|nov\w*|de[cz]\w*|dic\w*|des\w*|enero|febrero|marzo|mayo"
    r"|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|mei|juni|juli|agustus"
)
# Day-of-month numbers, clock times and numeric dates are dates, not claims.
_NOT_CLAIMS = re.compile(
    rf"\b\d{{1,2}}[:.]\d{{2}}\s*(?:[ap]\.?m\.?|uhr|wib|h)\b|\b\d{{1,2}}:\d{{2}}\b"
    rf"|\b\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b"
    rf"|\b\d{{1,2}}\.?\s+(?:de\s+)?(?:{_MONTHS})\b(?:,?\s+(?:de\s+)?\d{{4}})?"
    rf"|\b(?:{_MONTHS})\.?\s+\d{{1,2}}\b(?!\s*(?:%|per))(?:,?\s+\d{{4}})?",
    re.I,
)
# Singular articles before a day of the month in languages that write "el 28".
_DAY_ARTICLES = {
    "es": frozenset({"el", "del", "al"}),
    "fr": frozenset({"le", "du", "au"}),
    "it": frozenset({"il", "del", "al", "dal"}),
}
_UNIT_STOPWORDS = {
    "of", "the", "a", "and", "or", "in", "on", "at", "to", "per", "und", "der", "die", "das",
    "de", "la", "el", "y", "dan", "di", "yang", "untuk", "dari", "pada", "orang", "with",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class NumberAnnotation:
    """A number found in a doc, with its normalized value and what it measures."""

    start: int
    end: int
    text: str
    value: float
    unit: str | None
    low: float | None
    qualifier: str | None
    about: str | None


register_packing("claim", NumberAnnotation)

if not Doc.has_extension("claims"):
    Doc.set_extension("claims", default=None)


def parse_number(text: str, language: str | None) -> float | None:
    """The value of a written number ("1.000,5" in German, "1,000.5" in English, "twelve")."""
    if (word := " ".join(text.lower().split())) in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[word])
    cleaned = text.strip().lower().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    decimal, thousands = (",", ".") if language in _DECIMAL_COMMA else (".", ",")
    # Only the decimal mark present, once: a decimal fraction ("8,5" in Indonesian).
    if cleaned.count(thousands) == 0 and cleaned.count(decimal) == 1:
        whole, _, fraction = cleaned.partition(decimal)
        return float(f"{whole}.{fraction}")
    cleaned = cleaned.replace(thousands, "")
    if cleaned.count(decimal) > 1:
        return None
    try:
        return float(cleaned.replace(decimal, "."))
    except ValueError:
        return None


class NumberFinder:
    """Finds numeric claims and normalizes them (see the module doc)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        """Annotate ``doc._.claims``."""
        self.set_annotations(doc, self.find(doc))
        return doc

    def find(self, doc: Doc) -> list[NumberAnnotation]:
        """Every number in the doc, with value, unit and context."""
        language = doc.lang_ if doc.lang_ != "xx" else None
        text = doc_text(doc)
        dates = date_spans(text, language)
        names = name_numbers(text)
        words = _LANGUAGE_WORDS.get(language or "en", frozenset())
        claims = []
        pattern = NUMBER_SPACE_GROUPED if language in _SPACE_GROUPS else NUMBER
        for match in pattern.finditer(text):
            at = match.start("number")
            first = match.start("low") if match["low"] else at
            if any(start <= spot < end for start, end in dates for spot in (at, first)):
                continue
            if not_a_claim(
                text, first, match.end("low") if match["low"] else match.end("number"), names
            ):
                continue
            if _not_counted_word(match["number"], words, text, match.end("number")):
                continue
            if _bare_day(match, language):
                continue
            attached = (match["attached"] or "").lower()
            digits = match["number"][: len(match["number"]) - len(attached)]
            value = parse_number(digits, language)
            if value is None:
                continue
            scale = (match["scale"] or "").rstrip(".").lower()
            if attached in ("m", "bn", "mn", "k"):
                scale = {"k": "thousand"}.get(attached, attached)  # "2.7m", "$5bn", "30k"
            elif scale in ("m", "b") and not match["currency"]:
                scale = ""  # "5 m" is metres, not millions, unless it is money
            value *= _SCALES.get(scale, 1.0)
            if match["rest"] and scale in _THOUSANDS:
                value += float(match["rest"])
            low = parse_number(match["low"], language) if match["low"] else None
            if low is not None:
                low *= _SCALES.get(scale, 1.0)
            start, end = match.start("number"), match.end()
            if match["low"]:
                start = match.start("low")
            if match["currency"]:
                start = match.start("currency")
            if match["qualifier"]:
                start = match.start("qualifier")
            while end > start and text[end - 1].isspace():
                end -= 1
            span = doc.char_span(start, end, alignment_mode="expand")
            unit = self._unit(match, doc, span)
            if _reads_as_year(match, doc, span, unit):
                unit = "year"
            claims.append(
                NumberAnnotation(
                    start=start,
                    end=end,
                    text=text[start:end],
                    value=value,
                    unit=unit,
                    low=low,
                    qualifier=_QUALIFIERS.get((match["qualifier"] or "").lower()),
                    about=_about(span) if span is not None and doc.has_annotation("DEP") else None,
                )
            )
        return claims

    def _unit(self, match: re.Match[str], doc: Doc, span: Span | None) -> str | None:
        if match["percent"]:
            return "percent"
        if match["currency"]:
            return _CURRENCIES.get(match["currency"].lower().rstrip("."), match["currency"])
        if match["attached"] and match["attached"].lower() not in ("m", "bn", "mn", "k"):
            return match["attached"].lower()
        following = _NEXT_WORD.match(match.string, match.end())
        if following is None:
            return None
        word = following.group(1).lower()
        if word in _CURRENCIES:
            return _CURRENCIES[word]
        if span is not None and doc.has_annotation("DEP"):
            head = span.root.head
            if span.root.dep_ in ("nummod", "quantmod") and head.pos_ in ("NOUN", "PROPN"):
                return head.lower_
        return None if word in _UNIT_STOPWORDS else word

    def set_annotations(self, doc: Doc, claims: list[NumberAnnotation]) -> None:
        """Write the claims to the doc."""
        doc._.claims = claims


# The word right after a number, the last word before it (looked for this many
# characters back), and the first character after it.
_NEXT_WORD = re.compile(r"\s*([^\W\d_][\w'-]*)")
_LAST_WORD = re.compile(r"(\S+)\s*\Z")
_WORD_REACH = 64
_NEXT_CHARACTER = re.compile(r"\s*(\S)")


def _bare_day(match: re.Match[str], language: str | None) -> bool:
    """A day of the month after an article, its month left out: "el pasado 28", "le 5".

    In Spanish, French and Italian a count above one takes a plural article ("los 28
    países"): a number of 1 to 31 after a singular one is a day.
    """
    if language not in _DAY_ARTICLES or match["low"] or match["percent"] or match["currency"]:
        return False
    if match["scale"] or not match["number"].isdigit() or not 1 <= int(match["number"]) <= 31:
        return False
    text = match.string
    before = text[max(0, match.start("number") - 30) : match.start("number")].lower().split()
    if not before or before[-1] not in _DAY_ARTICLES[language] | {"pasado", "próximo", "día"}:
        return False
    return not (
        before[-1] in ("pasado", "próximo", "día")
        and len(before) > 1
        and before[-2] not in _DAY_ARTICLES[language]
    )


def _not_counted_word(number: str, words: frozenset[str], text: str, end: int) -> bool:
    """True for a number word of another language ("ten" in Polish), "one of", an ordinal.

    An ordinal ranks ("the second prize") unless it counts occurrences: "a record fourth
    title", "zum vierten Mal", "por segunda vez" say how many there have been.
    """
    if number[:1].isdigit():
        return False
    word = number.lower()
    if word in _ORDINALS:
        return _OCCURRENCE.match(text, end) is None
    return word not in words or (word == "one" and text[end : end + 4].lower() == " of ")


def _reads_as_year(match: re.Match[str], doc: Doc, span: Span | None, unit: str | None) -> bool:
    """A four-digit number from 1800 to 2100 is a year unless it counts something.

    "the 2000 agreement" and "the 1961 treaty" name years: a determiner before the number,
    or a singular noun after it, cannot go with a count of 2000.
    """
    if not _YEAR.match(match["number"]) or match["scale"] or match["percent"] or match["currency"]:
        return False
    if unit is None:
        return True
    if match["qualifier"]:
        return False  # "more than 2000 people"
    text = match.string  # the doc's text, which the number was found in
    before = _LAST_WORD.search(
        text, max(0, match.start("number") - _WORD_REACH), match.start("number")
    )
    language = doc.lang_ if doc.lang_ != "xx" else None
    named_years = year_words(language)
    if before and before[1].lower().strip(".,:;(") in _YEAR_DETERMINERS | named_years:
        return True  # "the 2000 agreement", "im Jahr 1979", "عام 2011"
    if any(unit == w or (len(w) > 2 and unit.startswith(w)) for w in named_years):
        return True  # "2017 r.", "2020 г.", "2019 yılında"
    if not doc.has_annotation("DEP") and doc.lang_ != "de":
        # Without a parse the word after says little ("حرب 2006 هو", "este 2020 no");
        # a bare 1800-2100 in news is nearly always a year unless money follows.
        return unit not in _CURRENCY_CODES
    after = _NEXT_CHARACTER.match(text, match.end())
    if doc.lang_ == "de" and after and after[1].islower():
        return True  # German nouns are capitalized: "2000 besucht" is no count
    if doc.lang_ != "de" and after and after[1].isupper():
        # "the 2001 Moscow declaration": a name follows, not a counted noun (German
        # capitalizes every noun, so "2000 Soldaten" says nothing there).
        return True
    return (
        span is not None and span.root.head.tag_ in ("NN", "NNP") and span.root.head.i >= span.end
    )


def _about(span: Span) -> str | None:
    """What a number measures: its noun with modifiers and "of" phrase ("share of GDP")."""
    root = span.root
    noun = root.head if root.dep_ in ("nummod", "quantmod", "compound") else root
    words = [t for t in noun.lefts if t.dep_ in ("amod", "compound") and not t.like_num]
    words.append(noun)
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ in ("of", "in", "for"):
            words.extend(child.subtree)
    kept = [t.text for t in sorted(words, key=lambda t: t.i) if t.i < span.start or t.i >= span.end]
    return " ".join(kept)[:80] or None


@Language.factory("everyside_numbers", assigns=["doc._.claims"], default_config={})
def make_number_finder(nlp: Language, name: str) -> NumberFinder:
    """Create the number finder."""
    return NumberFinder(nlp, name)
