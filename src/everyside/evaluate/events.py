"""Event coding evaluation: PETRARCH2's unit-test records and the PLOVER/UniversalPetrarch sets.

Two gold formats, told apart by their records:

- ``petr_unittest.jsonl``: each record names the PETRARCH validation dictionaries it
  is coded with (fictional actors: Arnor is ARN); they are read from
  ``dictionaries/petrarch2_unittest/`` beside the gold file and swapped into the coder.
  The text is parsed by everyside's own pipeline (the record's Treebank parse is not
  used). ``included_in_run: false`` records are skipped as in the reference run; records
  that expect no event or an error expect no event here; ``require_dyad`` in a record's
  ``active_config`` decides whether target-less events count.
- ``gsr_validation.jsonl``: English PLOVER 0.5 records and Spanish UniversalPetrarch
  records, coded with everyside's own tables, scored per language and scheme. PLOVER
  records compare PLOVER 2.0 categories (CAMEO codes mapped through the code table and
  the event's mood, see ``plover_category``; codes without a PLOVER category, such as
  plain statements, are outside the scheme and not counted) and the country part of
  actor codes; CAMEO records compare the code each event counts as in its mood
  (``cameo_reading``: announced cooperation is an intent, denied or hypothetical
  action no event), as everyside counts only asserted events.

Events match one-to-one on (source, target, code), on (source, target, root code), on
the root code alone and on the actors alone; a false event is a predicted event that
matches no gold event on (source, target, root code). The root of a CAMEO code is its
first two digits; a PLOVER category has no root and is compared whole (``code_root``).
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import pycountry

from everyside.analyze.cameo import (
    NO_ACTOR,
    EventCoder,
    EventLexicon,
    cameo_code,
    committed_code,
    is_cooperation,
)
from everyside.analyze.cameo.tables import is_country
from everyside.analyze.pipeline import build_pipeline
from everyside.evaluate.corpus import Counts, GoldFormatError, read_jsonl
from everyside.model import EventMood

UNITTEST_DICTIONARIES = Path("dictionaries") / "petrarch2_unittest"
# PLOVER 0.5 categories that PLOVER 2.0 renamed or folded into another.
PLOVER_RENAMES = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "FIGHT": "ASSAULT",
    "INVESTIGATE": "ACCUSE",
}


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """An expected event: actor codes and the codes that count as right (alternatives)."""

    source: str
    target: str
    codes: frozenset[str]


@dataclass(frozen=True, slots=True)
class CodedEvent:
    """A predicted event reduced to what is scored."""

    source: str
    target: str
    code: str


@dataclass(slots=True)
class EventScores:
    """The figures of one group of records (a file, or a language and scheme)."""

    actors_annotated: bool = True
    records: int = 0
    gold_events: int = 0
    predicted_events: int = 0
    full: Counts = field(default_factory=Counts)
    root: Counts = field(default_factory=Counts)
    code_root: Counts = field(default_factory=Counts)
    actors: Counts = field(default_factory=Counts)

    @property
    def false_events(self) -> int:
        """Predicted events matching no gold event on (source, target, root code).

        Where the gold leaves actors unannotated, on the root code alone.
        """
        return self.root.fp if self.actors_annotated else self.code_root.fp

    @property
    def false_per_sentence(self) -> float:
        """False events per record (each record is one sentence)."""
        return self.false_events / self.records if self.records else 0.0

    @property
    def false_per_gold_event(self) -> float:
        """False events per expected event."""
        return self.false_events / self.gold_events if self.gold_events else 0.0

    def add(
        self, gold: list[GoldEvent], predicted: list[CodedEvent], same_actor: ActorRule
    ) -> None:
        """Score one record."""
        self.records += 1
        self.gold_events += len(gold)
        self.predicted_events += len(predicted)
        self.full.add(
            _match(gold, predicted, lambda g, p: _actors(g, p, same_actor) and p.code in g.codes)
        )
        self.root.add(
            _match(gold, predicted, lambda g, p: _actors(g, p, same_actor) and _root_in(g, p))
        )
        self.code_root.add(_match(gold, predicted, _root_in))
        self.actors.add(_match(gold, predicted, lambda g, p: _actors(g, p, same_actor)))

    def as_dict(self) -> dict[str, Any]:
        """The figures as a JSON-ready dict."""
        with_actors = self.actors_annotated
        return {
            "records": self.records,
            "gold_events": self.gold_events,
            "predicted_events": self.predicted_events,
            "actors_annotated": with_actors,
            "source_target_code": self.full.as_dict() if with_actors else None,
            "source_target_root": self.root.as_dict() if with_actors else None,
            "root_only": self.code_root.as_dict(),
            "actors_only": self.actors.as_dict() if with_actors else None,
            "false_events": self.false_events,
            "false_per_sentence": round(self.false_per_sentence, 4),
            "false_per_gold_event": round(self.false_per_gold_event, 4),
        }


@dataclass(frozen=True, slots=True)
class RecordResult:
    """One record's gold and predicted events, kept to show errors."""

    record_id: str
    text: str
    gold: list[GoldEvent]
    predicted: list[CodedEvent]


@dataclass(slots=True)
class EventReport:
    """Scores per group of records, the time taken, and the records coded wrongly."""

    gold_format: str
    groups: dict[str, EventScores] = field(default_factory=dict)
    seconds: float = 0.0
    wrong: list[RecordResult] = field(default_factory=list)

    @property
    def sentences_per_second(self) -> float:
        """Records coded per second, parsing included."""
        total = sum(g.records for g in self.groups.values())
        return total / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        """The report as a JSON-ready dict."""
        return {
            "gold_format": self.gold_format,
            "groups": {name: scores.as_dict() for name, scores in self.groups.items()},
            "seconds": round(self.seconds, 2),
            "sentences_per_second": round(self.sentences_per_second, 1),
        }


ActorRule = Callable[[str, str], bool]


def _exact(gold: str, predicted: str) -> bool:
    return gold == predicted


def _country(gold: str, predicted: str) -> bool:
    # PLOVER records give the country (or "IGO") and the sector apart: compare the country.
    return gold == _country_part(predicted) if gold != NO_ACTOR else predicted == NO_ACTOR


def _country_part(code: str) -> str:
    """An actor code's country: its first block, or the member of a former federation.

    Phoenix codes Serbia in 1992-2006 as SCGSRB (Serbia within Serbia and Montenegro),
    the PLOVER records code today's SRB: a historic country's member is its country.
    """
    first, member = code[:3], code[3:6]
    if pycountry.historic_countries.get(alpha_3=first) and is_country(member):
        return member
    return first


def _actors(gold: GoldEvent, predicted: CodedEvent, same: ActorRule) -> bool:
    return same(gold.source, predicted.source) and same(gold.target, predicted.target)


def code_root(code: str) -> str:
    """The part of a code "root" matching compares: CAMEO's first two digits, PLOVER's all.

    PLOVER categories are names, so their first letters tell nothing (REJECT, REQUEST and
    RETREAT share "RE"; COERCE, CONCEDE, CONSULT and COOPERATE share "CO").
    """
    return code[:2] if code[:1].isdigit() else code


def _root_in(gold: GoldEvent, predicted: CodedEvent) -> bool:
    return code_root(predicted.code) in {code_root(code) for code in gold.codes}


def _match(
    gold: list[GoldEvent],
    predicted: list[CodedEvent],
    same: Callable[[GoldEvent, CodedEvent], bool],
) -> Counts:
    """One-to-one matches, greedy in gold order."""
    used: set[int] = set()
    for expected in gold:
        for index, event in enumerate(predicted):
            if index not in used and same(expected, event):
                used.add(index)
                break
    return Counts.from_totals(true_positives=len(used), predicted=len(predicted), gold=len(gold))


def _actor_code(code: str | None) -> str:
    """A gold or predicted actor code with the empty forms made one: "", "~CVL", None."""
    if not code:
        return NO_ACTOR
    return NO_ACTOR + code[1:] if code.startswith("~") else code


def _record_day(record: dict[str, Any]) -> date | None:
    digits = "".join(ch for ch in str(record.get("date", "")) if ch.isdigit())
    try:
        return (
            date(int(digits[:4]), int(digits[4:6]), int(digits[6:8])) if len(digits) >= 8 else None
        )
    except ValueError:
        return None


def _code_text(coder: EventCoder, language: str, text: str, day: date | None) -> list[Any]:
    nlp = build_pipeline(language)
    doc = nlp.make_doc(text)
    doc._.published_on = day
    return coder.code(nlp(doc), day)


# --------------------------------------------------------------------------------------
# PETRARCH2 unit-test records
# --------------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _validation_lexicon(
    folder: Path, verbs: str, actors: str, agents: str, discards: str
) -> EventLexicon:
    def paths(names: str) -> list[Path]:
        return [folder / name.strip() for name in names.split(",") if name.strip()]

    return EventLexicon.from_files(folder / verbs, paths(actors), paths(agents), paths(discards))


def requires_dyad(record: dict[str, Any]) -> bool:
    """Whether a unit-test record counts only events with a target (its ``require_dyad``)."""
    config = {k.lower(): str(v).lower() for k, v in (record.get("active_config") or {}).items()}
    return config.get("require_dyad", "true") == "true"


def unittest_gold(record: dict[str, Any]) -> list[GoldEvent]:
    """A unit-test record's expected events; none where it expects no event or an error."""
    special = record.get("expected_special") or []
    if any(s.get("noevents") or s.get("error") for s in special):
        return []
    return [
        GoldEvent(_actor_code(e["source"]), _actor_code(e["target"]), frozenset({e["code"]}))
        for e in record["expected"]
    ]


def coded_event(source: str | None, target: str | None, code: str) -> CodedEvent:
    """A predicted event as scored, the empty actor forms made one."""
    return CodedEvent(_actor_code(source), _actor_code(target), code)


def _petrarch_results(path: Path, limit: int | None) -> Iterator[tuple[str, RecordResult]]:
    folder = path.parent / UNITTEST_DICTIONARIES
    count = 0
    for record in read_jsonl(path):
        if not record.get("included_in_run", True):
            continue
        files = record["dictionaries"]
        lexicon = _validation_lexicon(
            folder,
            files["Verbfile"],
            files.get("Actorfile", ""),
            files.get("Agentfile", ""),
            files.get("Discardfile", ""),
        )
        coder = EventCoder(
            lexicon=lexicon, require_target=requires_dyad(record), domestic_roles=False
        )
        found = _code_text(coder, "en", record["text"], _record_day(record))
        predicted = [coded_event(e.source, e.target, e.code) for e in found]
        yield (
            "petr_unittest",
            RecordResult(record["id"], record["text"], unittest_gold(record), predicted),
        )
        count += 1
        if limit is not None and count >= limit:
            return


# --------------------------------------------------------------------------------------
# PLOVER and UniversalPetrarch records
# --------------------------------------------------------------------------------------


def _gold_codes(code: str, plover: bool) -> frozenset[str]:
    """The codes that count as right: PLOVER renamed to 2.0; "18/19/20" and "081-083" alike."""
    if plover:
        return frozenset({PLOVER_RENAMES.get(code, code)})
    return frozenset(part.split("-")[0].strip() for part in code.split("/") if part.strip())


def cameo_reading(code: str, mood: EventMood) -> str | None:
    """The CAMEO code an event counts as in its mood, None where CAMEO codes no event.

    Asserted actions are their code; announced ones what CAMEO codes for them, an intent
    for cooperation (03: "will provide aid" is 033) and a threat for conflict (13: "will
    attack" is 138); refused cooperation is a rejection (120); hypothetical actions and
    denied conflict actions are no events.
    """
    if mood is EventMood.ASSERTED:
        return code
    if mood is EventMood.FUTURE:
        return committed_code(code)
    if mood is EventMood.NEGATED and is_cooperation(code):
        return "120"
    return None


def plover_category(code: str, mood: EventMood) -> str | None:
    """The PLOVER category a coded action counts as, None where PLOVER codes no event.

    As the PLOVER manual reads moods, through ``cameo_reading``: cooperation announced for
    the future is AGREE, conflict announced is THREATEN, cooperation refused is REJECT; a
    hypothetical action ("could", "if", "must") and a conflict action denied are no
    events. Codes without a PLOVER category (plain statements) are outside it.
    """
    facts = cameo_code(code)
    if facts is None or facts.plover is None:
        return None
    reading = cameo_reading(code, mood)
    read = cameo_code(reading) if reading is not None else None
    return read.plover if read is not None else None


def _gsr_results(path: Path, limit: int | None) -> Iterator[tuple[str, RecordResult]]:
    coders: dict[str, EventCoder] = {}
    counts: Counter[str] = Counter()
    for record in read_jsonl(path):
        language = record.get("language", "en")
        scheme = record.get("coding_scheme", "CAMEO")
        group = f"{language} {scheme}"
        if limit is not None and counts[group] >= limit:
            continue
        counts[group] += 1
        plover = scheme.startswith("PLOVER") and "CAMEO" not in scheme
        # PLOVER codes one direction of a mutual action ("visited", "signed with").
        coder = coders.setdefault(group, EventCoder(language=language, reciprocal=not plover))
        gold = [
            GoldEvent(
                _actor_code(e["source"]), _actor_code(e["target"]), _gold_codes(e["code"], plover)
            )
            for e in record["expected"]
            if e.get("code")
        ]
        predicted = []
        for event in _code_text(coder, language, record["text"], _record_day(record)):
            code = (
                plover_category(event.code, event.mood)
                if plover
                else cameo_reading(event.code, event.mood)
            )
            if code is not None:
                predicted.append(coded_event(event.source, event.target, code))
        yield group, RecordResult(record["id"], record["text"], gold, predicted)


def detect_format(path: Path) -> str:
    """ "petrarch" for PETRARCH2 unit-test records, "gsr" for PLOVER/UniversalPetrarch sets."""
    for record in read_jsonl(path):
        if "coding_scheme" in record:
            return "gsr"
        if "dictionaries" in record and "expected" in record:
            return "petrarch"
        break
    raise GoldFormatError(f"{path}: neither PETRARCH2 unit-test records nor gsr records")


def dev_part(record_id: str) -> str:
    """The half of the dev records a record falls in, "a" or "b", by a hash of its id.

    Rules are revised on "a" only; "b" is the check whose errors are not read.
    """
    return "b" if hashlib.sha256(record_id.encode("utf-8")).digest()[0] % 2 else "a"


def evaluate_events(
    path: Path, *, limit: int | None = None, keep_wrong: bool = False, part: str | None = None
) -> EventReport:
    """Code every record of an event gold file and score it (see the module doc).

    ``part`` ("a" or "b"): only the records of that half (``dev_part``).
    """
    gold_format = detect_format(path)
    results = (
        _petrarch_results(path, limit) if gold_format == "petrarch" else _gsr_results(path, limit)
    )
    report = EventReport(gold_format)
    started = time.perf_counter()
    for group, result in results:
        if part is not None and dev_part(result.record_id) != part:
            continue
        # UniversalPetrarch's PLOVER-to-CAMEO Spanish set codes events without actors.
        scores = report.groups.setdefault(
            group, EventScores(actors_annotated=not group.endswith("PLOVER->CAMEO"))
        )
        same = _country if group.endswith("PLOVER 0.5b1") else _exact
        wrong_before = scores.root.fp + scores.root.fn
        scores.add(result.gold, result.predicted, same)
        if keep_wrong and scores.root.fp + scores.root.fn > wrong_before:
            report.wrong.append(result)
    report.seconds = time.perf_counter() - started
    return report
