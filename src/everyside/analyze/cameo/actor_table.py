"""The actor dictionary: actor phrases with dated codes, agent words and discards.

The runtime form of the shipped ``event_actors*.json``, ``event_agents*.json`` and
``event_discards.json`` tables and of PETRARCH actor, agent and discard dictionaries
(read by ``cameo.petrarch``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True, slots=True)
class ActorCode:
    """An actor code and the dates it holds between (either end open)."""

    code: str
    valid_from: date | None = None
    valid_until: date | None = None

    def holds_on(self, day: date | None) -> bool:
        """Whether the code applies on ``day`` (any code applies when the day is unknown)."""
        if day is None:
            return True
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )


@dataclass(frozen=True, slots=True)
class AgentCode:
    """An agent code ("GOV", "MIL") and whether it goes before the actor code ("NGO~")."""

    code: str
    prefix: bool = False


@dataclass(slots=True)
class ActorDictionary:
    """Actor, agent and discard phrases as word tuples, with their codes.

    One object serves any source: everyside's shipped tables or PETRARCH dictionaries.
    """

    actors: dict[tuple[str, ...], list[ActorCode]] = field(default_factory=dict)
    agents: dict[tuple[str, ...], AgentCode] = field(default_factory=dict)
    discards: set[tuple[str, ...]] = field(default_factory=set)
    # The longest actor (or discard) and agent phrase starting with each word: matching
    # tries only lengths that exist.
    actor_lengths: dict[str, int] = field(default_factory=dict)
    agent_lengths: dict[str, int] = field(default_factory=dict)

    def add_actor(self, words: tuple[str, ...], codes: list[ActorCode]) -> None:
        """Register an actor phrase (the first registration of a phrase wins)."""
        if words and words not in self.actors:
            self.actors[words] = codes
            _note_length(self.actor_lengths, words)

    def add_agent(self, words: tuple[str, ...], agent: AgentCode) -> None:
        """Register an agent phrase."""
        if words:
            self.agents.setdefault(words, agent)
            _note_length(self.agent_lengths, words)

    def add_discard(self, words: tuple[str, ...]) -> None:
        """Register a phrase whose sentences code no events (sports, weather)."""
        if words:
            self.discards.add(words)
            _note_length(self.actor_lengths, words)

    def code_on(self, words: tuple[str, ...], day: date | None) -> str | None:
        """The code of an actor phrase on a day: the dated code that holds, else the last."""
        codes = self.actors.get(words)
        if not codes:
            return None
        dated = [c for c in codes if c.valid_from or c.valid_until]
        if day is None:
            # No date: the role that is still open, the latest first ("now").
            holding = sorted(
                (c for c in dated if c.valid_until is None),
                key=lambda c: c.valid_from or date.min,
                reverse=True,
            )
        else:
            holding = [c for c in dated if c.holds_on(day)]
        undated = [c for c in codes if c not in dated]
        chosen = (holding or undated or codes[-1:])[0]
        return chosen.code or None

    def merge(self, other: ActorDictionary) -> None:
        """Add another dictionary's entries (entries already here win)."""
        for words, codes in other.actors.items():
            self.add_actor(words, codes)
        for words, agent in other.agents.items():
            self.add_agent(words, agent)
        for words in other.discards:
            self.add_discard(words)

    def as_lists(self) -> dict[str, list[Any]]:
        """Actors, agents and discards as compact JSON-ready lists.

        An actor is ``[words, [[code, from, until], ...]]`` (dates ISO or null), an agent
        ``[words, code, prefix]``, a discard its words.
        """
        return {
            "actors": [
                [
                    " ".join(words),
                    [
                        [
                            c.code,
                            c.valid_from.isoformat() if c.valid_from else None,
                            c.valid_until.isoformat() if c.valid_until else None,
                        ]
                        for c in codes
                    ],
                ]
                for words, codes in self.actors.items()
            ],
            "agents": [[" ".join(words), a.code, a.prefix] for words, a in self.agents.items()],
            "discards": [" ".join(words) for words in sorted(self.discards)],
        }


def _note_length(lengths: dict[str, int], words: tuple[str, ...]) -> None:
    lengths[words[0]] = max(lengths.get(words[0], 0), len(words))
