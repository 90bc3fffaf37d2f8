"""Readable names for CAMEO actor codes: "RUSGOV" is Russia's government, "IGOWSTNAT" NATO.

A code is a country (ISO 3166-1 alpha-3, "---" when unknown) or an organization prefix
(IGO, NGO, MNC) followed by agent codes of three letters (GOV, MIL, OPP…). The pictures
label an actor by the canonical name of the entity the articles name most often for it
and fall back on the code read out in words; the code itself stays on hover and in the key.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import pycountry
from babel import Locale

from everyside.model import RealWorldEvent

UNKNOWN_COUNTRY = "---"
ORGANIZATION_PREFIXES = {"IGO": "intergovernmental", "NGO": "NGO", "MNC": "company"}
# The agent codes of the CAMEO/Phoenix actor dictionaries, in words.
AGENTS = {
    "AGR": "agriculture",
    "BUS": "business",
    "COP": "police",
    "CRM": "criminals",
    "CVL": "civilians",
    "DEV": "development",
    "EDU": "education",
    "ELI": "elites",
    "ENV": "environment",
    "GOV": "government",
    "HLH": "health",
    "HRI": "human rights",
    "INS": "insurgents",
    "JUD": "judiciary",
    "LAB": "labour",
    "LEG": "legislature",
    "MED": "media",
    "MIL": "military",
    "MOD": "moderates",
    "OPP": "opposition",
    "PTY": "party",
    "RAD": "radicals",
    "REB": "rebels",
    "REF": "refugees",
    "REL": "religious",
    "SET": "settlers",
    "SPY": "intelligence",
    "UAF": "armed group",
}
# Organizations by the last code of an IGO actor.
ORGANIZATIONS = {
    "NAT": "NATO",
    "UNO": "United Nations",
    "EEC": "European Union",
    "EUR": "European Union",
    "AFU": "African Union",
    "ASN": "ASEAN",
    "ARL": "Arab League",
    "OPC": "OPEC",
    "IMF": "IMF",
    "WBK": "World Bank",
    "WHO": "WHO",
    "IAE": "IAEA",
    "WTO": "WTO",
    "GOE": "G8",
    "GOS": "G7",
    "OAS": "Organization of American States",
    "COE": "Council of Europe",
    "SCE": "OSCE",
    "ITP": "Interpol",
    "ICC": "International Criminal Court",
    "ICJ": "International Court of Justice",
}


@lru_cache(maxsize=512)
def country_name(code: str) -> str | None:
    """The English short name of an ISO 3166-1 alpha-3 country code, None when unknown."""
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return None
    return str(Locale("en").territories.get(country.alpha_2, country.name))


def _agents(rest: str) -> list[str]:
    return [AGENTS.get(rest[i : i + 3], rest[i : i + 3]) for i in range(0, len(rest), 3)]


def describe_code(code: str) -> str:
    """A CAMEO actor code in words: "RUSGOV" → "Russia, government"; the code when unreadable."""
    head, rest = code[:3], code[3:]
    if head in ORGANIZATION_PREFIXES:
        organization = ORGANIZATIONS.get(rest[-3:]) if rest else None
        if organization:
            return organization
        return ", ".join([ORGANIZATION_PREFIXES[head], *_agents(rest)])
    if head == UNKNOWN_COUNTRY:
        return ", ".join(_agents(rest)) or "unknown actor"
    country = country_name(head)
    if country is None:
        return code
    return ", ".join([country, *_agents(rest)])


def country_of(code: str) -> str | None:
    """The country a code belongs to ("RUSGOV" → "RUS"), None for organizations and "---"."""
    head = code[:3]
    if head in ORGANIZATION_PREFIXES or head == UNKNOWN_COUNTRY or country_name(head) is None:
        return None
    return head


def fold_government(code: str) -> str:
    """A government actor or sub-actor folded into its country: "RUSGOV", "GBRGOVMIL" → country."""
    country = country_of(code)
    if country is not None and code[3:6] == "GOV":
        return country
    return code


@dataclass(slots=True)
class ActorName:
    """How the pictures name one actor code."""

    code: str
    name: str
    meaning: str
    entities: list[str] = field(default_factory=list)

    @property
    def hover(self) -> str:
        """The tooltip: code, what it means and the entities behind it."""
        text = f"{self.code}: {self.meaning}"
        return f"{text} ({', '.join(self.entities)})" if self.entities else text


def actor_names(
    events: Iterable[RealWorldEvent],
    entity_names: Mapping[str, str],
    *,
    fold: bool = False,
) -> dict[str, ActorName]:
    """Names for every actor code of the events (folded codes when ``fold``).

    A country is named as a country; another code by the entity its reports link to most
    often (canonical name), else by the code in words.
    """
    linked: dict[str, Counter[str]] = {}
    for event in events:
        for report in event.reports:
            pairs = (
                (event.source_actor, report.event.source_entity_id),
                (event.target_actor, report.event.target_entity_id),
            )
            for code, entity_id in pairs:
                if not code:
                    continue
                key = fold_government(code) if fold else code
                seen = linked.setdefault(key, Counter())
                # A sub-actor ("GBRCVL") is not named after its country: that is the "GBR" node.
                agent_of_country = len(code) > 3 and (entity_id or "").startswith("country:")
                if entity_id and entity_id in entity_names and not agent_of_country:
                    seen[entity_names[entity_id]] += 1
    names = {}
    for code, seen in linked.items():
        meaning = describe_code(code)
        ranked = [name for name, _ in sorted(seen.items(), key=lambda i: (-i[1], i[0]))]
        # A country or a known organization is clearer by its own name than by a person's.
        specific = (len(code) == 3 and country_of(code) is not None) or (
            code[:3] == "IGO" and code[-3:] in ORGANIZATIONS
        )
        name = meaning if specific or not ranked else ranked[0]
        names[code] = ActorName(code=code, name=name, meaning=meaning, entities=ranked)
    # Two nodes of one name ("Vladimir Putin" for RUSGOV and RUSMIL) say what each is.
    uses = Counter(actor.name for actor in names.values())
    for actor in names.values():
        if uses[actor.name] > 1 and actor.name != actor.meaning:
            actor.name = f"{actor.name} ({actor.meaning})"
    return names
