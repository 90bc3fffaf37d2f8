"""The mood of a coded action: asserted, negated, hypothetical or announced.

CAMEO codes only what happened, so consumers keep ``EventMood.ASSERTED`` when they count
events. ``verb_mood`` reads the parse (negation, modals, conditions, and governing verbs
such as "refused to" or "plans to"); ``flat_verb_mood`` reads the words before a verb,
for languages without a parse.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from everyside.analyze.cameo.syntax import reporting_verb
from everyside.analyze.cameo.words import lemma_of
from everyside.model import EventMood

_NEGATIONS = {"not", "n't", "never", "no", "neither", "nor"}
_HYPOTHETICAL_AUX = {"could", "might", "may", "would", "should", "can", "ca", "must"}
_FUTURE_AUX = {"will", "shall", "'ll", "wo"}
_CONDITIONS = {"if", "unless", "whether"}
# Verbs whose infinitive complement did not happen: "refused to admit", "failed to stop".
_NEGATING_GOVERNORS = {"refuse", "decline", "fail", "deny"}
# Words whose clause is asked for, not done: "demanded that Gondor withdraw", "urged
# Gondor to withdraw".
_DEMANDING = {
    "demand",
    "urge",
    "insist",
    "ask",
    "request",
    "propose",
    "suggest",
    "recommend",
    "call",
    "press",
    "appeal",
    "order",
}
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


def verb_mood(verb: Token) -> EventMood:
    """Whether an action is asserted, negated, hypothetical or announced (see module doc).

    The mood is read along the verb's clause path: the verb, the verbs it is a complement
    or conjunct of (their negation, modals and conditions are its own), and the verb
    governing its clause ("refused to", "demanded that", "plans to"); a clause with a
    subject of its own under a verb that is not asserted is hypothetical. Negation wins
    over a hypothetical, a hypothetical over an announcement.
    """
    found: set[EventMood] = set()
    if _negated_object(verb):
        found.add(EventMood.NEGATED)
    current = verb
    while True:
        found |= _own_markers(current)
        head = current.head
        if head.i == current.i:
            break
        relation = _governed(current, lemma_of(head.lower_, "en"))
        if relation is not None:
            found.add(relation)
        if current.dep_ in ("conj", "xcomp", "acomp") or _participle(current):
            # The governor's negation, modals and conditions are the verb's; an adjective's
            # are its copula's ("is not ready to sign", "must be ready to mediate").
            current = head
            continue
        if current.dep_ == "ccomp" and verb_mood(head) is not EventMood.ASSERTED:
            # A clause under an action that did not happen did not happen either, but it
            # is no refusal or promise of its own subject: "refused to allow the planes to
            # land", "resigned to allow elections to take place".
            found.add(EventMood.HYPOTHETICAL)
        break
    for mood in (EventMood.NEGATED, EventMood.HYPOTHETICAL, EventMood.FUTURE):
        if mood in found:
            return mood
    return EventMood.ASSERTED


def _own_markers(token: Token) -> set[EventMood]:
    """The moods a verb's own words give it: "not", "could", "if", "will"."""
    found: set[EventMood] = set()
    for child in token.children:
        if child.dep_ == "neg" or (
            child.dep_ in ("advmod", "det", "preconj") and child.lower_ in _NEGATIONS
        ):
            found.add(EventMood.NEGATED)
        elif child.dep_ == "mark" and child.lower_ in _CONDITIONS:
            found.add(EventMood.HYPOTHETICAL)
        elif child.dep_ == "aux" and child.lower_ == "would" and reporting_verb(token):
            # "said it would sign": the reported future, not a condition.
            found.add(EventMood.FUTURE)
        elif child.dep_ == "aux" and child.lower_ in _HYPOTHETICAL_AUX:
            found.add(EventMood.HYPOTHETICAL)
        elif child.dep_ == "aux" and child.lower_ in _FUTURE_AUX:
            found.add(EventMood.FUTURE)
    return found


def _governed(token: Token, governor: str) -> EventMood | None:
    """The mood a governing verb gives the clause a verb heads, if any.

    "refused to let", "denied that it attacked": negated; "demanded that Gondor
    withdraw", "urged Gondor to withdraw", "fired to disperse" (a purpose): not asserted;
    "plans to sign": announced; "left without signing": negated.
    """
    dep = token.dep_
    if dep in ("xcomp", "ccomp") and governor in _NEGATING_GOVERNORS:
        return EventMood.NEGATED
    if dep in ("xcomp", "ccomp", "acl") and governor in _DEMANDING:
        return EventMood.HYPOTHETICAL
    if dep == "xcomp" and governor in _FUTURE_GOVERNORS:
        return EventMood.FUTURE
    if dep == "advcl" and _purpose(token):
        return EventMood.HYPOTHETICAL
    if dep == "pcomp" and token.head.lower_ == "without":
        return EventMood.NEGATED
    return None


def _purpose(token: Token) -> bool:
    """Whether an adverbial clause is a purpose: "to disperse", "in order to", "so that"."""
    children = list(token.children)
    if any(c.dep_ == "mark" and c.lower_ in ("so", "lest") for c in children):
        return True
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in children)
    return infinitive and not any(c.dep_ in ("nsubj", "nsubjpass") for c in children)


def _participle(token: Token) -> bool:
    """An -ing clause adjoined to a verb ("opened fire, killing one"): the verb's own mood."""
    return (
        token.dep_ == "advcl"
        and token.tag_ == "VBG"
        and not any(c.dep_ in ("mark", "nsubj") for c in token.children)
    )


def _negated_object(verb: Token) -> bool:
    """Whether "no" quantifies the verb's object: "provided no support"."""
    return any(
        child.dep_ == "dobj"
        and any(d.dep_ == "det" and d.lower_ in ("no", "neither") for d in child.children)
        for child in verb.children
    )


def flat_verb_mood(verb: Token) -> EventMood:
    """The mood from the words around a verb, for languages without a parse."""
    before = [t.lower_ for t in verb.doc[max(verb.sent.start, verb.i - 3) : verb.i]]
    if "no" in before or "nunca" in before:
        return EventMood.NEGATED
    if any(w in _SPANISH_CONDITIONS for w in before) or verb.lower_.endswith(("ría", "rían")):
        return EventMood.HYPOTHETICAL
    if _SPANISH_FUTURE_ENDING.search(verb.lower_) or before[-2:] in (["va", "a"], ["van", "a"]):
        return EventMood.FUTURE
    return EventMood.ASSERTED
