"""The coder: who did what to whom in one article, CAMEO-coded from the dependency parse.

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

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from everyside.analyze.cameo.actors import (
    NO_ACTOR,
    Actor,
    SentenceActors,
    flat_groups,
    remember,
)
from everyside.analyze.cameo.annotation import EventAnnotation
from everyside.analyze.cameo.intent import (
    COMMITMENT_VERBS,
    DEFAULT_STATEMENTS,
    STATEMENT_MODES,
    STATEMENT_ROOT,
    THREAT_VERBS,
    committed_code,
    is_cooperation,
    keeps_statement,
)
from everyside.analyze.cameo.mood import flat_verb_mood, verb_mood
from everyside.analyze.cameo.patterns import CompiledPattern, PatternMatcher
from everyside.analyze.cameo.syntax import (
    actors_of,
    addressee_actors,
    complement_tokens,
    condition_actors,
    going_to,
    is_passive,
    location_of,
    place_indexes,
    subject_actors,
    target_actors,
)
from everyside.analyze.cameo.tables import (
    EventLexicon,
    is_country,
    load_actor_files,
    load_verbs,
)
from everyside.analyze.cameo.verb_table import VerbPattern
from everyside.analyze.cameo.words import forms_of, lemma_of
from everyside.analyze.entities import dominant_country
from everyside.model import EventMood

EXTENSION = "events"
# The environment variable that sets the component's ``statements`` when its config does not.
STATEMENTS_VARIABLE = "EVERYSIDE_EVENT_STATEMENTS"

if not Doc.has_extension(EXTENSION):
    Doc.set_extension(EXTENSION, default=None)

# The CAMEO root of demands: made to whoever is to act, who may be named only in the
# clause ("demanded that Gondor withdraw its troops").
_DEMAND_ROOT = "10"
# CAMEO's unspecified intent to cooperate: said only by a commitment verb.
_UNSPECIFIED_INTENT = "030"
# The CAMEO root of threats: a conditional one is made to whoever must meet the condition.
_THREAT_ROOT = "13"
# The CAMEO root of protests: one naming no one is made to the protesters' own government.
_PROTEST_ROOT = "14"
# How far (tokens) the flat coder looks for a target after the verb.
_FLAT_TARGET_WINDOW = 8


class EventCoder:
    """Codes actor-action-target events (see the module doc).

    Args:
        name: the component's name.
        lexicon: verb and actor tables; everyside's for the pipeline's language by default.
        language: the language of the docs (lemmas, cue words).
        require_target: code only events whose target is an actor (PETRARCH's
            ``require_dyad``); off by default.
        statements: which plain statements (CAMEO root 01, "Stoltenberg said ...") are
            coded: "none" (the default), "addressed" (only those with a target actor) or
            "all" (GDELT's practice). See ``intent.STATEMENT_MODES``.
        domestic_roles: a target named by its role alone ("demonstrators") takes the
            source's country (the PLOVER records' convention for domestic events); off,
            it stays ``---OPP`` as in PETRARCH's unit tests. It also makes a protest
            naming no one a protest to the protesters' government.
        reciprocal: a paired code ("057:057" sign, "042:043" visit/host) adds the
            target's event back to the source (CAMEO practice); off, only the source's
            event is coded, as the PLOVER records code one direction.
    """

    def __init__(
        self,
        name: str = "everyside_events",
        *,
        lexicon: EventLexicon | None = None,
        language: str | None = "en",
        require_target: bool = False,
        statements: str = DEFAULT_STATEMENTS,
        domestic_roles: bool = True,
        reciprocal: bool = True,
    ) -> None:
        if statements not in STATEMENT_MODES:
            raise ValueError(f"statements must be one of {', '.join(STATEMENT_MODES)}")
        self.name = name
        self.statements = statements
        self.domestic_roles = domestic_roles
        self.reciprocal = reciprocal
        self.language = language or "en"
        self.lexicon = lexicon or EventLexicon.default(self.language)
        self.require_target = require_target
        self._matcher = PatternMatcher(self.lexicon.verbs, self._lemma_language)

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
        sentences = []
        for sentence in doc.sents:
            actors = SentenceActors(
                sentence, self.lexicon.actors, mentions, entities, day, remembered
            )
            if not actors.discarded:
                remember(actors, remembered)
                sentences.append((sentence, actors))
        home = _home_country(actors for _, actors in sentences)
        for sentence, actors in sentences:
            found = (
                self._code_parsed(sentence, actors, home)
                if parsed
                else self._code_flat(sentence, actors)
            )
            for event in found:
                events.append(_dated(event, sentence, times))
        return events

    def set_annotations(self, doc: Doc, events: list[EventAnnotation]) -> None:
        """Write the events to the doc."""
        doc._.events = events

    # -- with a dependency parse ---------------------------------------------------------

    def _code_parsed(
        self, sentence: Span, actors: SentenceActors, home: str | None
    ) -> Iterator[EventAnnotation]:
        forms = [self._forms(t) for t in sentence]
        coded: dict[int, tuple[CompiledPattern, list[Token]]] = {}
        for verb in sentence:
            if verb.pos_ not in ("VERB", "AUX") or verb.dep_ == "aux" or going_to(verb):
                continue
            after_tokens = complement_tokens(verb)
            compiled = self._pattern_for(
                verb,
                forms[: verb.i - sentence.start],
                [forms[t.i - sentence.start] for t in after_tokens],
            )
            if compiled is not None and compiled.pattern.code:
                coded[verb.i] = (compiled, after_tokens)
        yield from self._obligations(sentence, actors, home)
        committed = _commitments(sentence, coded)
        per_verb: dict[int, list[EventAnnotation]] = {}
        for index, (compiled, after_tokens) in coded.items():
            verb = sentence.doc[index]
            if verb.dep_ in ("relcl", "acl"):
                # "the rebels, who had attacked the convoy, ...": a relative clause tells
                # who a participant is, not what the sentence reports.
                continue
            if _background(verb):
                continue
            if index in committed.values():
                continue  # "agreed to lift the sanctions": coded by what is agreed to
            governor = committed.get(index)
            if governor is None and verb.dep_ == "xcomp" and verb.head.i in coded:
                # "plans to attack", "agreed to talks": the governing verb's pattern
                # already reads the complement; CAMEO codes the one event.
                continue
            sources = _at_home(subject_actors(verb, actors), home)
            if not sources and (
                not is_passive(verb) or any(c.dep_ == "agent" for c in verb.children)
            ):
                # Only a passive may leave its actor unsaid ("leaders were invited"); an
                # active verb whose subject is no actor is no event ("the deal will form"),
                # nor a passive whose agent is none ("were killed by a roadside bomb").
                continue
            passive = [c for c in verb.children if c.dep_ == "nsubjpass"]
            targets = (
                actors_of(passive, actors, undergoer=True)
                if passive
                else target_actors(after_tokens, actors, sources)
            )
            if not targets and not passive:
                targets = _purpose_targets(verb, actors, sources)
            if not targets and compiled.pattern.code[:2] == _DEMAND_ROOT:
                targets = addressee_actors(verb, actors, sources)
            pattern, mood = compiled.pattern, verb_mood(verb)
            if governor is not None:
                pattern, mood = _committed(pattern, sentence.doc[governor])
            if not targets and pattern.code[:2] == _THREAT_ROOT:
                threatening = [verb] if governor is None else [verb, sentence.doc[governor]]
                targets = condition_actors(threatening, actors, sources)
            targets = _at_home(targets, home)
            if (
                not targets
                and self.domestic_roles
                and compiled.pattern.code[:2] == _PROTEST_ROOT
                and not _names_anyone(after_tokens, actors)
            ):
                targets = _own_governments(sources)
            if (
                compiled.pattern.code == _UNSPECIFIED_INTENT
                and governor is None
                and lemma_of(verb.lower_, "en") not in COMMITMENT_VERBS
            ):
                # An intent to cooperate is said by committing ("agreed to", "offered");
                # the table gives 030 to other verbs through block-wide patterns and
                # defaults ("prepared", "trained hackers", "ordered ... to", "captured
                # part of"), where it names no intent.
                continue
            if not targets and governor is None and _bare(compiled):
                # The verb alone, done to no one ("agreed", "insisted", "opposed", "was
                # attacked by militiamen"): too vague to say which action it was.
                continue
            action_tokens = [verb, *self._matcher.matched(compiled, after_tokens, self._forms)]
            if governor is not None:
                action_tokens.append(sentence.doc[governor])
            per_verb[index] = list(
                self._events(
                    sentence,
                    pattern,
                    sources,
                    targets,
                    action_tokens,
                    mood,
                    location_of(verb, actors),
                )
            )
        yield from _told_once(sentence.doc, per_verb)

    def _obligations(
        self, sentence: Span, actors: SentenceActors, home: str | None
    ) -> Iterator[EventAnnotation]:
        """Demands told as what another must do: "X said that Libya must hand over ...".

        A clause with "must" under a verb of saying is a demand (CAMEO 100) by the speaker
        to the clause's subject; the clause's own action is hypothetical (``mood``).
        """
        for clause in sentence:
            speaking = clause.head
            if clause.dep_ != "ccomp" or lemma_of(speaking.lower_, "en") not in _SAYING:
                continue
            must = [c for c in clause.children if c.dep_ == "aux" and c.lower_ == "must"]
            subjects = [c for c in clause.children if c.dep_ == "nsubj"]
            if not must or not subjects:
                continue
            sources = _at_home(subject_actors(speaking, actors), home)
            codes = {s.code for s in sources}
            targets = [a for a in actors_of(subjects, actors) if a.code not in codes]
            if sources and targets:
                yield from self._events(
                    sentence,
                    VerbPattern(verb=speaking.lower_, code=_OBLIGATION_CODE),
                    sources,
                    targets,
                    [speaking, must[0]],
                    verb_mood(speaking),
                    None,
                )

    def _pattern_for(
        self, verb: Token, before: list[frozenset[str]], after: list[frozenset[str]]
    ) -> CompiledPattern | None:
        """The most specific pattern of any dictionary verb the token may be a form of.

        "attacked" is a form of "attack" and also the first word of the phrase verb
        "attacked and stabbed": every reading is tried.
        """
        verbs = self.lexicon.verbs
        lemma = lemma_of(verb.lower_, self._lemma_language)
        bases = dict.fromkeys(
            b
            for b in (verbs.base_of(verb.lower_), verb.lower_, lemma, verbs.base_of(lemma))
            if b and verbs.patterns(b)
        )
        best: CompiledPattern | None = None
        for base in bases:
            found = self._matcher.best(base, before, after)
            if found is not None and (best is None or found.size > best.size):
                best = found
        return best

    def _forms(self, token: Token) -> frozenset[str]:
        return forms_of(token.lower_, self._lemma_language)

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
        if not self.reciprocal:
            backward = ""
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
        if self.domestic_roles:
            pairs = [(s, _domestic(t, s)) for s, t in pairs]
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
                if not keeps_statement(code, self.statements, second is not None):
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

    def _code_flat(self, sentence: Span, actors: SentenceActors) -> Iterator[EventAnnotation]:
        groups = flat_groups(sentence, actors)
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
                flat_verb_mood(verb),
                None,
                parsed=False,
            )


def _purpose_targets(verb: Token, actors: SentenceActors, sources: list[Actor]) -> list[Actor]:
    """Whom an action without an object is aimed at, named in its purpose clause.

    "Police opened fire to disperse demonstrators": the fire was aimed at them.
    """
    for clause in verb.children:
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)
        if clause.dep_ in ("advcl", "xcomp") and infinitive:
            found = target_actors(complement_tokens(clause), actors, sources)
            if found:
                return found
    return []


# Verbs of saying under which "Y must ..." is a demand to Y (CAMEO 100, demand).
_SAYING = {
    "say", "declare", "reiterate", "insist", "state", "stress", "tell", "warn", "announce",
    "add", "repeat", "write", "argue", "maintain",
}  # fmt: skip
_OBLIGATION_CODE = "100"


# Conjunctions of a clause that sets the scene of the sentence's event.
_BACKGROUND_MARKS = {"while", "as", "whereas", "although", "though"}


def _background(verb: Token) -> bool:
    """Whether a verb is in a clause that sets the scene ("while inspectors said they ...")."""
    return any(
        clause.dep_ == "advcl"
        and any(c.dep_ == "mark" and c.lower_ in _BACKGROUND_MARKS for c in clause.children)
        for clause in (verb, *verb.ancestors)
    )


def _bare(compiled: CompiledPattern) -> bool:
    """Whether a pattern is a one-word verb alone, no word of its phrase chosen.

    Statements ("said") are left to the ``statements`` setting.
    """
    pattern = compiled.pattern
    return (
        pattern.size == 0
        and " " not in pattern.verb
        and not pattern.code.startswith(STATEMENT_ROOT)
    )


def _told_once(doc: Doc, per_verb: dict[int, list[EventAnnotation]]) -> Iterator[EventAnnotation]:
    """The events of a sentence's verbs, each told once across coordinated verbs.

    Coordinated verbs of one subject may tell one event twice, once without its target:
    "established ties with and opened an embassy in Tehran" is one event towards Iran.
    An event without a target is left out where a conjunct of its verb codes the same
    source, CAMEO root and mood with a target.
    """
    for index, events in per_verb.items():
        told = {
            (e.source, e.code[:2], e.mood)
            for conjunct in doc[index].conjuncts
            for e in per_verb.get(conjunct.i, ())
            if e.target is not None
        }
        for event in events:
            if event.target is None and (event.source, event.code[:2], event.mood) in told:
                continue
            yield event


def _commitments(
    sentence: Span, coded: dict[int, tuple[CompiledPattern, list[Token]]]
) -> dict[int, int]:
    """Actions committed to, each with its commitment verb: "agreed to lift", "vowed to send".

    The complement (an infinitive under a commitment verb, and the verbs conjoined with
    it) must have a code of its own and no negation of its own: "agreed not to attack"
    stays the agreement's own pattern.
    """
    found: dict[int, int] = {}
    for index in coded:
        verb = sentence.doc[index]
        governor = lemma_of(verb.head.lower_, "en")
        if verb.dep_ != "xcomp" or governor not in COMMITMENT_VERBS:
            continue
        if any(c.dep_ == "neg" for c in verb.children):
            continue
        if governor in THREAT_VERBS and is_cooperation(coded[index][0].pattern.code[:4]):
            continue  # "threatened to leave the talks": the threat's own pattern
        for action in (verb, *(c for c in verb.conjuncts if c.i in coded)):
            found[action.i] = verb.head.i
    return found


def _committed(pattern: VerbPattern, governor: Token) -> tuple[VerbPattern, EventMood]:
    """An action committed to, coded by its polarity, in the mood of the commitment.

    "agreed to lift the sanctions" is 0354 (intent to ease sanctions), "vowed to attack"
    138 (threaten military force); "did not agree to lift" is the intent, negated.
    """
    forward, colon, backward = pattern.code.partition(":")
    if forward and not is_cooperation(forward):
        backward = ""  # a threat is made by one side
    codes = [committed_code(code) if code else code for code in (forward, backward)]
    code = codes[0] + colon + codes[1] if codes[1] else codes[0]
    return replace(pattern, code=code), verb_mood(governor)


def _domestic(target: Actor | None, source: Actor | None) -> Actor | None:
    """A target named by its role alone is of the source's country (domestic events).

    "Egyptian police dispersed demonstrators": EGYCOP against EGYOPP, not ---OPP; the
    convention of CAMEO and PLOVER coders for unnamed domestic groups. A source that is no
    country (an organization, or a role itself) leaves the target as it is.
    """
    if target is None or source is None or not target.code.startswith(NO_ACTOR):
        return target
    country = source.code[:3]
    if len(target.code) == len(NO_ACTOR) or not is_country(country):
        return target
    return Actor(country + target.code[len(NO_ACTOR) :], target.entity_id)


def _home_country(sentences: Iterable[SentenceActors]) -> str | None:
    """The country an article's actor phrases name most (strictly), if any."""
    return dominant_country(
        {
            i: hit.code[:3]
            for actors in sentences
            for i, hit in actors.actors.items()
            if is_country(hit.code[:3])
        }
    )


def _at_home(found: list[Actor], home: str | None) -> list[Actor]:
    """Named people with a role but no country take the article's country.

    "President Abdelaziz Bouteflicka", whom the tables do not know, is ---GOV; in an
    article about Algeria he is DZAGOV. Unnamed roles ("a senior official") stay ---.
    """
    if home is None:
        return found
    return [
        Actor(home + a.code[len(NO_ACTOR) :], a.entity_id)
        if a.entity_id is not None and a.code.startswith(NO_ACTOR) and len(a.code) > 3
        else a
        for a in found
    ]


def _names_anyone(after: list[Token], actors: SentenceActors) -> bool:
    """Whether a verb's complements name an actor other than where it happened."""
    places = place_indexes(after)
    return any(t.i in actors.actors for t in after if t.i not in places)


def _own_governments(sources: list[Actor]) -> list[Actor]:
    """The governments of the sources' countries: whom a protest naming no one is made to.

    "Iraqi Kurds demonstrated in Kirkuk": IRQ against IRQGOV (CAMEO and PLOVER practice
    for demonstrations, strikes and riots).
    """
    countries = dict.fromkeys(s.code[:3] for s in sources if is_country(s.code[:3]))
    return [Actor(country + "GOV") for country in countries]


def _names_an_actor(source: Actor | None, target: Actor | None) -> bool:
    """Whether an event says who acted or names whom it was done to.

    "Twenty people were killed" (no source, a target without country or organization)
    says neither: it is no event between actors.
    """
    if source is not None:
        return True
    return target is not None and not target.code.startswith(NO_ACTOR)


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
        "statements": "",
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
    statements: str,
) -> EventCoder:
    """Build the ``everyside_events`` component: shipped tables unless files are given.

    ``statements`` empty: the ``EVERYSIDE_EVENT_STATEMENTS`` environment variable, else
    "none" (see ``EventCoder``).
    """
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
    return EventCoder(
        name,
        lexicon=lexicon,
        language=nlp.lang,
        require_target=require_target,
        statements=statements or os.environ.get(STATEMENTS_VARIABLE) or DEFAULT_STATEMENTS,
    )
