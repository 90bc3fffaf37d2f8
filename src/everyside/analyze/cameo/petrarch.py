"""Readers for PETRARCH dictionary files: verbs, actors, agents and discards.

One reader per PETRARCH format serves the evaluation (the validation dictionaries of
PETRARCH2's unit-test records), the ``.txt`` dictionaries a user gives the component,
and the converter that builds everyside's shipped tables
(``everyside.training.cameo_tables``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from everyside.analyze.cameo.actor_table import ActorCode, ActorDictionary, AgentCode
from everyside.analyze.cameo.verb_table import (
    BLOCK_CODE,
    Element,
    VerbBlock,
    VerbDictionary,
    VerbPattern,
)
from everyside.analyze.cameo.words import plural_of, words_of

_COMMENT = re.compile(r"#.*$")
_CODE_BLOCK = re.compile(r"\[([^\]]*)\]")
_DATE_RANGE = re.compile(r"^(?P<code>[^\s<>\d-]*|---)\s*(?P<rest>.*)$")


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
            block.verbs.append(VerbPattern(verb, BLOCK_CODE if own is None else own, pre, post))
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
