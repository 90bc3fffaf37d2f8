"""Event coding tables: verb patterns, actors, agents, discards and the CAMEO code table.

One reader for the PETRARCH dictionary formats serves both the evaluation (the
validation dictionaries of PETRARCH2's unit-test records) and the converter that makes
everyside's shipped tables from the Phoenix production dictionaries (MIT, see
``data/EVENTS_NOTICE.txt``). The shipped tables are JSON files under ``analyze/data``;
regenerate them with::

    python -m everyside.analyze.event_tables ../shared/data/events/dictionaries/petrarch2_production

Words are kept lower case and split the way spaCy's English tokenizer splits them
("al-qaeda" is "al", "-", "qaeda"), so dictionary phrases and doc tokens compare as
word tuples.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"
VERB_TABLE = DATA / "event_verbs.json"
SPANISH_VERB_TABLE = DATA / "event_verbs_es.json"
CODE_TABLE = DATA / "event_codes.json"
ACTOR_TABLE = DATA / "event_actors.json"
EVERYSIDE_ACTOR_TABLE = DATA / "event_actors_everyside.json"
AGENT_TABLE = DATA / "event_agents.json"
EVERYSIDE_AGENT_TABLE = DATA / "event_agents_everyside.json"
DISCARD_TABLE = DATA / "event_discards.json"
PHOENIX_LICENSE = (
    "MIT License, Copyright (c) 2014 Open Event Data, (c) 2015 Open Event Data Alliance "
    "(PETRARCH2 / Phoenix dictionaries); converted by everyside, see EVENTS_NOTICE.txt"
)
# A pattern element is a set of alternatives; each alternative is a phrase ("written
# agreement") or a synset reference ("&treaty").
Element = tuple[str, ...]
_COMMENT = re.compile(r"#.*$")
_CODE_BLOCK = re.compile(r"\[([^\]]*)\]")
_DATE_RANGE = re.compile(r"^(?P<code>[^\s<>\d-]*|---)\s*(?P<rest>.*)$")


def words_of(phrase: str) -> tuple[str, ...]:
    """A dictionary phrase as lower-case words: underscores and spaces separate words."""
    text = phrase.strip().strip("_").lower().replace("_", " ")
    out: list[str] = []
    for word in text.split():
        # spaCy splits "al-qaeda" and "chief's" into pieces: do the same here.
        pieces = re.split(r"(-|'s$|n't$)", word)
        out.extend(piece for piece in pieces if piece)
    return tuple(out)


def plural_of(word: str) -> str:
    """The regular English plural of a noun."""
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    if re.search(r"(s|x|z|ch|sh)$", word):
        return word + "es"
    return word + "s"


def regular_verb_forms(base: str) -> set[str]:
    """The regular inflections of an English verb (irregular ones come from the table)."""
    stem = base[:-1] if base.endswith("e") else base
    third = plural_of(base)
    past = (
        base + "d"
        if base.endswith("e")
        else (stem[:-1] + "ied" if third.endswith("ies") else base + "ed")
    )
    return {base, third, past, stem + "ing"}


# --------------------------------------------------------------------------------------
# Verbs
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VerbPattern:
    """A verb with words around it and the CAMEO code they mean.

    ``code`` may pair two codes, "042:043": source to target, then target to source
    (either may be empty); an empty code means the pattern is known and codes nothing.
    ``before`` and ``after`` are elements that must appear in this order before and
    after the verb; each element lists alternatives.
    """

    verb: str
    code: str
    before: tuple[Element, ...] = ()
    after: tuple[Element, ...] = ()

    @property
    def size(self) -> int:
        """How many elements the pattern needs besides the verb: more is more specific."""
        return len(self.before) + len(self.after)

    def as_dict(self) -> dict[str, Any]:
        """The pattern as JSON-ready values (empty parts left out)."""
        data: dict[str, Any] = {"verb": self.verb, "code": self.code}
        if self.before:
            data["before"] = [list(e) for e in self.before]
        if self.after:
            data["after"] = [list(e) for e in self.after]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> VerbPattern:
        """Rebuild a pattern from ``as_dict`` output."""
        return cls(
            verb=data.get("verb", ""),
            code=data["code"],
            before=tuple(tuple(e) for e in data.get("before", [])),
            after=tuple(tuple(e) for e in data.get("after", [])),
        )


@dataclass(slots=True)
class VerbBlock:
    """A group of synonymous verbs, their default code and the patterns they share.

    Each verb is a pattern of its own (its words and its own code, or the block's when
    its code is None); shared patterns have no verb and apply to every verb of the block.
    """

    code: str
    verbs: list[VerbPattern] = field(default_factory=list)
    patterns: list[VerbPattern] = field(default_factory=list)

    def patterns_for(self, verb: VerbPattern) -> Iterator[VerbPattern]:
        """Every pattern of one of the block's verbs, its own first."""
        yield (
            verb
            if verb.code != _BLOCK_CODE
            else VerbPattern(verb.verb, self.code, verb.before, verb.after)
        )
        for shared in self.patterns:
            yield VerbPattern(
                verb.verb,
                shared.code,
                (*shared.before, *verb.before),
                (*verb.after, *shared.after),
            )


# The code of a verb line that has none of its own: it takes its block's.
_BLOCK_CODE = "<block>"


@dataclass(slots=True)
class VerbDictionary:
    """Verb blocks, the inflected forms of each verb, and named synsets."""

    blocks: list[VerbBlock] = field(default_factory=list)
    forms: dict[str, str] = field(default_factory=dict)
    synsets: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _index: dict[str, list[VerbPattern]] = field(default_factory=dict)

    def __len__(self) -> int:
        return sum(len(b.verbs) * (1 + len(b.patterns)) for b in self.blocks)

    def add_block(self, block: VerbBlock) -> None:
        """Register a block of verbs."""
        self.blocks.append(block)
        self._index.clear()

    def add_forms(self, base: str, irregular: Iterable[str] = ()) -> None:
        """Register a verb's base form, its regular inflections and irregular ones."""
        for form in (*regular_verb_forms(base), *irregular):
            self.forms.setdefault(form, base)

    def base_of(self, word: str) -> str | None:
        """The dictionary verb an inflected word is a form of, if any."""
        return self.forms.get(word)

    def patterns(self, verb: str) -> list[VerbPattern]:
        """Every pattern of a base verb, in dictionary order."""
        if not self._index:
            for block in self.blocks:
                for entry in block.verbs:
                    self._index.setdefault(entry.verb, []).extend(block.patterns_for(entry))
        return self._index.get(verb, [])

    def expand(self, alternative: str) -> Iterator[tuple[str, ...]]:
        """The word sequences one alternative stands for (synsets expanded, nested too)."""
        if alternative.startswith("&"):
            for member in self.synsets.get(alternative, ()):
                yield from self.expand(member)
        else:
            yield tuple(alternative.split())

    def as_dict(self) -> dict[str, Any]:
        """The dictionary as JSON-ready values (regular verb forms are left to the reader)."""
        return {
            "synsets": {name: list(members) for name, members in sorted(self.synsets.items())},
            "irregular_forms": {
                form: base
                for form, base in sorted(self.forms.items())
                if form not in regular_verb_forms(base)
            },
            "blocks": [
                {
                    "code": block.code,
                    "verbs": [
                        {k: v for k, v in verb.as_dict().items() if v != _BLOCK_CODE}
                        for verb in block.verbs
                    ],
                    "patterns": [
                        {k: v for k, v in p.as_dict().items() if k != "verb"}
                        for p in block.patterns
                    ],
                }
                for block in self.blocks
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> VerbDictionary:
        """Rebuild a dictionary from ``as_dict`` output."""
        table = cls(synsets={k: tuple(v) for k, v in data.get("synsets", {}).items()})
        for entry in data["blocks"]:
            block = VerbBlock(code=entry["code"])
            for verb in entry["verbs"]:
                block.verbs.append(VerbPattern.from_dict({"code": _BLOCK_CODE, **verb}))
                table.add_forms(verb["verb"])
            block.patterns = [VerbPattern.from_dict(p) for p in entry.get("patterns", [])]
            table.add_block(block)
        for form, base in data.get("irregular_forms", {}).items():
            table.forms.setdefault(form, base)
        return table


def _pattern_elements(text: str) -> tuple[list[Element], list[Element], bool]:
    """Split a PETRARCH pattern body at ``*``: elements before, after, and marker use.

    ``$`` (source), ``+`` (target), ``^`` (skip) and ``%`` (compound) place actors
    in TABARI's flat matching; a dependency coder finds actors from the parse, so they
    are dropped and reported.
    """
    text = text.replace("*", " * ").replace("_", " ")
    before: list[Element] = []
    after: list[Element] = []
    current = before
    markers = False
    for word in (
        text.replace("(", " ").replace(")", " ").replace("{", " ").replace("}", " ").split()
    ):
        if word == "*":
            current = after
        elif word in {"$", "+", "^", "%"}:
            markers = True
        elif word.startswith("&"):
            current.append((word.lower().rstrip("_"),))
        else:
            current.extend((w,) for w in words_of(word))
    return before, after, markers


def read_verb_dictionary(path: Path, *, keep_markers: bool = True) -> VerbDictionary:
    """Read a PETRARCH verb dictionary (synsets, verb blocks and their patterns).

    Args:
        path: the dictionary file.
        keep_markers: keep patterns that use TABARI's actor markers (without the markers).
    """
    table = VerbDictionary()
    synset: list[str] | None = None
    synset_name = ""
    block = VerbBlock(code="")
    for line in _lines(path):
        if line.startswith("&"):
            synset_name = line.split()[0].lower().rstrip("_")
            synset = []
            table.synsets[synset_name] = ()
            continue
        if synset is not None and line.startswith("+"):
            member = line[1:].strip()
            alternative = (
                member.lower().rstrip("_") if member.startswith("&") else " ".join(words_of(member))
            )
            synset.append(alternative)
            table.synsets[synset_name] = tuple(synset)
            continue
        synset = None
        if line.startswith("---"):
            codes = _CODE_BLOCK.findall(line)
            block = VerbBlock(code=_clean_code(codes[0]) if codes else "")
            table.add_block(block)
            continue
        if line.startswith("-"):
            codes = _CODE_BLOCK.findall(line)
            before, after, markers = _pattern_elements(_CODE_BLOCK.sub(" ", line[1:]))
            if codes and (keep_markers or not markers):
                block.patterns.append(
                    VerbPattern("", _clean_code(codes[0]), tuple(before), tuple(after))
                )
            continue
        verb_line = _verb_line(line)
        if verb_line is not None:
            verb, pre, post, irregular, own = verb_line
            table.add_forms(verb, irregular)
            block.verbs.append(VerbPattern(verb, _BLOCK_CODE if own is None else own, pre, post))
    return table


def _verb_line(
    line: str,
) -> tuple[str, tuple[Element, ...], tuple[Element, ...], list[str], str | None] | None:
    """A verb line: "GIVE {GIVES GAVE}", "+ASK_FOR [020]", "KLM_NOP_+RST [002]"."""
    codes = _CODE_BLOCK.findall(line)
    own = _clean_code(codes[0]) if codes else None
    line = _CODE_BLOCK.sub(" ", line)
    irregular_text = re.search(r"\{([^}]*)\}", line)
    head = re.sub(r"\{[^}]*\}", " ", line).split()
    if not head:
        return None
    phrase = head[0]
    parts = phrase.strip("_").split("_")
    verb_index = next((i for i, p in enumerate(parts) if p.startswith("+")), 0)
    verb_words = words_of(parts[verb_index].lstrip("+"))
    if not verb_words:
        return None
    pre = tuple((w,) for p in parts[:verb_index] for w in words_of(p))
    post = tuple((w,) for p in parts[verb_index + 1 :] for w in words_of(p))
    irregular: list[str] = []
    if irregular_text:
        for form in irregular_text.group(1).split():
            form_parts = form.strip("_").split("_")
            marked = [p for p in form_parts if p.startswith("+")] or form_parts[:1]
            irregular.extend(words_of(marked[0].lstrip("+")))
    return verb_words[0], pre, post, irregular, own


def _clean_code(raw: str) -> str:
    """A CAMEO code as written in a dictionary: "---" and blanks mean no code."""
    code = raw.strip().split()[0] if raw.strip() else ""
    return "" if code.strip("-") == "" else code


# --------------------------------------------------------------------------------------
# Actors, agents and discards
# --------------------------------------------------------------------------------------


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


def _parse_code_block(text: str) -> ActorCode | None:
    """One ``[CODE dates]`` block: "IGOUNO >20070101", "HOBGOV 19950601 - 19990815"."""
    text = text.strip()
    match = _DATE_RANGE.match(text)
    if match is None:
        return None
    code, rest = match.group("code"), match.group("rest").replace(" ", "")
    code = "" if code.strip("-") == "" else code
    if not rest:
        return ActorCode(code)
    if rest.startswith(">"):
        return ActorCode(code, valid_from=_petrarch_date(rest[1:]))
    if rest.startswith("<"):
        return ActorCode(code, valid_until=_petrarch_date(rest[1:]))
    first, _, last = rest.partition("-")
    return ActorCode(code, _petrarch_date(first), _petrarch_date(last))


def _petrarch_date(text: str) -> date | None:
    """A dictionary date: YYMMDD (19xx from 30 on) or YYYYMMDD; malformed ones are None."""
    digits = re.sub(r"\D", "", text)
    try:
        if len(digits) == 6:
            year = int(digits[:2])
            return date(year + (1900 if year >= 30 else 2000), int(digits[2:4]), int(digits[4:]))
        if len(digits) == 8:
            return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None
    return None


def _lines(path: Path) -> Iterator[str]:
    """The lines of a dictionary without ``<!-- -->`` blocks and ``#`` comments."""
    in_comment = False
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if in_comment or raw.lstrip().startswith("<!--"):
            in_comment = "-->" not in raw
            continue
        line = _COMMENT.sub("", raw).rstrip()
        if line.strip():
            yield line


def read_actor_dictionary(path: Path, into: ActorDictionary | None = None) -> ActorDictionary:
    """Read a PETRARCH actor dictionary: a name, ``+synonym`` lines and ``[CODE]`` blocks."""
    table = into if into is not None else ActorDictionary()
    names: list[tuple[str, ...]] = []
    codes: list[ActorCode] = []

    def close() -> None:
        for words in names:
            table.add_actor(words, list(codes))

    for line in _lines(path):
        stripped = line.strip()
        if line[0].isspace() and stripped.startswith("["):
            codes.extend(c for b in _CODE_BLOCK.findall(stripped) if (c := _parse_code_block(b)))
            continue
        line_codes = [c for b in _CODE_BLOCK.findall(stripped) if (c := _parse_code_block(b))]
        # "+SYNONYM" lines, and names stacked before their shared code block, join the group.
        if stripped.startswith("+") or (names and not codes and not line_codes):
            names.append(words_of(_CODE_BLOCK.sub("", stripped.lstrip("+"))))
            continue
        close()
        names = [words_of(_CODE_BLOCK.sub("", stripped))]
        codes = line_codes
    close()
    return table


def read_agent_dictionary(path: Path, into: ActorDictionary | None = None) -> ActorDictionary:
    """Read a PETRARCH agent dictionary: "SOLDIER [~MIL]", "MSF {} [NGO~]", ``!X! = A, B``."""
    table = into if into is not None else ActorDictionary()
    substitutions: dict[str, list[str]] = {}
    for line in _lines(path):
        macro = re.match(r"^\s*(![A-Z]+!)\s*=\s*(.+)$", line)
        if macro:
            substitutions[macro.group(1)] = [w.strip() for w in macro.group(2).split(",")]
            continue
        codes = _CODE_BLOCK.findall(line)
        if not codes:
            continue
        raw_code = codes[0].strip()
        agent = AgentCode(raw_code.strip("~ "), prefix=raw_code.endswith("~"))
        body = _CODE_BLOCK.sub(" ", line)
        plurals = re.search(r"\{([^}]*)\}", body)
        name = re.sub(r"\{[^}]*\}", " ", body).strip()
        for expanded in _substitute(name, substitutions):
            words = words_of(expanded)
            table.add_agent(words, agent)
            if plurals is None and words:
                table.add_agent((*words[:-1], plural_of(words[-1])), agent)
        for plural in plurals.group(1).split() if plurals else []:
            for expanded in _substitute(plural, substitutions):
                table.add_agent(words_of(expanded), agent)
    return table


def _substitute(name: str, substitutions: dict[str, list[str]]) -> list[str]:
    """A name with its ``!MACRO!`` replaced by each of the macro's words."""
    for macro, replacements in substitutions.items():
        if macro in name:
            # "CATTLE!PERSON!" is "CATTLEMAN", "CATTLEWOMAN", ...: a plain text splice.
            return [name.replace(macro, replacement) for replacement in replacements]
    return [name]


def read_discard_dictionary(path: Path, into: ActorDictionary | None = None) -> ActorDictionary:
    """Read a PETRARCH discard list (story-level ``+`` entries and sentence-level ones alike)."""
    table = into if into is not None else ActorDictionary()
    for line in _lines(path):
        table.add_discard(words_of(line.strip().lstrip("+")))
    return table


# --------------------------------------------------------------------------------------
# CAMEO codes
# --------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------
# Loading the shipped tables and PETRARCH files alike
# --------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------
# The converter
# --------------------------------------------------------------------------------------


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
            "usage: python -m everyside.analyze.event_tables DICTIONARY_DIR [CAMEO_CODES_TSV]",
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
