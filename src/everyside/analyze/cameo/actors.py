"""Actors in a sentence: dictionary phrases, agent words and entity mentions as actor codes.

``SentenceActors`` finds them once per sentence; ``combine`` joins an actor with its
agents ("NGO" + "ARN" + "GOV" is "NGOARNGOV"); ``cameo.syntax`` decides from the parse
which phrase plays which role, ``flat_groups`` does without a parse.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from spacy.tokens import Span, Token

from everyside.analyze.aliases import load_alias_table
from everyside.analyze.cameo.actor_table import ActorDictionary
from everyside.analyze.cameo.words import words_of
from everyside.model import Entity

# Words that may stand between an agent and its actor in a flat phrase: "paramilitares de las AUC".
_PHRASE_GLUE = {"de", "del", "la", "las", "los", "el", "of", "the", "'s", "’s"}
# Actor codes of international organizations: their officials are the organization.
ORGANIZATION_PREFIXES = ("IGO", "NGO", "MNC")
# The code of an actor whose country or organization the text does not say ("---GOV").
NO_ACTOR = "---"
# Clauses that tell who a participant is or set the scene ("whom they had taken hostage
# two weeks ago", "when Amin expelled them 18 years ago"): a discard phrase there says
# nothing of the event the sentence reports.
_SUBORDINATE_DEPS = {"relcl", "acl", "advcl"}


@dataclass(frozen=True, slots=True)
class Actor:
    """A coded actor: its code and the canonical entity it was read from, if any."""

    code: str
    entity_id: str | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    """A dictionary phrase or entity mention found over tokens ``[start, end)``."""

    start: int
    end: int
    code: str
    entity_id: str | None
    prefix: bool = False  # agents only: the code goes before the actor's


class SentenceActors:
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
        self.actors: dict[int, Hit] = {}
        self.agents: dict[int, Hit] = {}
        self.discarded = False
        for start, end, words_found in _longest_matches(words, dictionary):
            if words_found in dictionary.discards and not _subordinate(sentence[start]):
                self.discarded = True
            code = dictionary.code_on(words_found, day)
            if code is not None and _written_as_name(sentence[start:end]):
                self._mark(self.actors, Hit(start + offset, end + offset, code, None))
        for i, token in enumerate(sentence):
            # A people named in the plural is its country: the tables list "Liberian",
            # not "Liberians".
            single = _singular(token)
            if single and i + offset not in self.actors and single in dictionary.actors:
                code = dictionary.code_on(single, day)
                if code is not None:
                    self._mark(self.actors, Hit(i + offset, i + offset + 1, code, None))
        for start, end, words_found in _longest_matches(words, dictionary, agents=True):
            agent = dictionary.agents[words_found]
            self._mark(
                self.agents, Hit(start + offset, end + offset, agent.code, None, agent.prefix)
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
                    self.actors[i] = Hit(span.start, span.end, known, mention.entity_id)
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
                self._mark(self.actors, Hit(span.start, span.end, code, mention.entity_id))

    @staticmethod
    def _mark(table: dict[int, Hit], hit: Hit) -> None:
        for i in range(hit.start, hit.end):
            table.setdefault(i, hit)

    def code_tokens(self, tokens: Iterable[Token]) -> tuple[list[Hit], list[Hit]]:
        """The distinct actor and agent hits over some tokens, in text order."""
        actors: list[Hit] = []
        agents: list[Hit] = []
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


def _singular(token: Token) -> tuple[str] | None:
    """The singular of a capitalized plural ("Liberians": ("liberian",)), else None."""
    word = token.lower_
    if not token.text[:1].isupper() or len(word) < 5 or not word.endswith("s"):
        return None
    return (word[:-1],)


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


def combine(actor: Hit | None, agents: Sequence[Hit]) -> list[str]:
    """An actor's codes with its agents: "NGO" + "ARN" + "GOV" is "NGOARNGOV".

    A dictionary code "FRO/BIL/SAM" names several actors: each gets the agents. Agents
    already in an actor's code are not repeated (Kremlin RUSGOV, "chief" GOV), and an
    organization's officials are the organization ("NATO Secretary General").
    """
    if actor is None and not agents:
        return []
    codes = []
    for base in actor.code.split("/") if actor is not None else [NO_ACTOR]:
        if base.startswith(ORGANIZATION_PREFIXES):
            codes.append(base)
            continue
        prefix = "".join(a.code for a in agents if a.prefix and a.code not in base)
        suffix = ""
        for agent in agents:
            if not agent.prefix and agent.code not in base + suffix:
                suffix += agent.code
        codes.append(prefix + base + suffix)
    return codes


def remember(actors: SentenceActors, remembered: dict[str, str]) -> None:
    """Keep the first code each entity got, for its later bare mentions ("Stoltenberg")."""
    for i, entity_id in actors.mention_entities.items():
        hit = actors.actors.get(i)
        if hit is not None and hit.code and entity_id not in remembered:
            agents = [a for j in range(hit.start, hit.end) if (a := actors.agents.get(j))]
            codes = combine(hit, agents)
            if len(codes) == 1:
                remembered[entity_id] = codes[0]


def flat_groups(sentence: Span, actors: SentenceActors) -> list[tuple[int, int, list[Actor]]]:
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


def _subordinate(token: Token) -> bool:
    """Whether a word is in a relative, adjectival or adverbial clause (needs a parse)."""
    return token.doc.has_annotation("DEP") and any(
        t.dep_ in _SUBORDINATE_DEPS for t in (token, *token.ancestors)
    )
