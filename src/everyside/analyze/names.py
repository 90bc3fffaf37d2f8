"""Names by capitalization, for Latin-script languages that have no recognizer.

The ``everyside_capitalized_names`` component writes ``doc.ents``: runs of capitalized
words that the entity linker then links to the alias tables or makes entities of. A run
counts as a name when

- it stands mid-sentence (a word that opens a sentence counts only if the article also
  writes it capitalized mid-sentence), and its words are not the language's function
  words (spaCy's stop words), months or weekdays (dateparser's data) or titles;
- in German, which capitalizes every noun, only with stronger evidence: a title before it
  ("Präsidentin", "Herr"), a first word that the alias tables know as a given name, an
  acronym ("AfD"), the same run of two or more words twice in the article, or the last
  word of a person's name the article gave in full.

A run after a title or opening with a known given name is a ``PERSON`` (so is the
surname of one alone); any other a ``NAME``, a name of unknown kind.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import takewhile

import pycountry
import simplemma
from dateparser.languages.loader import default_loader
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from everyside.analyze.aliases import load_alias_table
from everyside.analyze.inflection import inflecting, same_name

# Languages the heuristics run for unless EVERYSIDE_NAME_HEURISTICS says otherwise (a
# comma-separated list of language codes; empty turns them off): those where they
# measured well (docs/analysis.md).
DEFAULT_LANGUAGES = frozenset({"de", "es"})
LANGUAGES_VARIABLE = "EVERYSIDE_NAME_HEURISTICS"
# Languages that capitalize every noun: a capital alone says little there.
NOUN_CAPITALIZING = frozenset({"de", "lb"})
NAME_LABEL = "NAME"
# Words that title a person right before the name, by language (lowercase).
_TITLES = {
    "de": "herr frau dr prof professor präsident präsidentin kanzler kanzlerin bundeskanzler"
    " bundeskanzlerin minister ministerin ministerpräsident ministerpräsidentin"
    " bürgermeister bürgermeisterin sprecher sprecherin chef chefin trainer trainerin"
    " papst könig königin prinz prinzessin",
    "es": "señor señora sr sra don doña presidente presidenta ministro ministra alcalde"
    " alcaldesa gobernador gobernadora portavoz secretario secretaria rey reina príncipe"
    " princesa papa doctor"
    " doctora dr entrenador",
    "pt": "senhor senhora sr sra dona presidente ministro ministra prefeito prefeita"
    " governador governadora porta-voz rei rainha papa doutor dr treinador",
    "pl": "pan pani prezydent premier minister ministra prezes rzecznik rzeczniczka"
    " marszałek poseł posłanka burmistrz prezydenta premiera ministra papież król"
    " królowa dr prof trener",
    # Turkish: the titles, then (below) each with the possessive ending a title takes
    # after its institution ("Hastanesi Başhekimi", "İsrail Başbakanı").
    "tr": "sayın bay bayan cumhurbaşkanı başbakan bakan başkan sözcü vali kral kraliçe papa"
    " dr prof teknik direktör üye sekreter müdür yardımcı albay orgeneral general rektör"
    " dekan doçent vekil milletvekili savcı başsavcı başhekim hekim doktor yönetmen onbaşı"
    " uzman koordinatör yürütücü komutan büyükelçi hakim müftü muhtar kaymakam şef",
    "id": "presiden menteri bapak pak ibu bu gubernur wali bupati jenderal raja ratu paus"
    " dr juru bicara",
    "it": "signor signora presidente ministro ministra sindaco portavoce re regina papa"
    " dottor dottoressa",
    "nl": "heer mevrouw president minister premier burgemeester woordvoerder koning"
    " koningin paus dr",
}
# Words that join the parts of a name between two capitalized words, by language, then
# articles that may follow them ("Universidad de Chile", "Organización Mundial de la
# Salud", "Ursula von der Leyen"). Elsewhere such words are prepositions (Polish "do",
# Turkish "de", Indonesian "di"), so other languages take only the international ones.
_PARTICLES = {
    "es": ("de del", "la las los el"),
    "pt": ("de da das do dos", ""),
    "it": ("di del della da de", ""),
    "nl": ("van de", "der den"),
    "de": ("von van de", "der den"),
}
_OTHER_PARTICLES = ("van von bin ibn", "der den de")
_DAY_AND_MONTH_KEYS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday",
)  # fmt: skip
# An acronym: two to five letters, at least two of them capitals ("AfD", "CDU", "PiS"),
# not a plural ("DJs").
_ACRONYM = re.compile(r"^(?=(?:.*[A-ZÀ-Þ]){2})(?![A-Z]+s$)[A-Za-zÀ-ÿ]{2,5}$")
# A sentence or line of at least this many content words after its first, this share of
# them capitalized, is in title case (a headline): its capitals say nothing.
_TITLE_CASE_WORDS = 4
_TITLE_CASE_SHARE = 0.8
# A word in capitals is an acronym only this short; longer ones are shouted headlines.
_LONGEST_ACRONYM = 5
# A Turkish case ending after an apostrophe ("Erdoğan'ın"): the tokenizer keeps it.
_SUFFIX = re.compile(r"['’][^\W\d_]{1,6}$")
# The possessive ending that closes a Turkish compound name ("Odası", "Derneği").
_TURKISH_COMPOUND_HEAD = re.compile(r"(?:s[ıiuü]|[ğgk][ıiuü]|[ıiuü])$")
# The Turkish possessive endings (after a consonant, after a vowel) a title takes.
_TURKISH_POSSESSIVE = {False: ("ı", "i", "u", "ü"), True: ("sı", "si", "su", "sü")}
# The Turkish suffix that makes a people of a place ("Filistin" + "li"), and the same
# after an apostrophe ("ABD'li üreticiler").
_TURKISH_DEMONYM = re.compile(r"l[ıiuü]")
_TURKISH_DEMONYM_ENDING = re.compile(r"['’]l[ıiuü]")
# Currency abbreviations in capitals besides the ISO codes, by language: amounts, not names.
_CURRENCIES = {"tr": "TL YTL"}
# A word opening with this many capitals and going on in small letters is no name.
_GLUED_CAPITALS = 3


def name_languages() -> frozenset[str]:
    """The languages the heuristics run for: the defaults or EVERYSIDE_NAME_HEURISTICS."""
    setting = os.environ.get(LANGUAGES_VARIABLE)
    if setting is None:
        return DEFAULT_LANGUAGES
    return frozenset(code.strip() for code in setting.split(",") if code.strip())


@dataclass(frozen=True, slots=True)
class _Run:
    """A run of capitalized tokens: where it is and what stands before it."""

    start: int
    end: int
    after_title: bool


class CapitalizedNames:
    """Finds names by capitalization and writes them as ``doc.ents`` (see the module doc)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.language: str = nlp.lang or "xx"
        self.stop_words = frozenset(w.lower() for w in nlp.Defaults.stop_words)
        self.titles = _titles(self.language)
        self.not_names = self.stop_words | self.titles | _day_and_month_words(self.language)
        # The packaged alias tables: given names, and names that particles do not join.
        self.table = load_alias_table(())
        self.given_names = _given_names()
        self.strict = self.language in NOUN_CAPITALIZING
        particles, articles = _PARTICLES.get(self.language, _OTHER_PARTICLES)
        self.particles, self.articles = frozenset(particles.split()), frozenset(articles.split())

    def __call__(self, doc: Doc) -> Doc:
        """Set ``doc.ents`` to the names found, unless the doc already has entities."""
        if not doc.ents:
            doc.ents = self.find(doc)
        return doc

    def find(self, doc: Doc) -> list[Span]:
        """The doc's names by capitalization, labelled PERSON or NAME, without changing it."""
        initial = _sentence_initial(doc, title_case=not self.strict)
        # Words the article writes capitalized mid-sentence: a sentence opener among them
        # is a name too.
        inside = {t.text for t in doc if t.i not in initial and self._is_word(t)}
        lowercase = {t.text for t in doc if t.is_lower}
        runs = [
            trimmed
            for run in self._runs(doc)
            if (trimmed := self._trim_opener(doc, run, initial, inside, lowercase)) is not None
        ]
        texts = [_name_text(doc[r.start : r.end]) for r in runs]
        # A name recurs when another run has its key (its inflected forms: "Kaczyński",
        # "Kaczyńskiego") or ends with it (the surname of a name given in full).
        last_words = {t.split()[-1] for t in texts if " " in t}
        repeated = {
            text
            for i, text in enumerate(texts)
            if any(self._same(text, other) for j, other in enumerate(texts) if j != i)
            or any(self._same(text, last) for last in last_words)
        }
        spans: list[Span] = []
        surnames: set[str] = set()
        for run, text in zip(runs, texts, strict=True):
            words = text.split()
            acronym = len(words) == 1 and bool(_ACRONYM.match(words[0]))
            given = len(words) > 1 and words[0] in self.given_names
            if len(set(words)) < len(words) or doc[run.end - 1].text.endswith("-"):
                continue  # page furniture ("Anzeige Anzeige"), a broken name ("Kidawy-")
            if len(words) == 1 and self._demonym(doc[run.start].text, texts):
                continue
            if len(words) == 1 and not acronym and self._common(doc, run, lowercase, repeated):
                continue
            if _labels_a_value(doc, run.end):
                continue  # page furniture: "Son Güncelleme: 05.01.2020", "Stand: 12 Uhr"
            person = run.after_title or given
            evident = not self.strict or person or acronym or (len(words) > 1 and text in repeated)
            if evident:
                spans.append(Span(doc, run.start, run.end, "PERSON" if person else NAME_LABEL))
                if person and len(words) > 1:
                    surnames.add(words[-1])
        # A surname alone is the person the article named in full; in German also at
        # the end of a run the heuristics left out ("der Verband Varga").
        found = [
            Span(doc, s.start, s.end, "PERSON")
            if s.label_ == NAME_LABEL and self._surname(_name_text(s), surnames)
            else s
            for s in spans
        ]
        taken = {s.end for s in spans}
        found += [
            Span(doc, r.end - 1, r.end, "PERSON")
            for r, text in zip(runs, texts, strict=True)
            if self.strict and r.end not in taken and self._surname(text.split()[-1], surnames)
        ]
        return sorted(found, key=lambda span: span.start)

    def _demonym(self, word: str, texts: list[str]) -> bool:
        """Whether a Turkish word names the people of a place the tables or the article
        name ("Filistinliler", "Ankaralı": the place and -lı, -li, -lu, -lü), or of any
        name, after an apostrophe ("ABD'li")."""
        if self.language != "tr":
            return False
        if _TURKISH_DEMONYM_ENDING.search(word):
            return True
        return any(
            (place := word[: match.start()]) in texts or self.table.candidates(place)
            for match in _TURKISH_DEMONYM.finditer(word)
            if match.start() >= 3
        )

    def _same(self, name: str, other: str) -> bool:
        """Whether two names are one, in any of the language's case forms."""
        return same_name(name, other, self.language) if inflecting(self.language) else name == other

    def _surname(self, word: str, surnames: set[str]) -> bool:
        """Whether a word is (a form of) the surname of a person the article named in full."""
        return any(self._same(word, surname) for surname in surnames)

    def _common(self, doc: Doc, run: _Run, lowercase: set[str], repeated: set[str]) -> bool:
        """Whether a word alone is a common word: the article writes it small, or the
        dictionary knows it and it is capitalized only once, with no title before it,
        or it stands right before a title, as part of the office ("Dışişleri Bakanı",
        "Genel Müdür"), and the tables do not know it."""
        word = _name_text(doc[run.start : run.end])
        folded = _fold(word)
        if folded in lowercase:
            return True
        if not simplemma.is_known(folded, lang=self.language):
            return False
        if run.end < len(doc) and _fold(doc[run.end].text) in self.titles:
            return not self.table.candidates(word)
        return not run.after_title and word not in repeated

    def _trim_opener(
        self, doc: Doc, run: _Run, initial: set[int], inside: set[str], lowercase: set[str]
    ) -> _Run | None:
        """The run without the opening words (of a sentence, a title-case line) at its ends
        that the article never capitalizes mid-sentence; an opener that leads more words
        of the run stays if no dictionary knows it and the article never writes it small
        ("Tobio Larraz marcó ...": a given name, not a capitalized common word)."""
        start, end = run.start, run.end
        while start < end and (
            (
                start in initial
                and doc[start].text not in inside
                and not (start + 1 < end and self._unknown_word(doc[start].text, lowercase))
            )
            or not doc[start].text[:1].isupper()
        ):
            start += 1
        while end > start and end - 1 in initial and doc[end - 1].text not in inside:
            end -= 1
        return _Run(start, end, run.after_title and start == run.start) if start < end else None

    def _unknown_word(self, word: str, lowercase: set[str]) -> bool:
        """Whether a capitalized word is neither written small in the article nor known to
        the language's dictionary (simplemma)."""
        folded = _fold(word)
        return folded not in lowercase and not simplemma.is_known(folded, lang=self.language)

    def _known(self, span: Span) -> bool:
        """Whether the alias tables know a span's text as a name."""
        return bool(self.table.candidates(span.text))

    def _runs(self, doc: Doc) -> list[_Run]:
        """Every maximal run of name words, particles allowed between two of them."""
        runs: list[_Run] = []
        index = 0
        while index < len(doc):
            if not self._is_word(doc[index]):
                index += 1
                continue
            start = end = index
            while end < len(doc) and not _ends_after(doc[end - 1], start, end):
                if self._is_word(doc[end]):
                    end += 1
                elif (
                    doc[end].text in "-‐"
                    and not doc[end - 1].whitespace_
                    and not doc[end].whitespace_
                    and end + 1 < len(doc)
                    and self._is_word(doc[end + 1])
                ):
                    end += 2  # a hyphen the tokenizer split off ("Kujawsko-Pomorskie")
                elif doc[end].lower_ in self.particles:
                    # "de", "de la" lead to a name word, and join two names only if
                    # neither is a name of its own ("Tate Modern de Londres" is two).
                    after = end + 1
                    if after < len(doc) and doc[after].lower_ in self.articles:
                        after += 1
                    last = after
                    while last < len(doc) and self._is_word(doc[last]):
                        last += 1
                    if last == after or self._known(doc[start:end]) or self._known(doc[after:last]):
                        break
                    end = after + 1
                elif (
                    self.language == "tr"
                    and doc[end].lower_ == "ve"
                    and self._one_body(doc, start, end)
                ):
                    end += 2  # "Kırşehir Ticaret ve Sanayi Odası": one institution
                else:
                    break
            before = doc[start - 1] if start else None
            titled = before is not None and before.lower_.rstrip(".") in self.titles
            runs.append(_Run(start, end, titled))
            index = end
        return runs

    def _one_body(self, doc: Doc, start: int, end: int) -> bool:
        """Whether Turkish "ve" at ``end`` joins the run before it to the one after into
        one institution's name: the word before is a common noun ("Ticaret", "Eğitim"),
        not itself the head of a name ("Güvenlik Konseyi ve ..." is two), the run before
        is no person (after a title), neither part is a name the tables know, and the
        part after ends in a possessive compound ("Sanayi Odası", "Araştırma Hastanesi")."""
        if start and _fold(doc[start - 1].text).rstrip(".") in self.titles:
            return False
        last = end + 1
        while last < len(doc) and self._is_word(doc[last]):
            last += 1
        if last == end + 1 or self._known(doc[start:end]) or self._known(doc[end + 1 : last]):
            return False
        head = _fold(_SUFFIX.sub("", doc[last - 1].text))
        before = _fold(doc[end - 1].text)
        return (
            bool(_TURKISH_COMPOUND_HEAD.search(head))
            and not _TURKISH_COMPOUND_HEAD.search(before)
            and simplemma.is_known(before, lang="tr")
        )

    def _is_word(self, token: Token) -> bool:
        """A capitalized Latin-script word that is no function word, month or title; in
        capitals only a short one between words that are not (an acronym, no headline)."""
        text = _SUFFIX.sub("", token.text)
        if not (
            len(text) > 1
            and text[0].isupper()
            and text.replace("-", "").isalpha()
            and "LATIN" in unicodedata.name(text[0], "")
            and _fold(text) not in self.not_names
            and text not in _currency_codes()
        ):
            return False
        if not text.isupper():
            # Capitals glued to a word are a shouted headline run into the text
            # ("OLDUGeçen"), not a name ("PiS", "McMurdo").
            return sum(1 for _ in takewhile(str.isupper, text)) < _GLUED_CAPITALS
        doc = token.doc
        neighbours = [doc[i] for i in (token.i - 1, token.i + 1) if 0 <= i < len(doc)]
        return len(text) <= _LONGEST_ACRONYM and not any(
            n.is_upper and len(n.text) > 1 for n in neighbours
        )


def _labels_a_value(doc: Doc, end: int) -> bool:
    """Whether a colon and a number follow a run: a label of page furniture."""
    return end + 1 < len(doc) and doc[end].text == ":" and doc[end + 1].text[:1].isdigit()


def _ends_after(token: Token, start: int, end: int) -> bool:
    """Whether a run stops after this token: a line break follows it (headlines), or a
    case ending ("Çin'in Vuhan" is two names)."""
    return end > start and ("\n" in token.whitespace_ or bool(_SUFFIX.search(token.text)))


def _sentence_initial(doc: Doc, *, title_case: bool) -> set[int]:
    """Tokens capitalized for where they stand: opening a sentence, a line or a quotation,
    or, with ``title_case`` (not where every noun has a capital), anywhere in a
    title-case line ("Koronavirüs Tedbirleri Kapsamında ...")."""
    initial: set[int] = set()
    opening = True
    segment: list[Token] = []
    for token in doc:
        if token.is_sent_start or (token.i and "\n" in doc[token.i - 1].text_with_ws):
            opening = True
            initial.update(_title_case(segment) if title_case else ())
            segment = []
        segment.append(token)
        if opening and token.is_alpha:
            initial.add(token.i)
            opening = False
        elif token.is_quote or token.text in ":–—-•(" or token.is_space:
            opening = True
        elif not token.is_punct:
            opening = False
    initial.update(_title_case(segment) if title_case else ())
    return initial


def _title_case(segment: list[Token]) -> list[int]:
    """Every token of a sentence or line written in title case, else none."""
    # The first word has its capital anyway; short ones are function words.
    words = [t for t in segment if t.is_alpha and len(t) > 3][1:]
    capitalized = sum(1 for t in words if t.text[:1].isupper())
    if len(words) >= _TITLE_CASE_WORDS and capitalized >= _TITLE_CASE_SHARE * len(words):
        return [t.i for t in segment]
    return []


def _fold(word: str) -> str:
    """A word in lower case; Turkish "İ" becomes "i", not "i" and a combining dot."""
    return word.lower().replace("i\u0307", "i")


def _name_text(span: Span) -> str:
    """A name as written, without a case ending after an apostrophe."""
    return " ".join(_SUFFIX.sub("", t.text) for t in span)


def _titles(language: str) -> frozenset[str]:
    """A language's titles, lowercase; Turkish ones also with their possessive ending."""
    titles = _TITLES.get(language, "").split()
    if language == "tr":
        titles += [t + end for t in titles for end in _TURKISH_POSSESSIVE[t[-1] in "aeıioöuü"]]
    return frozenset(titles)


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    """First words of the alias tables' people named with two or more words."""
    table = load_alias_table(())
    return frozenset(
        text.split()[0]
        for entity in table.entities.values()
        if entity.kind == "PERSON"
        for text in (entity.name, *entity.aliases)
        if len(text.split()) > 1 and text.split()[0][:1].isupper()
    )


@lru_cache(maxsize=1)
def _currency_codes() -> frozenset[str]:
    """Currency codes (ISO 4217, pycountry) and the local abbreviations of _CURRENCIES."""
    codes = {currency.alpha_3 for currency in pycountry.currencies}
    return frozenset(codes.union(*(words.split() for words in _CURRENCIES.values())))


@lru_cache(maxsize=32)
def _day_and_month_words(language: str) -> frozenset[str]:
    """Month and weekday names in a language and English, lowercase (dateparser's data)."""
    words: set[str] = set()
    for code in {"en", language}:
        try:
            info = default_loader.get_locale(code).info
        except (KeyError, ValueError):
            continue
        for key in _DAY_AND_MONTH_KEYS:
            words.update(str(form).lower().rstrip(".") for form in info.get(key, ()))
    return frozenset(words)


@Language.factory("everyside_capitalized_names", assigns=["doc.ents"])
def make_capitalized_names(nlp: Language, name: str) -> CapitalizedNames:
    """Create the capitalized-name finder for the pipeline's language."""
    return CapitalizedNames(nlp, name)
