"""Alias tables: the names, titles and roles that refer to one canonical entity.

The tables are data. everyside ships ``data/entities.jsonl`` (people and organizations,
with roles that hold between two dates) and ``data/countries.jsonl`` (extra country
names, capitals and adjectives); every ISO 3166 country is added with its name in each
supported language from the CLDR (babel) and ISO (pycountry) data. Users extend them
with files of the same shape (see docs/analysis.md).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import pycountry
from babel import Locale

from everyside.ids import slug
from everyside.model import Entity

DATA = Path(__file__).resolve().parent.parent / "data"
ENTITY_FILES = (DATA / "entities.jsonl",)
COUNTRY_FILE = DATA / "countries.jsonl"
# Languages whose country names are added from the CLDR.
COUNTRY_NAME_LANGUAGES = (
    "en",
    "de",
    "es",
    "fr",
    "id",
    "it",
    "nl",
    "pt",
    "pl",
    "tr",
    "ru",
    "uk",
    "ar",
)
# CLDR country names that are also common words of their language, left out.
COMMON_WORD_NAMES = frozenset({"Mali", "مالي", "Того"})

_LEADING_DETERMINERS = re.compile(
    r"^(?:the|a|an|der|die|das|den|dem|des|el|la|los|las|le|les|l')\s+", re.I
)
_POSSESSIVE = re.compile(r"(?:'s|’s|')$")


def alias_key(text: str) -> str:
    """The lookup form of a name: case-folded, without leading article or possessive."""
    text = unicodedata.normalize("NFKC", text).strip()
    text = _POSSESSIVE.sub("", _LEADING_DETERMINERS.sub("", text))
    return " ".join(text.replace("’", "'").split()).casefold()


def country_id(code: str) -> str:
    """The entity id of a country from its ISO 3166-1 alpha-3 code."""
    return f"country:{code}"


@dataclass(frozen=True, slots=True)
class Alias:
    """One way to refer to an entity, and when it does.

    ``role`` aliases (titles such as "NATO Secretary General") refer to whoever held
    the role on the article's date; ``office`` is the country whose office it is, when
    one title ("Bundeskanzler") names offices of several countries. ``state_of`` is set
    on capitals, which name their country's government when used as an actor
    ("Moscow's policy").
    """

    entity_id: str
    text: str
    role: bool = False
    valid_from: date | None = None
    valid_until: date | None = None
    state_of: str | None = None
    office: str | None = None

    def holds_on(self, day: date) -> bool:
        """Whether the alias refers to its entity on ``day``."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day < self.valid_until
        )


@dataclass(slots=True)
class AliasTable:
    """Canonical entities and every alias that refers to them."""

    entities: dict[str, Entity] = field(default_factory=dict)
    _aliases: dict[str, list[Alias]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.entities)

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self.entities

    def add_entity(self, entity: Entity) -> None:
        """Add an entity (merging aliases into an existing one with the same id)."""
        known = self.entities.get(entity.id)
        if known is None:
            self.entities[entity.id] = entity
        else:
            known.aliases.extend(a for a in entity.aliases if a not in known.aliases)
        for text in [entity.name, *entity.aliases]:
            self.add_alias(Alias(entity_id=entity.id, text=text))

    def add_alias(self, alias: Alias) -> None:
        """Register one alias."""
        entries = self._aliases.setdefault(alias_key(alias.text), [])
        if alias not in entries:
            entries.append(alias)

    def candidates(self, text: str) -> list[Alias]:
        """Every alias entry written like ``text``."""
        return self._aliases.get(alias_key(text), [])

    def resolve(
        self,
        text: str,
        *,
        on: date | None = None,
        named: Iterable[str] = (),
        country: str | None = None,
    ) -> Alias | None:
        """The alias ``text`` most likely refers to, or None when it cannot be told.

        A title that names offices of several countries ("Bundeskanzler": Germany's and
        Austria's) keeps the offices of ``country`` (the country in context), and refers
        to no one without it. Roles go to an entity the article names elsewhere if one
        held the role, else to whoever held it on the article's date (``on``; none if
        nobody did). Without a date, a role several people held refers to no one.
        """
        entries = self.candidates(text)
        offices = {entry.office for entry in entries if entry.role and entry.office}
        if len(offices) > 1:
            entries = [e for e in entries if e.office is None or e.office == country]
        if len(entries) <= 1 and on is None:
            return entries[0] if entries else None
        named_ids = set(named)
        for entry in entries:
            if entry.entity_id in named_ids:
                return entry
        if on is not None:
            entries = [entry for entry in entries if entry.holds_on(on)]
            return entries[0] if entries else None
        if len({entry.entity_id for entry in entries}) > 1 and all(e.role for e in entries):
            return None
        return max(entries, key=lambda e: e.valid_from or date.min)

    def office_countries(self, text: str) -> set[str]:
        """The countries whose offices a title written like ``text`` names."""
        return {entry.office for entry in self.candidates(text) if entry.role and entry.office}

    def name_ends(self) -> dict[str, set[str]]:
        """The entities each word opens or closes a name of two or more words of (roles
        aside): "Alianza" of "Alianza Atlántica" (NATO), "Commission" of "European
        Commission"."""
        ends: dict[str, set[str]] = {}
        for entries in self._aliases.values():
            for entry in entries:
                words = entry.text.split()
                if len(words) > 1 and not entry.role:
                    for word in {words[0], words[-1]}:
                        ends.setdefault(word, set()).add(entry.entity_id)
        return ends

    def texts(self) -> Iterator[str]:
        """Every alias as written, for building matchers."""
        for entries in self._aliases.values():
            yield from {entry.text for entry in entries}

    def load_file(self, path: Path) -> None:
        """Add the entities of a JSON Lines file (see docs/analysis.md for the shape)."""
        with path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                try:
                    self._add_record(json.loads(line))
                except (ValueError, KeyError, TypeError) as error:
                    raise ValueError(f"{path}:{number}: bad alias record ({error})") from None

    def _add_record(self, record: dict[str, Any]) -> None:
        entity = Entity(
            id=record["id"],
            name=record["name"],
            kind=record.get("kind", "MISC"),
            aliases=list(record.get("aliases", [])),
            country_code=record.get("country"),
        )
        self.add_entity(entity)
        for role in record.get("roles", []):
            self.add_alias(
                Alias(
                    entity_id=entity.id,
                    text=role["alias"],
                    role=True,
                    valid_from=_day(role.get("from")),
                    valid_until=_day(role.get("until")),
                    office=role.get("country"),
                )
            )

    def add_countries(self, extras: Path = COUNTRY_FILE) -> None:
        """Add every ISO 3166 country with its CLDR names, plus capitals and adjectives."""
        locales = [Locale(language) for language in COUNTRY_NAME_LANGUAGES]
        for country in pycountry.countries:
            names = {country.name, getattr(country, "common_name", country.name)}
            names.update(
                name
                for locale in locales
                if (name := locale.territories.get(country.alpha_2))
                and name not in COMMON_WORD_NAMES
            )
            if polish := locales[COUNTRY_NAME_LANGUAGES.index("pl")].territories.get(
                country.alpha_2
            ):
                names.update(polish_forms(polish))
            english = locales[0].territories.get(country.alpha_2, country.name)
            # "Hong Kong SAR China", "Myanmar (Burma)": the name news use is without the tag.
            english = _CLDR_QUALIFIER.sub("", english)
            self.add_entity(
                Entity(
                    id=country_id(country.alpha_3),
                    name=english,
                    kind="GPE",
                    aliases=sorted(names - {english}),
                    country_code=country.alpha_3,
                )
            )
        with extras.open(encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    self._add_country_extras(json.loads(line))

    def _add_country_extras(self, record: dict[str, Any]) -> None:
        state = country_id(record["code"])
        for text in [*record.get("aliases", []), *record.get("adjectives", [])]:
            self.add_alias(Alias(entity_id=state, text=text))
        if capital := record.get("capital"):
            city = f"place:{slug(capital)}"
            # Registered without plain aliases: every way to write a capital carries state_of.
            self.entities[city] = Entity(
                id=city,
                name=capital,
                kind="LOC",
                aliases=list(record.get("capital_aliases", [])),
                country_code=record["code"],
            )
            for text in [capital, *record.get("capital_aliases", [])]:
                self.add_alias(Alias(entity_id=city, text=text, state_of=state))


# A CLDR name's qualifier after the name itself ("Hong Kong SAR China", "Myanmar (Burma)").
_CLDR_QUALIFIER = re.compile(r" (?:SAR China|\(.+\))$")
# Polish locative endings of hard stems by their last consonant ("Ukraina": "Ukrainie").
_POLISH_LOCATIVE = {
    "t": "cie", "d": "dzie", "n": "nie", "w": "wie", "r": "rze", "k": "ce", "g": "dze",
    "ł": "le", "s": "sie", "z": "zie", "m": "mie", "b": "bie", "p": "pie", "f": "fie",
}  # fmt: skip
_POLISH_SOFT = {"ś": "si", "ć": "ci", "ń": "ni", "ź": "zi"}


def polish_forms(name: str) -> set[str]:
    """The regular case forms of a one-word Polish country name ("Rosja": "Rosji", ...)."""
    if " " in name or "-" in name or len(name) < 4:
        return set()
    if name.endswith(("ja", "ia")):  # Rosja, Serbia: Rosji, Rosję, Rosją
        stem = name[:-1]
        return {stem + "i", stem + "ę", stem + "ą"}
    if name.endswith("a"):  # Ukraina, Kanada, Polska: Ukrainy, Ukrainie, Ukrainę, Ukrainą
        stem = name[:-1]
        genitive = stem + ("i" if stem[-1] in "kg" else "y")
        forms = {genitive, stem + "ę", stem + "ą"}
        if (ending := _POLISH_LOCATIVE.get(stem[-1])) is not None:
            forms.add(stem[:-1] + ending)
        return forms
    if name.endswith("y"):  # Chiny, Niemcy: Chinach, Chinom, Chinami
        stem = name[:-1]
        return {stem + "ach", stem + "om", stem + "ami"}
    if name[-1] in _POLISH_SOFT:  # Białoruś: Białorusi
        return {name[:-1] + _POLISH_SOFT[name[-1]]}
    if name[-1] not in "aeiouyąęó":  # Irak, Egipt: Iraku, Irakiem/Egiptem
        return {name + "u", name + ("iem" if name[-1] in "kg" else "em")}
    return set()


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@lru_cache(maxsize=4)
def load_alias_table(extra_files: tuple[str, ...] = ()) -> AliasTable:
    """The packaged alias tables plus the user's files, loaded once per combination."""
    table = AliasTable()
    table.add_countries()
    for path in (*ENTITY_FILES, *(Path(p) for p in extra_files)):
        table.load_file(path)
    return table
