"""The tables a coder loads at run time: verbs, actors, agents, discards and CAMEO codes.

everyside's shipped tables are JSON files under ``analyze/data`` (package data), built by
``python -m everyside.training.cameo_tables`` from the Phoenix production dictionaries
(MIT, see ``data/EVENTS_NOTICE.txt``); the loaders read PETRARCH ``.txt`` dictionaries
as well. ``EventLexicon`` bundles the verb and actor tables one coder uses.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import pycountry

from everyside.analyze.cameo.actor_table import ActorCode, ActorDictionary, AgentCode
from everyside.analyze.cameo.petrarch import (
    read_actor_dictionary,
    read_agent_dictionary,
    read_discard_dictionary,
    read_verb_dictionary,
)
from everyside.analyze.cameo.verb_table import VerbDictionary

DATA = Path(__file__).resolve().parent.parent / "data"
VERB_TABLE = DATA / "event_verbs.json"
SPANISH_VERB_TABLE = DATA / "event_verbs_es.json"
CODE_TABLE = DATA / "event_codes.json"
ACTOR_TABLE = DATA / "event_actors.json"
EVERYSIDE_ACTOR_TABLE = DATA / "event_actors_everyside.json"
AGENT_TABLE = DATA / "event_agents.json"
EVERYSIDE_AGENT_TABLE = DATA / "event_agents_everyside.json"
DISCARD_TABLE = DATA / "event_discards.json"


@dataclass(frozen=True, slots=True)
class CameoCode:
    """One CAMEO code with its GDELT label and Goldstein score, quad class and PLOVER event."""

    code: str
    label: str
    goldstein: float | None
    quad_class: int | None
    plover: str | None

    @property
    def root(self) -> str:
        """The two-digit root ("05" for "057")."""
        return self.code[:2]


@lru_cache(maxsize=1)
def load_cameo_codes(path: Path = CODE_TABLE) -> dict[str, CameoCode]:
    """everyside's shipped CAMEO code table, loaded once."""
    entries = json.loads(path.read_text(encoding="utf-8"))["entries"]
    return {e["code"]: CameoCode(**e) for e in entries}


def cameo_code(code: str | None) -> CameoCode | None:
    """The table entry for a code, falling back to its parent codes ("0871" → "087")."""
    table = load_cameo_codes()
    while code:
        if code in table:
            return table[code]
        code = code[:-1] if len(code) > 2 else None
    return None


def load_verbs(path: Path) -> VerbDictionary:
    """A verb table: everyside JSON or a PETRARCH ``.txt`` dictionary."""
    if path.suffix == ".json":
        return VerbDictionary.from_dict(json.loads(path.read_text(encoding="utf-8")))
    return read_verb_dictionary(path)


def load_actor_files(
    actors: Iterable[Path], agents: Iterable[Path] = (), discards: Iterable[Path] = ()
) -> ActorDictionary:
    """One actor dictionary from actor, agent and discard files (JSON or PETRARCH)."""
    table = ActorDictionary()
    for path in actors:
        if path.suffix == ".json":
            _load_json_actors(path, table)
        else:
            read_actor_dictionary(path, table)
    for path in agents:
        if path.suffix == ".json":
            _load_json_actors(path, table)
        else:
            read_agent_dictionary(path, table)
    for path in discards:
        if path.suffix == ".json":
            _load_json_actors(path, table)
        else:
            read_discard_dictionary(path, table)
    return table


def _load_json_actors(path: Path, table: ActorDictionary) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    for words, codes in data.get("actors", []):
        table.add_actor(
            tuple(words.split()),
            [
                ActorCode(
                    code,
                    date.fromisoformat(start) if start else None,
                    date.fromisoformat(end) if end else None,
                )
                for code, start, end in codes
            ],
        )
    for words, code, prefix in data.get("agents", []):
        table.add_agent(tuple(words.split()), AgentCode(code, prefix))
    for words in data.get("discards", []):
        table.add_discard(tuple(words.split()))


@lru_cache(maxsize=1)
def default_actor_dictionary() -> ActorDictionary:
    """everyside's shipped actors, agents and discards."""
    return load_actor_files(
        [ACTOR_TABLE, EVERYSIDE_ACTOR_TABLE], [EVERYSIDE_AGENT_TABLE, AGENT_TABLE], [DISCARD_TABLE]
    )


@lru_cache(maxsize=4)
def default_verb_dictionary(language: str = "en") -> VerbDictionary:
    """everyside's shipped verb table for a language: English, Spanish, else an empty one."""
    tables = {"en": VERB_TABLE, "es": SPANISH_VERB_TABLE}
    return load_verbs(tables[language]) if language in tables else VerbDictionary()


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


@lru_cache(maxsize=512)
def is_country(code: str) -> bool:
    """Whether a three-letter actor code is a country (ISO 3166-1 alpha-3), not IGO or NGO."""
    return len(code) == 3 and pycountry.countries.get(alpha_3=code) is not None
