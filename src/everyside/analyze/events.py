"""Who did what to whom: actor-action-target events coded in CAMEO from the dependency parse.

The ``everyside_events`` component writes a list of ``EventAnnotation`` to
``doc._.events``. For each verb of a sentence that the verb table knows:

1. the action is the verb with the words of its phrase that pick the most specific
   pattern ("sign" + "agreement" is 057, "provide" alone 060); verbs of relative
   clauses describe a participant and code nothing;
2. the source actor is the subject (or the agent "by ..." of a passive), taken from the
   governing verb when the verb has none ("Arnor is about to restore ties");
3. the target is the first actor among the verb's complements in text order: object,
   then prepositional objects ("with Gondor", "to Russia"); clauses are left to their
   own verbs;
4. actors are coded as a country or organization code plus agent codes: dictionary
   phrases first ("NATO" is IGOWSTNAT, "Kremlin" RUSGOV), then everyside's canonical
   entity mentions (an entity's ISO 3166 country), plus agent words ("leader" GOV,
   "soldiers" MIL); compound subjects and objects expand to one event per pair;
5. negation, modals and conditions ("could", "if") and announced action ("will",
   "plans to") set the mood: CAMEO codes only what happened, so consumers keep
   ``EventMood.ASSERTED`` when they count events.

Languages without a parse (Spanish among them) use a verb table of lemmas and the
nearest actors before and after the verb in the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import simplemma
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from everyside.analyze.aliases import load_alias_table
from everyside.analyze.event_tables import (
    ActorDictionary,
    VerbDictionary,
    VerbPattern,
    cameo_code,
    default_actor_dictionary,
    default_verb_dictionary,
    load_actor_files,
    load_verbs,
    words_of,
)
from everyside.analyze.nlp import register_packing
from everyside.model import Entity, Event, EventMood
from everyside.model import Span as TextSpan

__all__ = ["EventAnnotation", "EventCoder", "EventLexicon", "event_from"]

EXTENSION = "events"

if not Doc.has_extension(EXTENSION):
    Doc.set_extension(EXTENSION, default=None)

# Dependency labels of a noun phrase's own words (not its clauses, conjuncts or appositions).
_PHRASE_DEPS = {"compound", "amod", "nmod", "poss", "det", "case", "nummod", "quantmod", "flat"}
# Prepositions whose object places a role noun ("ambassadors of Arnor", "soldiers from Gondor").
_OF_PREPOSITIONS = {"of", "in", "from", "at"}
# Children of a verb that are clauses with verbs of their own: their actors are theirs.
_CLAUSE_DEPS = {"ccomp", "advcl", "parataxis", "relcl", "acl", "csubj", "punct", "mark", "cc"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "expl"}
_RELATIVE_PRONOUNS = {"who", "which", "that"}
_PERSONAL_PRONOUNS = {"it", "they", "he", "she", "we"}
# Prepositions whose object is where an action happened rather than whom it was done to.
_PLACE_PREPOSITIONS = {"in", "at", "near", "inside", "outside", "across", "throughout"}
_NEGATIONS = {"not", "n't", "never", "no", "neither", "nor"}
_HYPOTHETICAL_AUX = {"could", "might", "may", "would", "should", "can", "ca", "must"}
_FUTURE_AUX = {"will", "shall", "'ll", "wo"}
_CONDITIONS = {"if", "unless", "whether"}
# Verbs whose infinitive complement did not happen: "refused to admit", "failed to stop".
_NEGATING_GOVERNORS = {"refuse", "decline", "fail"}
# Words whose clause is asked for, not done: "demanded that Gondor withdraw".
_DEMANDING = {"demand", "urge", "insist", "ask", "request", "propose", "suggest", "recommend"}
# The CAMEO root of demands: made to whoever is to act, who may be named only in the
# clause ("demanded that Gondor withdraw its troops").
_DEMAND_ROOT = "10"
# Verbs whose infinitive complement has not happened yet: "plans to sign", "vowed to wage".
_FUTURE_GOVERNORS = {
    "plan",
    "intend",
    "expect",
    "aim",
    "prepare",
    "want",
    "hope",
    "seek",
    "vow",
    "pledge",
    "promise",
    "threaten",
    "agree",
    "decide",
    "schedule",
    "set",
    "due",
    "about",
    "go",
    "try",
    "offer",
    "ready",
    "willing",
    "prepared",
    "poised",
    "determined",
}
_SPANISH_FUTURE_ENDING = re.compile(r"(?:ará|erá|irá|arán|erán|irán)$")
_SPANISH_CONDITIONS = {"si", "podría", "podrían", "puede", "pueden", "podrá", "podrán"}
# Words that may stand between an agent and its actor in a flat phrase: "paramilitares de las AUC".
_PHRASE_GLUE = {"de", "del", "la", "las", "los", "el", "of", "the", "'s", "’s"}
# Actor codes of international organizations: their officials are the organization.
_ORGANIZATION_PREFIXES = ("IGO", "NGO", "MNC")
# The code of an actor whose country or organization the text does not say ("---GOV").
NO_ACTOR = "---"
# How far (tokens) the flat coder looks for a target after the verb.
_FLAT_TARGET_WINDOW = 8


@dataclass(frozen=True, slots=True)
class EventAnnotation:
    """One coded event in a doc; positions are character spans of ``doc.text``.

    ``code`` is the CAMEO code; ``source``/``target`` are actor codes (None when the
    sentence names no actor for that role); ``action`` is the verb as matched
    ("sign agreement").
    """

    sentence: tuple[int, int]
    action_span: tuple[int, int]
    action: str
    code: str
    source: str | None
    target: str | None
    source_entity: str | None = None
    target_entity: str | None = None
    mood: EventMood = EventMood.ASSERTED
    occurred_on: date | None = None
    location: str | None = None

    def as_list(self) -> list[Any]:
        """The annotation as plain JSON/msgpack-ready values."""
        return [
            list(self.sentence),
            list(self.action_span),
            self.action,
            self.code,
            self.source,
            self.target,
            self.source_entity,
            self.target_entity,
            self.mood.value,
            self.occurred_on.isoformat() if self.occurred_on else None,
            self.location,
        ]

    @classmethod
    def from_list(cls, values: Sequence[Any]) -> EventAnnotation:
        """Rebuild an annotation from ``as_list`` output."""
        sentence, action_span, action, code, source, target, s_ent, t_ent, mood, day, place = values
        return cls(
            sentence=(int(sentence[0]), int(sentence[1])),
            action_span=(int(action_span[0]), int(action_span[1])),
            action=action,
            code=code,
            source=source,
            target=target,
            source_entity=s_ent,
            target_entity=t_ent,
            mood=EventMood(mood),
            occurred_on=date.fromisoformat(day) if day else None,
            location=place,
        )


register_packing("event", EventAnnotation)


def event_from(article_id: str, found: Any) -> Event:
    """An Event record from an annotation (or anything with its fields), with code facts."""
    code = found.code or None
    facts = cameo_code(code)
    return Event(
        article_id=article_id,
        span=TextSpan(*found.sentence),
        source_actor=found.source,
        action=found.action,
        target_actor=found.target,
        cameo_code=code,
        goldstein=facts.goldstein if facts else None,
        quad_class=facts.quad_class if facts else None,
        plover=facts.plover if facts else None,
        source_entity_id=found.source_entity,
        target_entity_id=found.target_entity,
        action_span=TextSpan(*found.action_span),
        mood=found.mood,
        location=found.location,
        occurred_on=found.occurred_on,
    )


# --------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EventLexicon:
    """The verb patterns and the actor dictionary a coder uses; swap it to code otherwise."""

    verbs: VerbDictionary
    actors: ActorDictionary

    @classmethod
    def default(cls, language: str | None = "en") -> EventLexicon:
        """everyside's shipped tables for a language."""
        return cls(default_verb_dictionary(language or "en"), default_actor_dictionary())

    @classmethod
    def from_files(
        cls,
        verbs: Path,
        actors: Iterable[Path],
        agents: Iterable[Path] = (),
        discards: Iterable[Path] = (),
    ) -> EventLexicon:
        """Tables from files: everyside JSON or PETRARCH dictionaries (``.txt``)."""
        return cls(load_verbs(verbs), load_actor_files(actors, agents, discards))


@lru_cache(maxsize=65536)
def _lemma(word: str, language: str) -> str:
    return str(simplemma.lemmatize(word, lang=language)).lower()


# --------------------------------------------------------------------------------------
# Actors in a sentence
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Actor:
    """A coded actor: its code and the canonical entity it was read from, if any."""

    code: str
    entity_id: str | None = None


@dataclass(frozen=True, slots=True)
class _Hit:
    """A dictionary phrase or entity mention found over tokens ``[start, end)``."""

    start: int
    end: int
    code: str
    entity_id: str | None
    prefix: bool = False  # agents only: the code goes before the actor's


class _SentenceActors:
    """The actor and agent phrases of one sentence, by token, ready to code phrases."""

    def __init__(
        self,
        sentence: Span,
        dictionary: ActorDictionary,
        mentions: Sequence[Any],
        entities: dict[str, Entity],
        day: date | None,
        remembered: dict[str, str],
    ) -> None:
        self.sentence = sentence
        words = [t.lower_ for t in sentence]
        offset = sentence.start
        self.actors: dict[int, _Hit] = {}
        self.agents: dict[int, _Hit] = {}
        self.discarded = False
        for start, end, words_found in _longest_matches(words, dictionary):
            if words_found in dictionary.discards:
                self.discarded = True
            code = dictionary.code_on(words_found, day)
            if code is not None and _written_as_name(sentence[start:end]):
                self._mark(self.actors, _Hit(start + offset, end + offset, code, None))
        for start, end, words_found in _longest_matches(words, dictionary, agents=True):
            agent = dictionary.agents[words_found]
            self._mark(
                self.agents, _Hit(start + offset, end + offset, agent.code, None, agent.prefix)
            )
        doc = sentence.doc
        self.mention_entities: dict[int, str] = {}
        for mention in mentions:
            if not sentence.start_char <= mention.start < sentence.end_char:
                continue
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            for i in range(span.start, span.end):
                self.mention_entities[i] = mention.entity_id
            known = remembered.get(mention.entity_id)
            if known is not None:
                # The article coded this entity already: "Stoltenberg" is the NATO
                # Secretary General named before, whatever a dictionary says of the name.
                for i in range(span.start, span.end):
                    self.actors[i] = _Hit(span.start, span.end, known, mention.entity_id)
                continue
            inside = [self.actors[i] for i in range(span.start, span.end) if i in self.actors]
            if inside:
                # A dictionary phrase inside a mention codes all of it: "Secretary General
                # of the North Atlantic Treaty Organization" is NATO's wherever it is parsed.
                for i in range(span.start, span.end):
                    self.actors.setdefault(i, inside[0])
                continue
            entity = entities.get(mention.entity_id)
            code = _organization_in(span, dictionary, day) or _entity_code(entity, dictionary, day)
            if code is not None:
                self._mark(self.actors, _Hit(span.start, span.end, code, mention.entity_id))

    @staticmethod
    def _mark(table: dict[int, _Hit], hit: _Hit) -> None:
        for i in range(hit.start, hit.end):
            table.setdefault(i, hit)

    def code_tokens(self, tokens: Iterable[Token]) -> tuple[list[_Hit], list[_Hit]]:
        """The distinct actor and agent hits over some tokens, in text order."""
        actors: list[_Hit] = []
        agents: list[_Hit] = []
        for token in sorted(tokens, key=lambda t: t.i):
            actor = self.actors.get(token.i)
            if actor is not None and actor not in actors:
                actors.append(actor)
            agent = self.agents.get(token.i)
            # An agent word inside a dictionary phrase is part of that actor's name
            # ("Hamas military command"); inside an entity mention it is the role
            # ("North Korean leader Kim Jong Un").
            in_phrase = (
                actor is not None and actor.entity_id is None and actor.start <= token.i < actor.end
            )
            if agent is not None and agent not in agents and not in_phrase:
                agents.append(agent)
        return actors, agents

    def entity_at(self, tokens: Iterable[Token]) -> str | None:
        """The entity of the first mention among some tokens."""
        for token in sorted(tokens, key=lambda t: t.i):
            if token.i in self.mention_entities:
                return self.mention_entities[token.i]
        return None


def _written_as_name(words: Span) -> bool:
    """Whether a one-word dictionary hit is written as a name: short ones must be acronyms.

    "UN" is the United Nations, "Un" in "Kim Jong Un" is not.
    """
    return len(words) > 1 or len(words.text) > 3 or words.text.isupper()


def _longest_matches(
    words: list[str], dictionary: ActorDictionary, *, agents: bool = False
) -> Iterator[tuple[int, int, tuple[str, ...]]]:
    """Non-overlapping longest dictionary phrases in a word list, left to right."""
    table: dict[tuple[str, ...], Any] = dictionary.agents if agents else dictionary.actors
    lengths = dictionary.agent_lengths if agents else dictionary.actor_lengths
    discards = () if agents else dictionary.discards
    i = 0
    while i < len(words):
        for length in range(min(lengths.get(words[i], 0), len(words) - i), 0, -1):
            candidate = tuple(words[i : i + length])
            if candidate in table or candidate in discards:
                yield i, i + length, candidate
                i += length
                break
        else:
            i += 1


def _entity_code(
    entity: Entity | None, dictionary: ActorDictionary, day: date | None
) -> str | None:
    """An entity's actor code: its country in everyside's tables, else its name's code."""
    if entity is None:
        return None
    if entity.country_code:
        return entity.country_code
    for name in (entity.name, *entity.aliases):
        code = dictionary.code_on(words_of(name), day)
        if code is not None:
            return code
    return None


def _organization_in(span: Span, dictionary: ActorDictionary, day: date | None) -> str | None:
    """The code of an organization named inside a person's title, by everyside's aliases.

    "The head of the North Atlantic military alliance" is NATO's: the alias tables know
    the alliance, the actor dictionary knows NATO.
    """
    table = load_alias_table()
    for length in range(len(span) - 1, 0, -1):
        for start in range(span.start, span.end - length + 1):
            alias = table.resolve(span.doc[start : start + length].text)
            if alias is None or alias.role:
                continue
            entity = table.entities[alias.entity_id]
            if entity.kind == "ORG" and (code := _entity_code(entity, dictionary, day)):
                return code
    return None


def combine(actor: _Hit | None, agents: Sequence[_Hit]) -> list[str]:
    """An actor's codes with its agents: "NGO" + "ARN" + "GOV" is "NGOARNGOV".

    A dictionary code "FRO/BIL/SAM" names several actors: each gets the agents. Agents
    already in an actor's code are not repeated (Kremlin RUSGOV, "chief" GOV), and an
    organization's officials are the organization ("NATO Secretary General").
    """
    if actor is None and not agents:
        return []
    codes = []
    for base in actor.code.split("/") if actor is not None else [NO_ACTOR]:
        if base.startswith(_ORGANIZATION_PREFIXES):
            codes.append(base)
            continue
        prefix = "".join(a.code for a in agents if a.prefix and a.code not in base)
        suffix = ""
        for agent in agents:
            if not agent.prefix and agent.code not in base + suffix:
                suffix += agent.code
        codes.append(prefix + base + suffix)
    return codes


# --------------------------------------------------------------------------------------
# Verb patterns
# --------------------------------------------------------------------------------------

# A compiled pattern element: alternatives, each a sequence of word-form sets.
_Compiled = tuple[tuple[frozenset[str], ...], ...]


@dataclass(frozen=True, slots=True)
class _CompiledPattern:
    """A verb pattern with its synsets expanded to word forms, ready to match."""

    pattern: VerbPattern
    before: tuple[_Compiled, ...]
    after: tuple[_Compiled, ...]
    # For each element, every form its alternatives can start with: a quick reject.
    starts: tuple[frozenset[str], ...]
    size: int


@dataclass(frozen=True, slots=True)
class _VerbPatterns:
    """A verb's compiled patterns, most specific first, indexed by a form each needs."""

    compiled: tuple[_CompiledPattern, ...]
    # form -> the patterns (by position) that need it: each pattern is filed under the
    # forms of its narrowest element, so a sentence lacking them all skips it unread.
    by_form: dict[str, tuple[int, ...]]
    # Patterns with no elements around the verb: candidates in every sentence.
    always: tuple[int, ...]

    @classmethod
    def of(cls, compiled: list[_CompiledPattern]) -> _VerbPatterns:
        """Sort most specific first (stable: the table's order among equals) and index."""
        ordered = sorted(compiled, key=lambda pattern: -pattern.size)
        by_form: dict[str, list[int]] = {}
        always = []
        for position, pattern in enumerate(ordered):
            if not pattern.starts:
                always.append(position)
                continue
            for form in min(pattern.starts, key=len):
                by_form.setdefault(form, []).append(position)
        return cls(
            tuple(ordered), {form: tuple(found) for form, found in by_form.items()}, tuple(always)
        )

    def candidates(self, present: frozenset[str]) -> Iterator[_CompiledPattern]:
        """The patterns whose every element can start with a form present, in order."""
        positions = set(self.always)
        for form in present:
            positions.update(self.by_form.get(form, ()))
        for position in sorted(positions):
            compiled = self.compiled[position]
            if not any(present.isdisjoint(start) for start in compiled.starts):
                yield compiled


class _PatternMatcher:
    """Matches verb patterns against the words around a verb (compiled once per verb)."""

    def __init__(self, verbs: VerbDictionary, language: str) -> None:
        self.verbs = verbs
        self.language = language
        self._by_verb: dict[str, _VerbPatterns] = {}
        self._elements: dict[tuple[str, ...], _Compiled] = {}

    def _element(self, alternatives: tuple[str, ...]) -> _Compiled:
        known = self._elements.get(alternatives)
        if known is None:
            known = tuple(
                tuple(frozenset({w, _lemma(w, self.language)}) for w in words)
                for alternative in alternatives
                for words in self.verbs.expand(alternative)
                if words
            )
            self._elements[alternatives] = known
        return known

    def _compiled(self, verb: str) -> _VerbPatterns:
        known = self._by_verb.get(verb)
        if known is None:
            compiled = []
            for pattern in self.verbs.patterns(verb):
                before = tuple(self._element(e) for e in pattern.before)
                after = tuple(self._element(e) for e in pattern.after)
                starts = tuple(
                    frozenset().union(*(alternative[0] for alternative in element))
                    for element in (*before, *after)
                )
                compiled.append(_CompiledPattern(pattern, before, after, starts, pattern.size))
            known = self._by_verb[verb] = _VerbPatterns.of(compiled)
        return known

    def best(
        self, base: str, before: list[frozenset[str]], after: list[frozenset[str]]
    ) -> _CompiledPattern | None:
        """The most specific pattern of a verb that the words before and after it satisfy."""
        present = frozenset().union(*before, *after)
        for compiled in self._compiled(base).candidates(present):
            # Most specific first: the first that matches is the best.
            if _in_order(compiled.before, before) and _in_order(compiled.after, after):
                return compiled
        return None

    @staticmethod
    def matched(
        compiled: _CompiledPattern,
        tokens: list[Token],
        forms: Callable[[Token], frozenset[str]],
    ) -> list[Token]:
        """The tokens after the verb that a pattern's elements matched (for the action)."""
        positions = _positions(compiled.after, [forms(t) for t in tokens]) or []
        return [tokens[i] for i in positions]


def _in_order(elements: tuple[_Compiled, ...], words: list[frozenset[str]]) -> bool:
    """Whether each element occurs in ``words`` after the previous one."""
    return _positions(elements, words) is not None


def _positions(elements: tuple[_Compiled, ...], words: list[frozenset[str]]) -> list[int] | None:
    """The indexes of ``words`` the elements match, in order; None when one is missing."""
    position = 0
    matched: list[int] = []
    for alternatives in elements:
        found = None
        for start in range(position, len(words)):
            for alternative in alternatives:
                end = start + len(alternative)
                if end <= len(words) and all(
                    alternative[k] & words[start + k] for k in range(len(alternative))
                ):
                    found = end
                    break
            if found is not None:
                break
        if found is None:
            return None
        matched.extend(range(start, found))
        position = found
    return matched


# --------------------------------------------------------------------------------------
# The component
# --------------------------------------------------------------------------------------


class EventCoder:
    """Codes actor-action-target events (see the module doc).

    Args:
        name: the component's name.
        lexicon: verb and actor tables; everyside's for the pipeline's language by default.
        language: the language of the docs (lemmas, cue words).
        require_target: code only events whose target is an actor (PETRARCH's
            ``require_dyad``); off by default, so "Stoltenberg said ..." is a statement
            event without a target.
    """

    def __init__(
        self,
        name: str = "everyside_events",
        *,
        lexicon: EventLexicon | None = None,
        language: str | None = "en",
        require_target: bool = False,
    ) -> None:
        self.name = name
        self.language = language or "en"
        self.lexicon = lexicon or EventLexicon.default(self.language)
        self.require_target = require_target
        self._matcher = _PatternMatcher(self.lexicon.verbs, self._lemma_language)

    @property
    def _lemma_language(self) -> str:
        return (
            self.language if self.language in ("en", "es", "de", "fr", "it", "nl", "pt") else "en"
        )

    def __call__(self, doc: Doc) -> Doc:
        """Annotate ``doc._.events``."""
        self.set_annotations(doc, self.code(doc))
        return doc

    def code(self, doc: Doc, day: date | None = None) -> list[EventAnnotation]:
        """Every event of a doc, without changing it; ``day`` dates dictionary codes."""
        day = day or (doc._.published_on if doc.has_extension("published_on") else None)
        mentions = (doc._.mentions if doc.has_extension("mentions") else None) or []
        entities = (doc._.entities if doc.has_extension("entities") else None) or {}
        times = (doc._.times if doc.has_extension("times") else None) or []
        parsed = doc.has_annotation("DEP")
        remembered: dict[str, str] = {}
        events: list[EventAnnotation] = []
        if not self.lexicon.verbs.blocks:
            return events  # a language without a verb table codes nothing
        for sentence in doc.sents:
            actors = _SentenceActors(
                sentence, self.lexicon.actors, mentions, entities, day, remembered
            )
            if actors.discarded:
                continue
            _remember(actors, remembered)
            found = (
                self._code_parsed(sentence, actors) if parsed else self._code_flat(sentence, actors)
            )
            for event in found:
                events.append(_dated(event, sentence, times))
        return events

    def set_annotations(self, doc: Doc, events: list[EventAnnotation]) -> None:
        """Write the events to the doc."""
        doc._.events = events

    # -- with a dependency parse ---------------------------------------------------------

    def _code_parsed(self, sentence: Span, actors: _SentenceActors) -> Iterator[EventAnnotation]:
        forms = [self._forms(t) for t in sentence]
        coded: dict[int, tuple[_CompiledPattern, list[Token]]] = {}
        for verb in sentence:
            if verb.pos_ not in ("VERB", "AUX") or verb.dep_ == "aux" or _going_to(verb):
                continue
            after_tokens = _complement_tokens(verb)
            compiled = self._pattern_for(
                verb,
                forms[: verb.i - sentence.start],
                [forms[t.i - sentence.start] for t in after_tokens],
            )
            if compiled is not None and compiled.pattern.code:
                coded[verb.i] = (compiled, after_tokens)
        for index, (compiled, after_tokens) in coded.items():
            verb = sentence.doc[index]
            if verb.dep_ in ("relcl", "acl"):
                # "the rebels, who had attacked the convoy, ...": a relative clause tells
                # who a participant is, not what the sentence reports.
                continue
            if verb.dep_ == "xcomp" and verb.head.i in coded:
                # "agreed to provide aid", "plans to attack": the governing verb's pattern
                # already reads the complement; CAMEO codes the one event.
                continue
            sources = _subject_actors(verb, actors)
            if not sources and not _is_passive(verb):
                # Only a passive may leave its actor unsaid ("leaders were invited"); an
                # active verb whose subject is no actor is no event ("the deal will form").
                continue
            passive = [c for c in verb.children if c.dep_ == "nsubjpass"]
            targets = (
                _actors_of(passive, actors, undergoer=True)
                if passive
                else _target_actors(after_tokens, actors, sources)
            )
            if not targets and compiled.pattern.code[:2] == _DEMAND_ROOT:
                targets = _addressee_actors(verb, actors, sources)
            action_tokens = [verb, *self._matcher.matched(compiled, after_tokens, self._forms)]
            yield from self._events(
                sentence,
                compiled.pattern,
                sources,
                targets,
                action_tokens,
                _mood(verb),
                _location(verb, actors),
            )

    def _pattern_for(
        self, verb: Token, before: list[frozenset[str]], after: list[frozenset[str]]
    ) -> _CompiledPattern | None:
        """The most specific pattern of any dictionary verb the token may be a form of.

        "attacked" is a form of "attack" and also the first word of the phrase verb
        "attacked and stabbed": every reading is tried.
        """
        verbs = self.lexicon.verbs
        lemma = _lemma(verb.lower_, self._lemma_language)
        bases = dict.fromkeys(
            b
            for b in (verbs.base_of(verb.lower_), verb.lower_, lemma, verbs.base_of(lemma))
            if b and verbs.patterns(b)
        )
        best: _CompiledPattern | None = None
        for base in bases:
            found = self._matcher.best(base, before, after)
            if found is not None and (best is None or found.size > best.size):
                best = found
        return best

    def _forms(self, token: Token) -> frozenset[str]:
        return frozenset({token.lower_, _lemma(token.lower_, self._lemma_language)})

    def _events(
        self,
        sentence: Span,
        pattern: VerbPattern,
        sources: list[Actor],
        targets: list[Actor],
        action_tokens: list[Token],
        mood: EventMood,
        location: str | None,
        *,
        parsed: bool = True,
    ) -> Iterator[EventAnnotation]:
        forward, _, backward = pattern.code.partition(":")
        if self.require_target and not targets and len(sources) < 2:
            return
        start = min(t.idx for t in action_tokens)
        end = max(t.idx + len(t) for t in action_tokens)
        action = " ".join(t.text for t in sorted(action_tokens, key=lambda t: t.i))
        either: list[Actor | None] = [None]
        pairs = [(s, t) for s in [*sources] or either for t in [*targets] or either]
        if not targets and len(sources) > 1 and (self.require_target or backward):
            # "Gondor and Osgiliath delayed their meeting", "Putin and Kim signed a treaty":
            # each one acts towards the other, when the action is mutual (a paired code)
            # or a target is required (PETRARCH's convention).
            pairs = [(s, t) for s in sources for t in sources if s.code != t.code]
        seen: set[tuple[str, str | None, str | None]] = set()
        for source, target in pairs:
            if source is None and self.require_target:
                continue
            if source is not None and target is not None and source.code == target.code:
                continue
            # The paired code is the target's action back, so it needs a target.
            directions = [(forward, source, target)]
            if target is not None:
                directions.append((backward, target, source))
            for code, first, second in directions:
                key = (code, first.code if first else None, second.code if second else None)
                if not code or key in seen or (first is None and second is None):
                    continue
                if parsed and not _names_an_actor(first, second):
                    # The parse saw no actor act ("twenty people were killed"); the flat
                    # coder only failed to find one, so it keeps the event.
                    continue
                seen.add(key)
                yield EventAnnotation(
                    sentence=(sentence.start_char, sentence.end_char),
                    action_span=(start, end),
                    action=action,
                    code=code,
                    source=first.code if first else None,
                    target=second.code if second else None,
                    source_entity=first.entity_id if first else None,
                    target_entity=second.entity_id if second else None,
                    mood=mood,
                    location=location,
                )

    # -- without a parse -------------------------------------------------------------------

    def _code_flat(self, sentence: Span, actors: _SentenceActors) -> Iterator[EventAnnotation]:
        groups = _flat_groups(sentence, actors)
        forms = [self._forms(t) for t in sentence]
        for verb in sentence:
            position = verb.i - sentence.start
            if not verb.is_alpha:
                continue
            compiled = self._pattern_for(verb, forms[:position], forms[position + 1 :])
            if compiled is None or not compiled.pattern.code:
                continue
            before = [g for g in groups if g[1] <= verb.i]
            after = [g for g in groups if verb.i < g[0] <= verb.i + _FLAT_TARGET_WINDOW]
            sources = before[-1][2] if before else []
            targets = after[0][2] if after else []
            yield from self._events(
                sentence,
                compiled.pattern,
                sources,
                targets,
                [verb],
                _flat_mood(verb),
                None,
                parsed=False,
            )


def _names_an_actor(source: Actor | None, target: Actor | None) -> bool:
    """Whether an event says who acted or names whom it was done to.

    "Twenty people were killed" (no source, a target without country or organization)
    says neither: it is no event between actors.
    """
    if source is not None:
        return True
    return target is not None and not target.code.startswith(NO_ACTOR)


def _remember(actors: _SentenceActors, remembered: dict[str, str]) -> None:
    """Keep the first code each entity got, for its later bare mentions ("Stoltenberg")."""
    for i, entity_id in actors.mention_entities.items():
        hit = actors.actors.get(i)
        if hit is not None and hit.code and entity_id not in remembered:
            agents = [a for j in range(hit.start, hit.end) if (a := actors.agents.get(j))]
            codes = combine(hit, agents)
            if len(codes) == 1:
                remembered[entity_id] = codes[0]


def _dated(event: EventAnnotation, sentence: Span, times: Sequence[Any]) -> EventAnnotation:
    """The event with the resolved time expression nearest its action in the sentence."""
    candidates = [
        t
        for t in times
        if sentence.start_char <= t.start < sentence.end_char and t.value is not None
    ]
    if not candidates:
        return event
    nearest = min(candidates, key=lambda t: abs(t.start - event.action_span[0]))
    return replace(event, occurred_on=nearest.value)


def _complement_tokens(verb: Token) -> list[Token]:
    """The words of a verb's phrase after it: objects and prepositional phrases, no clauses."""
    tokens: list[Token] = []
    for child in verb.rights:
        if child.dep_ in _CLAUSE_DEPS or child.dep_ in _SUBJECT_DEPS:
            continue
        if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX"):
            continue
        tokens.extend(_phrase_subtree(child))
    return sorted(tokens, key=lambda t: t.i)


def _phrase_subtree(token: Token) -> Iterator[Token]:
    """A token and its dependents, leaving out clauses below it."""
    yield token
    for child in token.children:
        if child.dep_ in ("relcl", "acl", "advcl", "ccomp", "parataxis") and child.pos_ in (
            "VERB",
            "AUX",
        ):
            continue
        yield from _phrase_subtree(child)


def _phrase_actors(head: Token, actors: _SentenceActors, undergoer: bool = False) -> list[Actor]:
    """The actors a noun phrase names: its own words, else the places its role is of.

    ``undergoer``: the phrase is what the action is done to (an object), not who acts.
    """
    local = [head]
    stack = [head]
    while stack:
        current = stack.pop()
        for child in current.children:
            if child.dep_ in _PHRASE_DEPS and not _coordinated(child):
                local.append(child)
                stack.append(child)
    actor_hits, agent_hits = actors.code_tokens(local)
    entity = actors.entity_at(local)
    if actor_hits:
        entity = entity or actor_hits[0].entity_id
        return [Actor(code, entity) for code in combine(actor_hits[0], agent_hits)]
    if not agent_hits or (
        undergoer and not any(hit.start <= head.i < hit.end for hit in agent_hits)
    ):
        # What an action is done to may be a thing: an agent word modifying a noun that
        # is no agent names no actor there ("held military exercises", "shelled civilian
        # buildings"); a subject acts, so "the official agency said" is an actor.
        return []
    # A role noun without a country of its own: "ambassadors of Arnor, Osgiliath and Gondor".
    places = [
        place
        for child in head.children
        if child.dep_ == "prep" and child.lower_ in _OF_PREPOSITIONS
        for pobj in child.children
        if pobj.dep_ == "pobj"
        for conjunct in _conjuncts(pobj)
        for place in _phrase_actors(conjunct, actors)
    ]
    if places:
        return [
            Actor(code, place.entity_id)
            for place in places
            for code in combine(_Hit(0, 0, place.code, None), agent_hits)
        ]
    return [Actor(code, entity) for code in combine(None, agent_hits)]


def _coordinated(token: Token) -> bool:
    """Whether a modifier is really a conjunct the parser hung below the head.

    The small English model reads "Fornost and the evil awful Gondor" as "Fornost"
    modifying "Gondor"; a modifier with its own "and" is a conjunct.
    """
    return token.dep_ in ("nmod", "compound") and any(c.dep_ == "cc" for c in token.children)


def _conjuncts(token: Token) -> list[Token]:
    """A token and the tokens conjoined with it ("Mordor, Rohan and Bree")."""
    found = [token]
    for child in token.children:
        if child.dep_ == "conj" or _coordinated(child):
            found.extend(_conjuncts(child))
    return found


def _subject_actors(verb: Token, actors: _SentenceActors) -> list[Actor]:
    """The source actors: the subject, the passive's agent, or the governing verb's subject."""
    current = verb
    while True:
        agent = [
            pobj
            for child in current.children
            if child.dep_ == "agent"
            for pobj in child.children
            if pobj.dep_ == "pobj"
        ]
        subjects = [c for c in current.children if c.dep_ == "nsubj"]
        if agent or subjects:
            if not agent and subjects[0].lower_ in _RELATIVE_PRONOUNS and current.dep_ == "relcl":
                return _actors_of([current.head], actors)
            found = _actors_of(agent or subjects, actors)
            if not found and not agent and subjects[0].lower_ in _PERSONAL_PRONOUNS:
                # "Ethiopia indicated it would act": the pronoun of a reported clause is
                # most often the one who reports it.
                reporting = _reporting_verb(current)
                return _subject_actors(reporting, actors) if reporting is not None else []
            return found
        if any(c.dep_ == "nsubjpass" for c in current.children):
            return []
        if current.dep_ == "xcomp":
            # Object control: in "urged Eriador to respond" Eriador is the one to respond.
            objects = [c for c in current.head.children if c.dep_ == "dobj"]
            if objects:
                return _actors_of(objects, actors)
        if current.dep_ not in ("xcomp", "conj", "pcomp", "acomp") or (current.head.i == current.i):
            return []
        current = current.head


def _going_to(verb: Token) -> bool:
    """Whether a verb is the "going" of "is going to attack": a future, not a movement."""
    return verb.lower_ == "going" and any(c.dep_ == "xcomp" for c in verb.children)


def _is_passive(verb: Token) -> bool:
    """Whether a verb is passive ("were invited")."""
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _actors_of(
    heads: Iterable[Token], actors: _SentenceActors, undergoer: bool = False
) -> list[Actor]:
    """The actors of noun phrases and their conjuncts (``undergoer``: see _phrase_actors)."""
    return [
        a for head in heads for c in _conjuncts(head) for a in _phrase_actors(c, actors, undergoer)
    ]


def _reporting_verb(verb: Token) -> Token | None:
    """The verb whose clausal complement a verb is in ("said" for "said it would act")."""
    current = verb
    while current.dep_ in ("xcomp", "conj") and current.head.i != current.i:
        current = current.head
    return current.head if current.dep_ == "ccomp" else None


def _target_actors(
    after: list[Token], actors: _SentenceActors, sources: list[Actor]
) -> list[Actor]:
    """The first actor among a verb's complements, with the actors conjoined with it.

    Objects of place prepositions ("celebrated Eid at Osgiliath with Gondor") are where
    the action happened: they are targets only when no other complement is an actor. A
    role without a country ("sent troops to Gondor") is the target only when no other
    complement of its kind (place or not) names a country or organization.
    """
    source_codes = {s.code for s in sources}
    places = {
        t.i
        for prep in after
        if prep.dep_ == "prep" and prep.lower_ in _PLACE_PREPOSITIONS
        for t in prep.subtree
    }
    unnamed: list[Actor] = []
    for place_pass in (False, True):
        for token in after:
            if (token.i in places) != place_pass:
                continue
            if token.pos_ not in ("NOUN", "PROPN", "PRON") and token.i not in actors.actors:
                continue
            head = token
            while head.dep_ in _PHRASE_DEPS and head.head.i != head.i:
                head = head.head
            found = [
                a for a in _actors_of([head], actors, undergoer=True) if a.code not in source_codes
            ]
            if any(not a.code.startswith(NO_ACTOR) for a in found):
                return found
            unnamed = unnamed or found
        if unnamed:
            return unnamed
    return []


def _addressee_actors(verb: Token, actors: _SentenceActors, sources: list[Actor]) -> list[Actor]:
    """The subject of a demand's clause: "demanded that Gondor withdraw"."""
    source_codes = {s.code for s in sources}
    subjects = [
        subject
        for clause in verb.children
        if clause.dep_ == "ccomp"
        for subject in clause.children
        if subject.dep_ in ("nsubj", "nsubjpass")
    ]
    return [a for a in _actors_of(subjects, actors, undergoer=True) if a.code not in source_codes]


def _mood(verb: Token) -> EventMood:
    """Whether an action is asserted, negated, hypothetical or announced (see module doc)."""
    chain = [verb]
    while chain[-1].dep_ in ("xcomp", "conj") and chain[-1].head.i != chain[-1].i:
        chain.append(chain[-1].head)
    if any(
        c.dep_ == "neg" or (c.dep_ in ("advmod", "det", "preconj") and c.lower_ in _NEGATIONS)
        for t in chain
        for c in t.children
    ) or any(
        t.dep_ == "xcomp" and _lemma(t.head.lower_, "en") in _NEGATING_GOVERNORS for t in chain
    ):
        return EventMood.NEGATED
    for token in chain:
        if token.dep_ in ("ccomp", "acl") and _lemma(token.head.lower_, "en") in _DEMANDING:
            return EventMood.HYPOTHETICAL
        for child in token.children:
            if child.dep_ == "mark" and child.lower_ in _CONDITIONS:
                return EventMood.HYPOTHETICAL
            if child.dep_ == "aux" and child.lower_ == "would" and _reporting_verb(token):
                # "said it would sign": the reported future, not a condition.
                return EventMood.FUTURE
            if child.dep_ == "aux" and child.lower_ in _HYPOTHETICAL_AUX:
                return EventMood.HYPOTHETICAL
    for token in chain:
        if any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in token.children):
            return EventMood.FUTURE
        if token.dep_ == "xcomp" and _lemma(token.head.lower_, "en") in _FUTURE_GOVERNORS:
            return EventMood.FUTURE
    return EventMood.ASSERTED


def _flat_mood(verb: Token) -> EventMood:
    """The mood from the words around a verb, for languages without a parse."""
    before = [t.lower_ for t in verb.doc[max(verb.sent.start, verb.i - 3) : verb.i]]
    if "no" in before or "nunca" in before:
        return EventMood.NEGATED
    if any(w in _SPANISH_CONDITIONS for w in before) or verb.lower_.endswith(("ría", "rían")):
        return EventMood.HYPOTHETICAL
    if _SPANISH_FUTURE_ENDING.search(verb.lower_) or before[-2:] in (["va", "a"], ["van", "a"]):
        return EventMood.FUTURE
    return EventMood.ASSERTED


def _location(verb: Token, actors: _SentenceActors) -> str | None:
    """The place an action happened: "in"/"at" + a place mention attached to the verb."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("in", "at"):
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.ent_type_ in ("GPE", "LOC", "FAC"):
                    return " ".join(t.text for t in pobj.subtree if t.dep_ != "det")
    return None


def _flat_groups(sentence: Span, actors: _SentenceActors) -> list[tuple[int, int, list[Actor]]]:
    """Actor phrases of an unparsed sentence: agents and actors joined across glue words."""
    groups: list[tuple[int, int, list[Actor]]] = []
    i = sentence.start
    while i < sentence.end:
        if i not in actors.actors and i not in actors.agents:
            i += 1
            continue
        start = end = i
        j = i
        while j < sentence.end and (
            j in actors.actors or j in actors.agents or sentence.doc[j].lower_ in _PHRASE_GLUE
        ):
            if j in actors.actors or j in actors.agents:
                end = j
            j += 1
        tokens = list(sentence.doc[start : end + 1])
        actor_hits, agent_hits = actors.code_tokens(tokens)
        entity = actors.entity_at(tokens)
        codes = combine(actor_hits[0] if actor_hits else None, agent_hits)
        if codes:
            groups.append((start, end + 1, [Actor(code, entity) for code in codes]))
        i = end + 1
    return groups


@Language.factory(
    "everyside_events",
    assigns=[f"doc._.{EXTENSION}"],
    requires=["doc._.mentions", "doc._.times"],
    default_config={
        "verbs": "",
        "actors": [],
        "agents": [],
        "discards": [],
        "require_target": False,
    },
)
def make_event_coder(
    nlp: Language,
    name: str,
    verbs: str,
    actors: list[str],
    agents: list[str],
    discards: list[str],
    require_target: bool,
) -> EventCoder:
    """Build the ``everyside_events`` component: shipped tables unless files are given."""
    lexicon = EventLexicon.default(nlp.lang)
    if verbs:
        lexicon = EventLexicon(load_verbs(Path(verbs)), lexicon.actors)
    if actors or agents or discards:
        lexicon = EventLexicon(
            lexicon.verbs,
            load_actor_files(
                [Path(p) for p in actors], [Path(p) for p in agents], [Path(p) for p in discards]
            ),
        )
    return EventCoder(name, lexicon=lexicon, language=nlp.lang, require_target=require_target)
