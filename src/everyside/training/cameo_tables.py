"""Build everyside's shipped event coding tables from the Phoenix production dictionaries.

A dev tool, never imported at run time: it writes the JSON tables under
``analyze/data`` that ``everyside.analyze.cameo.tables`` loads. Regenerate them with
(``cameo_codes.tsv`` is read from two levels above the dictionary folder unless given)::

    python -m everyside.training.cameo_tables DICTIONARY_DIR [CAMEO_CODES_TSV]

The Phoenix dictionaries are MIT (see ``analyze/data/EVENTS_NOTICE.txt``); the CAMEO
code table comes from ``cameo_codes.tsv`` (GDELT labels and Goldstein scores, the
CAMEO to PLOVER mapping draft).
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

from everyside.analyze.cameo.actor_table import ActorDictionary
from everyside.analyze.cameo.petrarch import (
    read_actor_dictionary,
    read_agent_dictionary,
    read_discard_dictionary,
    read_verb_dictionary,
)
from everyside.analyze.cameo.tables import (
    ACTOR_TABLE,
    AGENT_TABLE,
    CODE_TABLE,
    DATA,
    DISCARD_TABLE,
    VERB_TABLE,
    CameoCode,
)
from everyside.analyze.cameo.verb_table import VerbPattern

PHOENIX_LICENSE = (
    "MIT License, Copyright (c) 2014 Open Event Data, (c) 2015 Open Event Data Alliance "
    "(PETRARCH2 / Phoenix dictionaries); converted by everyside, see EVENTS_NOTICE.txt"
)


def read_cameo_codes(path: Path) -> dict[str, CameoCode]:
    """The CAMEO code table (cameo_codes.tsv) by code."""
    with path.open(encoding="utf-8", newline="") as lines:
        return {
            row["cameo_code"]: CameoCode(
                code=row["cameo_code"],
                label=row["label_gdelt"],
                goldstein=float(row["goldstein_gdelt"]) if row["goldstein_gdelt"] else None,
                quad_class=int(row["quad_class"]) if row["quad_class"] else None,
                plover=row["plover_event_2021"] or None,
            )
            for row in csv.DictReader(lines, delimiter="\t")
        }


def convert(source: Path, codes_tsv: Path, out: Path = DATA) -> dict[str, int]:
    """Write everyside's tables from the Phoenix production dictionaries; returns counts.

    Verb patterns keep what a dependency-parse coder can use: verbs alone, verb plus
    particle or preposition, verb plus object words; patterns with words before the
    verb or TABARI actor markers are dropped.
    """
    total = len(read_verb_dictionary(source / "CAMEO.2.0.txt"))
    verbs = read_verb_dictionary(source / "CAMEO.2.0.txt", keep_markers=False)
    for block in verbs.blocks:
        block.patterns = [p for p in block.patterns if not p.before and len(p.after) <= 4]
        if any(v.verb == "agree" for v in block.verbs):
            # "Agreed to" + an action the table does not know is an intent to cooperate
            # (CAMEO 030), as the table's own "agree to proposal" is; PETRARCH2 reaches it
            # by combining the two verbs' codes, which a pattern does here.
            block.patterns.append(VerbPattern("", "030", after=(("to",),)))
    kept = verbs
    international = read_actor_dictionary(source / "Phoenix.International.actors.txt")
    read_actor_dictionary(source / "Phoenix.MilNonState.actors.txt", international)
    countries = read_actor_dictionary(source / "Phoenix.Countries.actors.txt")
    actors = ActorDictionary()
    # Organizations, not people: an undated code is an organization's own.
    for words, actor_codes in international.actors.items():
        if actor_codes and all(c.valid_from is None and c.valid_until is None for c in actor_codes):
            actors.add_actor(words, actor_codes)
    # Countries, their adjectives, cities and institutions, and people with the dates of
    # their roles ("Boris Yeltsin" is RUSGOV from 1991 to 1999).
    actors.merge(countries)
    agents = read_agent_dictionary(source / "Phoenix.agents.txt")
    discards = read_discard_dictionary(source / "Phoenix.discards.txt")
    header = {"source": source.name, "license": PHOENIX_LICENSE}
    _write(out / VERB_TABLE.name, {**header, "source": "CAMEO.2.0.txt", **kept.as_dict()})
    _write(out / ACTOR_TABLE.name, {**header, "actors": actors.as_lists()["actors"]})
    _write(out / AGENT_TABLE.name, {**header, "agents": agents.as_lists()["agents"]})
    _write(out / DISCARD_TABLE.name, {**header, "discards": discards.as_lists()["discards"]})
    cameo = read_cameo_codes(codes_tsv)
    _write(
        out / CODE_TABLE.name,
        {
            "source": codes_tsv.name,
            "license": "GDELT CAMEO lookups (free with citation); CAMEO to PLOVER mapping draft",
            "entries": [
                {
                    "code": c.code,
                    "label": c.label,
                    "goldstein": c.goldstein,
                    "quad_class": c.quad_class,
                    "plover": c.plover,
                }
                for c in cameo.values()
            ],
        },
    )
    return {
        "verb_patterns_read": total,
        "verb_patterns_kept": len(kept),
        "actors": len(actors.actors),
        "agents": len(agents.agents),
        "discards": len(discards.discards),
        "cameo_codes": len(cameo),
    }


def _write(path: Path, data: dict[str, Any]) -> None:
    path.write_text(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )


def main(argv: list[str]) -> int:
    """Command line: convert a Phoenix dictionary folder (cameo_codes.tsv two levels up)."""
    if len(argv) not in (1, 2):
        print(
            "usage: python -m everyside.training.cameo_tables DICTIONARY_DIR [CAMEO_CODES_TSV]",
            file=sys.stderr,
        )
        return 2
    source = Path(argv[0])
    codes = Path(argv[1]) if len(argv) == 2 else source.parent.parent / "cameo_codes.tsv"
    for name, count in convert(source, codes).items():
        print(f"{name}: {count}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
