"""CAMEO event coding in one article: who did what to whom, from each sentence's parse.

The ``everyside_events`` spaCy component (``coder``) writes one ``EventAnnotation`` per
coded action to ``doc._.events``; ``event_from`` turns it into the model's ``Event``.
These are events as one article reports them. Merging reports across articles into
one real-world event (``RealWorldEvent``) is the ``everyside.events`` package's job.

Modules, bottom up:

- ``words``: dictionary phrases as words, English inflections, lemmas.
- ``verb_table``, ``actor_table``: the verb and actor dictionaries as data.
- ``petrarch``: readers for PETRARCH-format dictionary files.
- ``tables``: the shipped tables (``analyze/data``), the CAMEO code table, ``EventLexicon``.
- ``annotation``: ``EventAnnotation`` and ``event_from``.
- ``actors``: actor, agent and entity codes in a sentence.
- ``patterns``: verb-pattern matching.
- ``syntax``, ``mood``: roles and mood from the dependency parse.
- ``intent``: commitments coded by their complement (intents, threats), the statements
  setting.
- ``coder``: the ``EventCoder`` component and its factory.

Modules here may import spaCy, simplemma, ``everyside.model`` and
``everyside.analyze.nlp``/``aliases``; never the store, ``evaluate`` or training code.
The converter that builds the shipped tables is ``everyside.training.cameo_tables``.
"""

from __future__ import annotations

from everyside.analyze.cameo.actor_table import ActorCode, ActorDictionary, AgentCode
from everyside.analyze.cameo.actors import NO_ACTOR
from everyside.analyze.cameo.annotation import EventAnnotation, event_from
from everyside.analyze.cameo.coder import EventCoder
from everyside.analyze.cameo.intent import (
    DEFAULT_STATEMENTS,
    STATEMENT_MODES,
    committed_code,
    intent_code,
    is_cooperation,
    threat_code,
)
from everyside.analyze.cameo.petrarch import (
    read_actor_dictionary,
    read_agent_dictionary,
    read_discard_dictionary,
    read_verb_dictionary,
)
from everyside.analyze.cameo.tables import (
    CameoCode,
    EventLexicon,
    cameo_code,
    load_actor_files,
    load_verbs,
)
from everyside.analyze.cameo.verb_table import VerbDictionary, VerbPattern

__all__ = [
    "DEFAULT_STATEMENTS",
    "NO_ACTOR",
    "STATEMENT_MODES",
    "ActorCode",
    "ActorDictionary",
    "AgentCode",
    "CameoCode",
    "EventAnnotation",
    "EventCoder",
    "EventLexicon",
    "VerbDictionary",
    "VerbPattern",
    "cameo_code",
    "committed_code",
    "event_from",
    "intent_code",
    "is_cooperation",
    "load_actor_files",
    "load_verbs",
    "read_actor_dictionary",
    "read_agent_dictionary",
    "read_discard_dictionary",
    "read_verb_dictionary",
    "threat_code",
]
