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
_NEGATING_GOVERNORS = {"refuse", "decline", "fail"}
# Words whose clause is asked for, not done: "demanded that Gondor withdraw".
_DEMANDING = {"demand", "urge", "insist", "ask", "request", "propose", "suggest", "recommend"}
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
    """Whether an action is asserted, negated, hypothetical or announced (see module doc)."""
    chain = [verb]
    while chain[-1].dep_ in ("xcomp", "conj") and chain[-1].head.i != chain[-1].i:
        chain.append(chain[-1].head)
    if any(
        c.dep_ == "neg" or (c.dep_ in ("advmod", "det", "preconj") and c.lower_ in _NEGATIONS)
        for t in chain
        for c in t.children
    ) or any(
        t.dep_ == "xcomp" and lemma_of(t.head.lower_, "en") in _NEGATING_GOVERNORS for t in chain
    ):
        return EventMood.NEGATED
    for token in chain:
        if token.dep_ in ("ccomp", "acl") and lemma_of(token.head.lower_, "en") in _DEMANDING:
            return EventMood.HYPOTHETICAL
        for child in token.children:
            if child.dep_ == "mark" and child.lower_ in _CONDITIONS:
                return EventMood.HYPOTHETICAL
            if child.dep_ == "aux" and child.lower_ == "would" and reporting_verb(token):
                # "said it would sign": the reported future, not a condition.
                return EventMood.FUTURE
            if child.dep_ == "aux" and child.lower_ in _HYPOTHETICAL_AUX:
                return EventMood.HYPOTHETICAL
    for token in chain:
        if any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in token.children):
            return EventMood.FUTURE
        if token.dep_ == "xcomp" and lemma_of(token.head.lower_, "en") in _FUTURE_GOVERNORS:
            return EventMood.FUTURE
    return EventMood.ASSERTED


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
