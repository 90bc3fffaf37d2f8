"""Roles from the dependency parse: who acts, whom the action is done to, and where.

Helpers over spaCy tokens for the coder: a verb's complements, the source actors (the
subject, a passive's agent or the governing verb's subject), the target among the
complements, the addressee of a demand, and the place of the action.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Token

from everyside.analyze.cameo.actors import (
    NO_ACTOR,
    ORGANIZATION_PREFIXES,
    Actor,
    Hit,
    SentenceActors,
    combine,
)

# Dependency labels of a noun phrase's own words (not its clauses, conjuncts or appositions).
_PHRASE_DEPS = {"compound", "amod", "nmod", "poss", "det", "case", "nummod", "quantmod", "flat"}
# Prepositions whose object places a role noun ("ambassadors of Arnor", "soldiers from Gondor").
_OF_PREPOSITIONS = {"of", "in", "from", "at", "throughout", "across"}
# Children of a verb that are clauses with verbs of their own: their actors are theirs.
_CLAUSE_DEPS = {"ccomp", "advcl", "parataxis", "relcl", "acl", "csubj", "punct", "mark", "cc"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "expl"}
_RELATIVE_PRONOUNS = {"who", "which", "that"}
_PERSONAL_PRONOUNS = {"it", "they", "he", "she", "we"}
# Conjunctions of a condition: "threatened to leave if Gondor attacks".
_CONDITION_MARKS = {"if", "unless"}
# Prepositions whose object is where an action happened rather than whom it was done to.
_PLACE_PREPOSITIONS = {"in", "at", "near", "inside", "outside", "across", "throughout"}
# Nouns that count or gather the people of their "of" phrase: "thousands of Iraqi Kurds",
# "a group of Moroccan diplomats", "members of the association" act as those people.
_PARTITIVE_NOUNS = {
    "dozens", "hundreds", "thousands", "tens", "millions", "scores", "group", "groups",
    "member", "members", "number", "majority", "minority", "handful", "crowd", "crowds",
    "band", "bands", "contingent", "delegation", "team", "some", "many", "most", "all",
    "several", "part", "one", "each", "none",
}  # fmt: skip


def complement_tokens(verb: Token) -> list[Token]:
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


def _phrase_actors(head: Token, actors: SentenceActors, undergoer: bool = False) -> list[Actor]:
    """The actors a noun phrase names: its own words, else the places its role is of.

    ``undergoer``: the phrase is what the action is done to (an object), not who acts. An
    apposition naming an organization is who the person acts as ("Kenzo Oshima, the United
    Nations Emergency Relief Coordinator"), and names the actor when the head names none.
    """
    counted = _counted(head)
    if counted:
        return [a for c in counted for a in _phrase_actors(c, actors, undergoer)]
    local = [head]
    stack = [head]
    while stack:
        current = stack.pop()
        for child in current.children:
            if child.dep_ in _PHRASE_DEPS and not _coordinated(child):
                local.append(child)
                stack.append(child)
    own = list(
        dict.fromkeys(
            a
            for words in _modifier_variants(local, actors)
            for a in _words_actors(head, words, actors, undergoer)
        )
    )
    for apposition in (c for c in head.children if c.dep_ == "appos"):
        described = _phrase_actors(apposition, actors, undergoer)
        if described and (not own or (_organized(described) and not _organized(own))):
            return described
    return own


def _organized(found: list[Actor]) -> bool:
    return any(a.code.startswith(ORGANIZATION_PREFIXES) for a in found)


def _modifier_variants(local: list[Token], actors: SentenceActors) -> list[list[Token]]:
    """A phrase's words, once per conjunct of a coordinated actor modifier.

    "Senior Hungarian and Romanian officials" is Hungarian officials and Romanian
    officials; a phrase without such a modifier is itself.
    """
    for modifier in local:
        if modifier.dep_ != "amod" or modifier.i not in actors.actors:
            continue
        conjuncts = [c for c in modifier.children if c.dep_ == "conj" and c.i in actors.actors]
        if conjuncts:
            rest = [t for t in local if t.i != modifier.i]
            return [local, *([*rest, c] for c in conjuncts)]
    return [local]


def _words_actors(
    head: Token, local: list[Token], actors: SentenceActors, undergoer: bool
) -> list[Actor]:
    """The actors of a noun phrase's own words (see _phrase_actors)."""
    actor_hits, agent_hits = actors.code_tokens(local)
    entity = actors.entity_at(local)
    # "Ethnic Albanians in south Serbia": an ethnic group is coded by where it lives,
    # which its own name does not say.
    ethnic = bool(actor_hits) and any(t.lower_ == "ethnic" for t in local)
    if actor_hits and not ethnic:
        entity = entity or actor_hits[0].entity_id
        return [Actor(code, entity) for code in combine(actor_hits[0], agent_hits)]
    if not ethnic and (
        not agent_hits
        or (
            undergoer
            and head.pos_ != "PROPN"  # a name is someone: "demanded that President Mugabe"
            and not any(hit.start <= head.i < hit.end for hit in agent_hits)
        )
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
            for code in combine(Hit(0, 0, place.code, None), agent_hits)
        ]
    return [] if ethnic else [Actor(code, entity) for code in combine(None, agent_hits)]


def _counted(head: Token) -> list[Token]:
    """The people a count or group noun stands for: "thousands of [Kurds]", "a group of [X]".

    Empty unless the head is such a noun (or a number) with an "of" phrase.
    """
    if head.lower_ not in _PARTITIVE_NOUNS and head.pos_ != "NUM":
        return []
    return [
        conjunct
        for prep in head.children
        if prep.dep_ == "prep" and prep.lower_ == "of"
        for pobj in prep.children
        if pobj.dep_ == "pobj"
        for conjunct in _conjuncts(pobj)
    ]


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


def subject_actors(verb: Token, actors: SentenceActors) -> list[Actor]:
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
        passive = [c for c in current.children if c.dep_ == "nsubjpass"]
        if current is not verb and passive and verb.dep_ == "conj":
            # "X was indicted by the court and will resign": the conjunct shares the
            # passive's subject, not its agent.
            return actors_of(passive, actors)
        if agent or subjects:
            if not agent and subjects[0].lower_ in _RELATIVE_PRONOUNS and current.dep_ == "relcl":
                return actors_of([current.head], actors)
            found = actors_of(agent or subjects, actors)
            if not found and not agent and subjects[0].lower_ in _PERSONAL_PRONOUNS:
                # "Ethiopia indicated it would act": the pronoun of a reported clause is
                # most often the one who reports it.
                reporting = reporting_verb(current)
                return subject_actors(reporting, actors) if reporting is not None else []
            return found
        if passive:
            return []
        if current.dep_ == "xcomp":
            # Object control: in "urged Eriador to respond" Eriador is the one to respond.
            objects = [c for c in current.head.children if c.dep_ == "dobj"]
            if objects:
                return actors_of(objects, actors)
        if current.dep_ not in ("xcomp", "conj", "pcomp", "acomp") or (current.head.i == current.i):
            return []
        current = current.head


def going_to(verb: Token) -> bool:
    """Whether a verb is the "going" of "is going to attack": a future, not a movement."""
    return verb.lower_ == "going" and any(c.dep_ == "xcomp" for c in verb.children)


def is_passive(verb: Token) -> bool:
    """Whether a verb is passive ("were invited")."""
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def actors_of(
    heads: Iterable[Token], actors: SentenceActors, undergoer: bool = False
) -> list[Actor]:
    """The actors of noun phrases and their conjuncts (``undergoer``: see _phrase_actors)."""
    return [
        a for head in heads for c in _conjuncts(head) for a in _phrase_actors(c, actors, undergoer)
    ]


def reporting_verb(verb: Token) -> Token | None:
    """The verb whose clausal complement a verb is in ("said" for "said it would act")."""
    current = verb
    while current.dep_ in ("xcomp", "conj") and current.head.i != current.i:
        current = current.head
    return current.head if current.dep_ == "ccomp" else None


def target_actors(after: list[Token], actors: SentenceActors, sources: list[Actor]) -> list[Actor]:
    """The first actor among a verb's complements, with the actors conjoined with it.

    Objects of place prepositions ("celebrated Eid at Osgiliath with Gondor") are where
    the action happened: they are targets only when no other complement is an actor. A
    role without a country ("sent troops to Gondor") is the target only when no other
    complement of its kind (place or not) names a country or organization.
    """
    source_codes = {s.code for s in sources}
    places = place_indexes(after)
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
                a for a in actors_of([head], actors, undergoer=True) if a.code not in source_codes
            ]
            if any(not a.code.startswith(NO_ACTOR) for a in found):
                return found
            unnamed = unnamed or found
        if unnamed:
            return unnamed
    return []


def place_indexes(after: list[Token]) -> set[int]:
    """The token indexes of a verb's complements that say where ("in Kirkuk", "at the border")."""
    return {
        t.i
        for prep in after
        if prep.dep_ == "prep" and prep.lower_ in _PLACE_PREPOSITIONS
        for t in prep.subtree
    }


def addressee_actors(verb: Token, actors: SentenceActors, sources: list[Actor]) -> list[Actor]:
    """The subject of a demand's clause: "demanded that Gondor withdraw"."""
    source_codes = {s.code for s in sources}
    subjects = [
        subject
        for clause in verb.children
        if clause.dep_ == "ccomp"
        for subject in clause.children
        if subject.dep_ in ("nsubj", "nsubjpass")
    ]
    return [a for a in actors_of(subjects, actors, undergoer=True) if a.code not in source_codes]


def condition_actors(
    verbs: Iterable[Token], actors: SentenceActors, sources: list[Actor]
) -> list[Actor]:
    """The subject of a threat's condition: "threatened to ban the vote if Gondor votes".

    A conditional threat is made to whoever must meet the condition; the condition is an
    "if" or "unless" clause of the threatening verbs or of their infinitive complements.
    """
    source_codes = {s.code for s in sources}
    subjects: list[Token] = []
    stack = list(verbs)
    while stack:
        current = stack.pop()
        for clause in current.children:
            if clause.dep_ == "xcomp":
                stack.append(clause)
            elif clause.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ in _CONDITION_MARKS for m in clause.children
            ):
                subjects += (c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass"))
    return [a for a in actors_of(subjects, actors) if a.code not in source_codes]


def location_of(verb: Token, actors: SentenceActors) -> str | None:
    """The place an action happened: "in"/"at" + a place mention attached to the verb."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("in", "at"):
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.ent_type_ in ("GPE", "LOC", "FAC"):
                    return " ".join(t.text for t in pobj.subtree if t.dep_ != "det")
    return None
