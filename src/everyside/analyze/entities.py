"""Entity mentions linked to canonical entities: names, titles, roles, countries, capitals.

The ``everyside_entities`` component finds mentions with the alias tables (any
language) and, where the pipeline has one, spaCy's named-entity recognizer; then links
each mention to one canonical entity:

- an alias or role from the tables ("the head of NATO" on 20 June 2024 is Jens
  Stoltenberg; a role is given to an entity the article names, when one held it);
- a title several countries' offices share ("Bundeskanzler") is the office of the
  country its phrase names ("Austrian chancellor", "chancellor of Austria"), else of
  the country the article mentions most; with neither it links to no one;
- a title before a name belongs to that name ("Russian President Yury Ushakov");
- a surname alone is the full name used elsewhere in the article ("Stoltenberg");
- a capital is its country when it acts ("Moscow's policy towards Pyongyang") and the
  city when it is a place ("met in Pyongyang");
- a short form of a longer alias of an entity the article names is that entity ("la
  Alianza"); case forms of one name are one entity ("Lecha Wałęsy", "Lech Wałęsa";
  analyze/inflection.py);
- any other name becomes an entity of its own, with an id made from the name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

import simplemma
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from everyside.analyze.aliases import Alias, AliasTable, load_alias_table
from everyside.analyze.inflection import (
    TURKISH_PLACE_CASE,
    base_variants,
    inflecting,
    same_name,
    stems,
)
from everyside.analyze.nlp import register_packing
from everyside.ids import slug
from everyside.model import Entity

# spaCy labels that name things an analyst tracks.
NER_LABELS = {
    "PERSON": "PERSON",
    "PER": "PERSON",  # the label of the other languages' pipelines
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "LOC",
    "NORP": "NORP",
    "FAC": "LOC",
    "NAME": "NAME",  # a name of unknown kind (analyze/names.py)
}
# Words that title a person and are not part of the name.
_TITLE_WORDS = re.compile(
    r"^(?:(?:president|leader|chairman|prime minister|premier|chancellor|secretary[- ]general"
    r"|secretary|minister|mr|mrs|ms|dr|sir|dame|general|gen|senator|sen|rep|governor|gov|mayor"
    r"|king|queen|prince|pope|judge|ambassador|spokesman|spokeswoman|spokesperson|chief"
    r"|presiden|präsident|kanzler|kanzlerin|bundeskanzler|bundeskanzlerin|presidente|pemimpin"
    r"|menteri)\.?\s+)+",
    re.I,
)
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)
# An elided French article or pronoun a recognizer may take into a name ("l’", "qu’").
_ELISION = re.compile(r"^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)['’]\s*", re.I)
_TWO_LETTERS = re.compile(r"[^\W\d_]{2}")
# A Turkish case ending after an apostrophe ("Rusya'nın", "Almanya’da").
_TURKISH_SUFFIX = re.compile(r"['’][a-zçğıöşü]{1,6}$")
# Arabic proclitics: and/so, then with/in, for, like ("وروسيا", "بتركيا", "وبتركيا").
ARABIC_PROCLITICS = (
    re.compile(r"^[وفبلك](?=[\u0621-\u064a]{3})"),
    re.compile(r"^[وف][بلك](?=[\u0621-\u064a]{3})"),
)
# Prepositions after which a capital is a place, not its government, by language ("to"
# only after a word of travel, below).
_PLACE_PREPOSITIONS = {
    "in", "at", "into", "from", "near", "outside", "inside", "via", "around",
    "im", "nach", "aus", "bei",  # de
    "en", "desde", "hacia",  # es
    "di", "ke", "dari",  # id
    "à", "au", "aux", "dans", "vers", "depuis",  # fr
    "em", "no", "na", "para",  # pt
}  # fmt: skip
# "To" a capital is to the city after a word of travel ("visit to Ottawa"), else to its
# government ("military assistance to Kyiv", "ties to Moscow").
_TRAVEL_WORDS = {
    "visit", "trip", "travel", "journey", "tour", "flight", "fly", "go", "come", "return",
    "arrive", "move", "head", "drive", "sail", "march", "walk", "road", "route", "way",
}  # fmt: skip
# Words after which a capital is part of an address or a longer name ("Tate Modern de
# Londres", "plaza de Stalingrad de París"): the place.
_OF_PLACE_WORDS = {"de", "of"}
# Words between a title and the country it belongs to ("chancellor of Austria").
_OF_WORDS = {"of", "de", "del", "d'", "du", "di", "von"}
_POSSESSIVE_TOKENS = {"'s", "’s", "'"}
# Kinds whose names may be forms of each other in one article: places, organizations.
_KIND_FAMILY = {"GPE": "place", "LOC": "place", "ORG": "org"}
# Words that describe a company rather than name it ("CrowdStrike Holdings").
_DESCRIPTORS = {
    "holdings", "holding", "inc", "inc.", "corp", "corp.", "corporation", "co", "co.",
    "ltd", "ltd.", "plc", "llc", "group", "ag", "se", "sa", "nv", "gmbh",
}  # fmt: skip
_ENTITY_PREFIX = {
    "PERSON": "person",
    "ORG": "org",
    "GPE": "place",
    "LOC": "place",
    "NORP": "group",
    "NAME": "name",
}


@dataclass(frozen=True, slots=True)
class MentionAnnotation:
    """A mention found in a doc: character span, text, label and canonical entity id."""

    start: int
    end: int
    text: str
    label: str
    entity_id: str


register_packing("mention", MentionAnnotation)
register_packing("entity", Entity)

for _name, _default in (("published_on", None), ("mentions", None), ("entities", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


class EntityLinker:
    """Finds entity mentions and links each to a canonical entity (see the module doc)."""

    def __init__(self, nlp: Language, name: str, *, alias_files: list[str]) -> None:
        self.name = name
        self.table: AliasTable = load_alias_table(tuple(alias_files))
        # One-word aliases match case-sensitively ("Lam", "AS" and "RN" are also
        # ordinary words); longer ones match in any case ("the Head of NATO").
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        one_word: list[Doc] = []
        longer: list[Doc] = []
        for text in self.table.texts():
            pattern = nlp.make_doc(text)
            (one_word if len(pattern) == 1 else longer).append(pattern)
        self.exact.add("ALIAS", one_word)
        self.folded.add("ALIAS", longer)
        self.name_ends = self.table.name_ends()
        # Names of two or more words by their first word's stems, where the language
        # inflects names: "Andrzeja Dudy" is the tables' "Andrzej Duda".
        language = nlp.lang or "xx"
        self.inflected: dict[str, list[tuple[str, str]]] = {}
        for text in self.table.texts() if inflecting(language) else ():
            if len(words := text.split()) < 2:
                continue
            ids = {a.entity_id for a in self.table.candidates(text) if not a.role}
            for form in stems(words[0], language):
                self.inflected.setdefault(form, []).extend((text, i) for i in ids)

    def __call__(self, doc: Doc) -> Doc:
        """Annotate ``doc._.mentions`` and ``doc._.entities``."""
        mentions, entities = self.link(doc)
        self.set_annotations(doc, mentions, entities)
        return doc

    def link(self, doc: Doc) -> tuple[list[MentionAnnotation], dict[str, Entity]]:
        """Find and link the mentions of a doc without changing it."""
        alias_spans = [doc[s:e] for _, s, e in [*self.exact(doc), *self.folded(doc)]]
        as_written = {(span.start, span.end) for span in alias_spans}
        # Names with a case ending or an Arabic proclitic match by their bare form, where
        # the form as written matches nothing.
        lookup: dict[tuple[int, int], str] = {}
        for bare in _bare_docs(doc):
            for _, start, end in [*self.exact(bare), *self.folded(bare)]:
                if (
                    (start, end) not in lookup
                    and (start, end) not in as_written
                    and doc[start:end].text != bare[start:end].text
                ):
                    lookup[(start, end)] = bare[start:end].text
                    alias_spans.append(doc[start:end])
        from_aliases = {(span.start, span.end) for span in alias_spans}
        ner_spans = [ent for ent in doc.ents if ent.label_ in NER_LABELS]
        spans = filter_spans([*alias_spans, *ner_spans])
        day: date | None = doc._.published_on
        # Entities the article names outright: a role goes to one of them if it can.
        named = {
            alias.entity_id
            for span in spans
            if (span.start, span.end) in from_aliases
            for alias in self.table.candidates(_key(span, lookup))
            if not alias.role
        }
        countries = self._country_tokens(spans, from_aliases, lookup)
        dominant = dominant_country(countries)
        # People named in full so far, by first and last name: "Kim" and "Stoltenberg" alone
        # are the Kim Jong Un and Jens Stoltenberg the article already named.
        people: dict[str, Entity] = {}
        mentions: list[MentionAnnotation] = []
        entities: dict[str, Entity] = {}
        index = 0
        while index < len(spans):
            span = spans[index]
            index += 1
            alias = None
            is_title = False
            country = dominant
            if (span.start, span.end) in from_aliases:
                text = _key(span, lookup)
                is_title = all(a.role for a in self.table.candidates(text))
                if self.table.office_countries(text):
                    country = _phrase_country(span, countries) or dominant
                alias = self.table.resolve(text, on=day, named=named, country=country)
            following = spans[index] if index < len(spans) else None
            if (
                is_title
                and following is not None
                and following.start == span.end
                and self._is_person(following, lookup)
            ):
                # A title right before a name is that person's title.
                alias = self.table.resolve(_key(following, lookup), on=day, named=named)
                span = doc[span.start : following.end]
                index += 1
            entity = self._entity_for(span, alias, people, day, named, country)
            if entity is None:
                continue
            if entity.kind == "PERSON" and len(parts := entity.name.split()) > 1:
                for part in (parts[0], parts[-1]):
                    people.setdefault(part.casefold(), entity)
            label = entity.kind
            if alias is not None and alias.state_of is not None and _acts_as_state(span):
                entity, label = self.table.entities[alias.state_of], "GPE"
            entities.setdefault(entity.id, entity)
            mentions.append(
                MentionAnnotation(
                    start=span.start_char,
                    end=span.end_char,
                    text=span.text,
                    label=label,
                    entity_id=entity.id,
                )
            )
        if inflecting(doc.lang_):
            mentions, entities = _one_form_each(mentions, entities, self.table, doc.lang_)
        return _one_name_each(mentions, entities, self.table)

    def _country_tokens(
        self,
        spans: list[Span],
        from_aliases: set[tuple[int, int]],
        lookup: dict[tuple[int, int], str],
    ) -> dict[int, str]:
        """The country each token of a country name or adjective names, by token index."""
        found: dict[int, str] = {}
        for span in spans:
            if (span.start, span.end) not in from_aliases:
                continue
            ids = {
                a.entity_id
                for a in self.table.candidates(_key(span, lookup))
                if not a.role and a.entity_id.startswith("country:")
            }
            if len(ids) == 1:
                (entity_id,) = ids
                found.update(dict.fromkeys(range(span.start, span.end), entity_id[8:]))
        return found

    def _is_person(self, span: Span, lookup: dict[tuple[int, int], str]) -> bool:
        if span.label_ == "PERSON":
            return True
        return any(
            self.table.entities[a.entity_id].kind == "PERSON" and not a.role
            for a in self.table.candidates(_key(span, lookup))
        )

    def _entity_for(
        self,
        span: Span,
        alias: Alias | None,
        people: dict[str, Entity],
        day: date | None,
        named: set[str],
        country: str | None,
    ) -> Entity | None:
        if alias is not None:
            return self.table.entities[alias.entity_id]
        label = NER_LABELS.get(span.label_)
        if label is None:
            return None
        name = _ELISION.sub("", _LEADING_ARTICLE.sub("", span.text))
        name = _TITLE_WORDS.sub("", name).strip(" '’\"")
        name = re.sub(r"(?:'s|’s)$", "", name)
        if span.doc.lang_ == "tr":
            name = _TURKISH_SUFFIX.sub("", name)
        if not _TWO_LETTERS.search(name):  # nothing left, or a stray letter ("n’", "Â")
            return None
        known = self.table.resolve(name, on=day, named=named, country=country)
        if known is not None:
            return self.table.entities[known.entity_id]
        if (inflected := self._inflected(name, span.doc.lang_)) is not None:
            return self.table.entities[inflected]
        if label == "PERSON" and len(name.split()) == 1 and name.casefold() in people:
            return people[name.casefold()]
        if label not in {"PERSON", "NORP"} and len(name.split()) == 1:
            # A short form of a longer name of an entity the article names ("la Alianza"
            # where it names the OTAN, "Alianza Atlántica" in the tables): that entity.
            owners = self.name_ends.get(name, set()) & named
            if len(owners) == 1:
                return self.table.entities[owners.pop()]
        return Entity(id=f"{_ENTITY_PREFIX[label]}:{slug(name)}", name=name, kind=label)

    def _inflected(self, name: str, language: str) -> str | None:
        """The one entity of the tables whose name of two or more words this name is a
        case form of, if there is one."""
        if not self.inflected or len(name.split()) < 2:
            return None
        ids = {
            entity_id
            for form in stems(name.split()[0], language)
            for text, entity_id in self.inflected.get(form, ())
            if same_name(name, text, language)
        }
        return ids.pop() if len(ids) == 1 else None

    def set_annotations(
        self, doc: Doc, mentions: list[MentionAnnotation], entities: dict[str, Entity]
    ) -> None:
        """Write the mentions and their entities to the doc."""
        doc._.mentions = mentions
        doc._.entities = entities


def _one_form_each(
    mentions: list[MentionAnnotation],
    entities: dict[str, Entity],
    table: AliasTable,
    language: str,
) -> tuple[list[MentionAnnotation], dict[str, Entity]]:
    """Inflected forms of one name in an article made one entity ("Kaczyński",
    "Kaczyńskiego"): a one-word name the tables lack joins the one person (or name of
    unknown kind) whose last word it is a form of ("Dudy" where the article names
    "Andrzej Duda"), else the other forms of it, under the one with a known kind and the
    shortest name."""
    created = [e for e in entities.values() if e.id not in table.entities]
    full = [
        e for e in entities.values() if e.kind in {"PERSON", "NAME"} and len(e.name.split()) > 1
    ]
    moved: dict[str, str] = {}
    groups: list[list[Entity]] = []
    for entity in created:
        people = {
            e.id
            for e in full
            if e.id != entity.id and same_name(entity.name, e.name.split()[-1], language)
        }
        if len(people) == 1:
            moved[entity.id] = people.pop()
            continue
        group = next((g for g in groups if same_name(entity.name, g[0].name, language)), None)
        if group is None:
            groups.append([entity])
        else:
            group.append(entity)
    for group in groups:
        target = min(group, key=lambda e: (e.kind == "NAME", len(e.name))).id
        moved.update({e.id: target for e in group if e.id != target})
    moved = {k: v for k, v in moved.items() if v not in moved}  # no chains
    if not moved:
        return mentions, entities
    kept = {k: e for k, e in entities.items() if k not in moved}
    return [
        replace(m, entity_id=moved[m.entity_id], label=kept[moved[m.entity_id]].kind)
        if m.entity_id in moved
        else m
        for m in mentions
    ], kept


def _one_name_each(
    mentions: list[MentionAnnotation], entities: dict[str, Entity], table: AliasTable
) -> tuple[list[MentionAnnotation], dict[str, Entity]]:
    """Names of one organization or place in an article made one entity (see _same_as)."""
    moved = {
        entity.id: other.id
        for entity in entities.values()
        if entity.id not in table.entities
        if (other := _same_as(entity, entities.values())) is not None
    }
    # A name that others move to stays only if it does not move itself (no chains).
    moved = {k: v for k, v in moved.items() if v not in moved}
    if not moved:
        return mentions, entities
    kept = {k: e for k, e in entities.items() if k not in moved}
    return [replace(m, entity_id=moved.get(m.entity_id, m.entity_id)) for m in mentions], kept


def _same_as(entity: Entity, others: Iterable[Entity]) -> Entity | None:
    """The one other entity of the article an unknown name is a form of, if any.

    A name with a descriptor ("CrowdStrike Holdings", "Hualien city", "Asia-Pacific
    region") is the bare name the article also uses; a part of a longer name ("Commons",
    "North") is that name ("House of Commons", "North Korea"); spelt-out initials
    ("Taiwan Semiconductor Manufacturing Co") are the acronym ("TSMC").
    """
    family = _KIND_FAMILY.get(entity.kind)
    if family is None:
        return None
    words = entity.name.split()
    found = []
    for other in others:
        if other.id == entity.id or _KIND_FAMILY.get(other.kind) != family:
            continue
        theirs = other.name.split()
        if len(theirs) < len(words):
            extra = _extra_words(words, theirs)
            described = bool(extra) and not _names_more(extra)
            acronym = len(theirs) == 1 and _initials(words) == theirs[0].upper() == theirs[0]
            if described or acronym:
                found.append(other)
        elif len(theirs) > len(words):
            extra = _extra_words(theirs, words)
            if _names_more(extra):
                found.append(other)
    return found[0] if len(found) == 1 else None


def _names_more(extra: list[str]) -> bool:
    """Whether words around a name make it a longer name ("House of" Commons), not a
    description of it ("Holdings", "city")."""
    return (
        bool(extra)
        and all(w[:1].isupper() or w in _OF_WORDS for w in extra)
        and not all(w.casefold() in _DESCRIPTORS for w in extra)
    )


def _extra_words(longer: list[str], shorter: list[str]) -> list[str]:
    """The words of ``longer`` around ``shorter`` when it starts or ends with it, else []."""
    if longer[: len(shorter)] == shorter:
        return longer[len(shorter) :]
    if longer[-len(shorter) :] == shorter:
        return longer[: -len(shorter)]
    return []


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w[:1].isupper())


def _key(span: Span, lookup: dict[tuple[int, int], str]) -> str:
    """The text to look a span up by: its bare form if it has one, else as written."""
    return lookup.get((span.start, span.end), span.text)


def _bare_docs(doc: Doc) -> list[Doc]:
    """The doc's words without Turkish case suffixes, Arabic proclitics (one or two) or
    German and Polish case endings (one list per base form, analyze/inflection.py)."""
    if doc.lang_ == "tr":
        forms = [[_TURKISH_SUFFIX.sub("", t.text) if t.text[:1].isupper() else t.text for t in doc]]
    elif doc.lang_ == "ar":
        forms = [[clitic.sub("", t.text) for t in doc] for clitic in ARABIC_PROCLITICS]
    elif inflecting(doc.lang_):
        forms = base_variants([t.text for t in doc], doc.lang_)
    else:
        return []
    spaces = [bool(t.whitespace_) for t in doc]
    words = [t.text for t in doc]
    return [Doc(doc.vocab, words=f, spaces=spaces) for f in forms if f != words]


def _phrase_country(span: Span, countries: dict[int, str]) -> str | None:
    """The country a title's own phrase names: "Austrian chancellor", "chancellor of Austria"."""
    doc = span.doc
    before = span.start - 1
    if before >= 0 and doc[before].text in _POSSESSIVE_TOKENS:
        before -= 1
    if before >= 0 and before in countries:
        return countries[before]
    if span.end + 1 < len(doc) and doc[span.end].lower_ in _OF_WORDS:
        return countries.get(span.end + 1)
    return None


def dominant_country(countries: dict[int, str]) -> str | None:
    """The country mentioned most often, if one is mentioned more than any other.

    ``countries``: the country each token of a country mention names, by token index.
    """
    counts: dict[str, int] = {}
    previous = (-2, "")
    for token in sorted(countries):
        if (token - 1, countries[token]) != previous:  # once per mention, not per token
            counts[countries[token]] = counts.get(countries[token], 0) + 1
        previous = (token, countries[token])
    ranked = sorted(counts.values(), reverse=True)
    if not ranked or (len(ranked) > 1 and ranked[0] == ranked[1]):
        return None
    return max(counts, key=counts.__getitem__)


def _acts_as_state(span: Span) -> bool:
    """Whether a capital names its government: not where something is or goes, not a name.

    A place: after a place preposition ("in Pyongyang", "di Hanoi"), "to" after travel
    ("visit to Ottawa"), an address ("Tate Modern, London", "Tate Modern de Londres"), a
    part of a longer name or compound ("the Paris Olympics", "Kyiv-based").
    """
    doc = span.doc
    if doc.lang_ == "tr" and TURKISH_PLACE_CASE.search(span.text):
        return False  # "Ankara'da", "Ankara'dan": in or from the city
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    if after is not None and after.text == "-" and span.end + 1 < len(doc):
        return doc[span.end + 1].lower_ != "based"
    head = span.root.head
    if span.root.dep_ == "compound" and head.i >= span.end and head.text[:1].isupper():
        return False  # "the Paris Olympics", "Moscow Times"
    if before is None:
        return True
    if before.lower_ in _PLACE_PREPOSITIONS:
        return False
    if before.lower_ == "to":
        return not _after_travel(before)
    before_that = doc[span.start - 2] if span.start > 1 else None
    if before.text == "," or before.lower_ in _OF_PLACE_WORDS:
        # An address follows a name ("Tate Modern, London"); a clause's subject does not
        # ("According to diplomats, Kyiv keeps working").
        return before_that is None or not before_that.text[:1].isupper()
    return not (span.root.dep_ == "pobj" and span.root.head.lower_ in _PLACE_PREPOSITIONS)


def _after_travel(to: Token) -> bool:
    """Whether "to" follows a word of travel ("visit to", "flew to"), the only word before
    it when the doc has no parse."""
    heads = [to.head] if to.doc.has_annotation("DEP") and to.head.i != to.i else []
    if to.i > 0:
        heads.append(to.doc[to.i - 1])
    return any(simplemma.lemmatize(h.lower_, lang="en") in _TRAVEL_WORDS for h in heads)


@Language.factory(
    "everyside_entities",
    assigns=["doc._.mentions", "doc._.entities"],
    default_config={"alias_files": []},
)
def make_entity_linker(nlp: Language, name: str, alias_files: list[str]) -> EntityLinker:
    """Create the entity linker with the packaged alias tables plus ``alias_files``."""
    return EntityLinker(nlp, name, alias_files=alias_files)
