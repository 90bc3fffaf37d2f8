"""Event coding evaluation: the scorer on made-up events, and the shared gold records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from everyside.analyze.cameo import intent_code, threat_code
from everyside.cli import app
from everyside.evaluate.events import (
    CodedEvent,
    EventScores,
    GoldEvent,
    _country,
    cameo_reading,
    code_root,
    dev_part,
    evaluate_events,
    plover_category,
)
from everyside.model import EventMood
from tests.conftest import SHARED

EVENTS = SHARED / "data" / "events"


def _gold(source: str, target: str, *codes: str) -> GoldEvent:
    return GoldEvent(source, target, frozenset(codes))


def test_scores_count_each_view_of_an_event() -> None:
    scores = EventScores()
    gold = [_gold("ARN", "GON", "064"), _gold("GON", "ARN", "033")]
    predicted = [
        CodedEvent("ARN", "GON", "064"),  # right
        CodedEvent("GON", "ARN", "032"),  # right root, wrong code
        CodedEvent("ARN", "MOR", "190"),  # false
    ]
    scores.add(gold, predicted, lambda g, p: g == p)
    assert (scores.full.tp, scores.full.fp, scores.full.fn) == (1, 2, 1)
    assert (scores.root.tp, scores.root.fp, scores.root.fn) == (2, 1, 0)
    assert scores.code_root.tp == 2
    assert scores.actors.tp == 2
    assert scores.false_events == 1
    assert scores.false_per_gold_event == pytest.approx(0.5)
    scores.add([], [CodedEvent("ARN", "GON", "064")], lambda g, p: g == p)
    assert scores.false_per_sentence == pytest.approx(1.0)


def test_gold_alternatives_match_any_root() -> None:
    scores = EventScores()
    scores.add(
        [_gold("---", "---", "18", "19", "20")], [CodedEvent("---", "---", "190")], str.__eq__
    )
    assert scores.root.tp == 1


def test_plover_categories_match_whole() -> None:
    # REJECT, REQUEST and RETREAT share their first two letters, as do COERCE and CONCEDE.
    assert code_root("REJECT") == "REJECT"
    assert code_root("190") == "19"
    scores = EventScores()
    gold = [_gold("USA", "IRN", "REJECT"), _gold("RUS", "UKR", "COERCE")]
    predicted = [CodedEvent("USA", "IRN", "REQUEST"), CodedEvent("---", "---", "CONCEDE")]
    scores.add(gold, predicted, str.__eq__)
    assert scores.code_root.tp == 0
    assert scores.false_events == 2


def test_a_former_federation_member_is_its_country() -> None:
    # Phoenix's SCGSRB (Serbia within Serbia and Montenegro) is Serbia, SRB, for PLOVER.
    assert _country("SRB", "SCGSRBGOV")
    assert _country("SRB", "SRBMIL")
    assert not _country("SRB", "SCGMNE")
    assert not _country("PSE", "ISRPSE")


def test_moods_read_as_cameo_and_plover_code_them() -> None:
    assert cameo_reading("085", EventMood.ASSERTED) == "085"
    assert cameo_reading("085", EventMood.FUTURE) == "0354"  # intent to ease sanctions
    assert cameo_reading("190", EventMood.FUTURE) == "138"  # threat of force
    assert cameo_reading("051", EventMood.NEGATED) == "120"  # refused cooperation
    assert cameo_reading("190", EventMood.NEGATED) is None
    assert cameo_reading("057", EventMood.HYPOTHETICAL) is None
    assert plover_category("073", EventMood.FUTURE) == "AGREE"
    assert plover_category("163", EventMood.FUTURE) == "THREATEN"
    assert plover_category("051", EventMood.NEGATED) == "REJECT"
    assert plover_category("010", EventMood.ASSERTED) is None
    assert intent_code("042") == "036"
    assert threat_code("163") == "1312"


def test_dev_parts_are_fixed_halves() -> None:
    ids = [f"PLOVER-GSR01-AGREE-{n:04d}" for n in range(200)]
    parts = [dev_part(i) for i in ids]
    assert set(parts) == {"a", "b"}
    assert 60 < parts.count("a") < 140
    assert parts == [dev_part(i) for i in ids]


def _unit_dictionaries(tmp_path: Path) -> dict[str, str]:
    """A verb and an actor dictionary beside unit-test records in tmp_path, as records name them."""
    folder = tmp_path / "dictionaries" / "petrarch2_unittest"
    folder.mkdir(parents=True)
    (folder / "verbs.txt").write_text(
        "--- RESTORE [060] ---\nRESTORE\n- * TIES (WITH) [064]\n", encoding="utf-8"
    )
    (folder / "actors.txt").write_text("ARNOR [ARN]\nGONDOR [GON]\n", encoding="utf-8")
    return {"Verbfile": "verbs.txt", "Actorfile": "actors.txt"}


def test_unit_test_records_use_their_dictionaries(tmp_path: Path) -> None:
    files = _unit_dictionaries(tmp_path)
    records = [
        {"id": "1", "text": "Arnor restored ties with Gondor.", "date": "19950101",
         "expected": [{"source": "ARN", "target": "GON", "code": "064"}], "dictionaries": files},
        {"id": "2", "text": "Arnor restored ties with Gondor.", "date": "19950101",
         "expected": [], "expected_special": [{"noevents": True}], "dictionaries": files},
        {"id": "3", "text": "Not run.", "expected": [], "included_in_run": False,
         "dictionaries": files},
    ]  # fmt: skip
    gold = tmp_path / "petr_unittest.jsonl"
    gold.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    report = evaluate_events(gold, keep_wrong=True)
    scores = report.groups["petr_unittest"]
    assert scores.records == 2
    assert (scores.full.tp, scores.full.fp, scores.full.fn) == (1, 1, 0)
    assert [r.record_id for r in report.wrong] == ["2"]


def test_eval_events_scores_one_dev_part(tmp_path: Path) -> None:
    folder = tmp_path / "dictionaries" / "petrarch2_unittest"
    folder.mkdir(parents=True)
    (folder / "verbs.txt").write_text("--- RESTORE [060] ---\nRESTORE\n", encoding="utf-8")
    (folder / "actors.txt").write_text("ARNOR [ARN]\nGONDOR [GON]\n", encoding="utf-8")
    files = {"Verbfile": "verbs.txt", "Actorfile": "actors.txt"}
    ids = [f"record-{i}" for i in range(6)]
    gold = tmp_path / "petr_unittest.jsonl"
    gold.write_text(
        "\n".join(
            json.dumps({"id": i, "text": "Arnor restored ties with Gondor.", "date": "19950101",
                        "expected": [], "dictionaries": files})
            for i in ids
        ),
        encoding="utf-8",
    )  # fmt: skip
    runner = CliRunner()
    for part in ("a", "b"):
        result = runner.invoke(app, ["eval", "events", str(gold), "--part", part, "--json"])
        assert result.exit_code == 0, result.output
        records = json.loads(result.stdout)["groups"]["petr_unittest"]["records"]
        assert records == sum(dev_part(i) == part for i in ids)
    assert runner.invoke(app, ["eval", "events", str(gold), "--part", "c"]).exit_code != 0


def test_an_event_record_prints_its_markup_and_escapes_literally(tmp_path: Path) -> None:
    record = {
        "id": "[bold]1",
        "text": "Arnor restored ties with Gondor [blink]today[/blink]\x1b[31m.",
        "date": "19950101",
        "expected": [],
        "expected_special": [{"noevents": True}],
        "dictionaries": _unit_dictionaries(tmp_path),
    }
    gold = tmp_path / "petr_unittest.jsonl"
    gold.write_text(json.dumps(record), encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "events", str(gold), "--errors", "1"])
    assert result.exit_code == 0, result.output
    assert "[blink]today[/blink]\\x1b[31m." in result.output
    assert "[bold]1" in result.output
    assert "\x1b" not in result.output


@pytest.mark.slow
def test_unit_test_records_meet_the_floors() -> None:
    path = EVENTS / "petr_unittest.jsonl"
    if not path.exists():
        pytest.skip(f"{path} not found (shared/ is not beside this clone)")
    scores = evaluate_events(path).groups["petr_unittest"]
    # Floors just under what was measured (docs/evaluation.md): root 0.752, full 0.742,
    # actors 0.767 (0.789 before verbs alone done to no one were left uncoded), false 0.12.
    assert scores.root.f1 >= 0.74
    assert scores.full.f1 >= 0.73
    assert scores.code_root.f1 >= 0.82
    assert scores.actors.f1 >= 0.76
    assert scores.false_per_gold_event <= 0.15


@pytest.mark.slow
def test_gsr_records_meet_the_floors() -> None:
    path = EVENTS / "gsr_validation.jsonl"
    if not path.exists():
        pytest.skip(f"{path} not found (shared/ is not beside this clone)")
    groups = evaluate_events(path).groups
    english = groups["en PLOVER 0.5b1"]
    # Measured (docs/evaluation.md): (source, target, category) 0.474, category only
    # 0.611 (categories compared whole), 0.29 false per gold event.
    assert english.root.f1 >= 0.46
    assert english.code_root.f1 >= 0.60
    assert english.false_per_gold_event <= 0.30
    assert groups["es CAMEO"].code_root.f1 >= 0.51
    assert groups["es PLOVER->CAMEO"].code_root.f1 >= 0.36
