"""Text from gold files is printed as it reads: never taken as Rich markup or escapes."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from everyside.cli import app


def test_an_event_record_prints_its_markup_and_escapes_literally(tmp_path: Path) -> None:
    folder = tmp_path / "dictionaries" / "petrarch2_unittest"
    folder.mkdir(parents=True)
    (folder / "verbs.txt").write_text(
        "--- RESTORE [060] ---\nRESTORE\n- * TIES (WITH) [064]\n", encoding="utf-8"
    )
    (folder / "actors.txt").write_text("ARNOR [ARN]\nGONDOR [GON]\n", encoding="utf-8")
    record = {
        "id": "[bold]1",
        "text": "Arnor restored ties with Gondor [blink]today[/blink]\x1b[31m.",
        "date": "19950101",
        "expected": [],
        "expected_special": [{"noevents": True}],
        "dictionaries": {"Verbfile": "verbs.txt", "Actorfile": "actors.txt"},
    }
    gold = tmp_path / "petr_unittest.jsonl"
    gold.write_text(json.dumps(record), encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "events", str(gold), "--errors", "1"])
    assert result.exit_code == 0, result.output
    assert "[blink]today[/blink]\\x1b[31m." in result.output
    assert "[bold]1" in result.output
    assert "\x1b" not in result.output
