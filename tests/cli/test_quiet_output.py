"""Quiet, honest output (issue 21, point 3): each error once, files that are not articles
named once as such, counts with the right plural, and ``--json`` alone on stdout."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from everyside.cli import app
from everyside.counting import counted

ARTICLE = {
    "title": "Wrenfield ferry crews strike",
    "outlet": "Harbor Ledger",
    "published": "2024-07-22",
    "text": "Ferry crews in Wrenfield walked out on Monday.\n\nThe operator said 14 were idle.",
}
# The shape of the corpus's gold answers: records about articles, none with a text field.
GOLD = [{"file": "text/a.txt", "story": "ferry-strike", "quotes": []}] * 3


def _write_jsonl(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """A folder with one article, a gold answer file and a binary file."""
    folder = tmp_path / "in"
    folder.mkdir()
    _write_jsonl(folder / "articles.jsonl", [ARTICLE])
    _write_jsonl(folder / "answers.jsonl", GOLD)
    (folder / "noise.txt").write_bytes(b"\x00\x01binary")
    return folder


def test_each_error_once_and_files_that_are_not_articles_once(inputs: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "q.db"), "ingest", str(inputs)])
    assert result.exit_code == 1, result.output  # the binary file failed
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "noise.txt" in errors[0]
    assert "noise.txt" not in result.stdout and "no text" not in result.output
    notes = [line for line in result.stderr.splitlines() if "not articles" in line]
    assert notes == [
        f"note: skipped 1 file that is not articles (no record has a text field): "
        f"{inputs / 'answers.jsonl'}"
    ]
    assert "Ingested 3 inputs" in result.stdout


def test_files_that_are_not_articles_are_no_failure(inputs: Path, tmp_path: Path) -> None:
    (inputs / "noise.txt").unlink()
    shutil.copy(inputs / "answers.jsonl", inputs / "more-answers.jsonl")
    result = CliRunner().invoke(
        app, ["--db", str(tmp_path / "q.db"), "ingest", str(inputs), "--json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["counts"]["added"] == 1 and report["counts"]["failed"] == 0
    assert report["counts"]["not_articles"] == 2
    skipped = [e for e in report["events"] if e["outcome"] == "not_articles"]
    assert [Path(e["locator"]).name for e in skipped] == ["answers.jsonl", "more-answers.jsonl"]
    assert skipped[0]["message"].startswith("not articles: none of its 3 records has text")
    assert "skipped 2 files that are not articles" in result.stderr


def test_records_without_text_in_a_file_of_articles_still_fail(tmp_path: Path) -> None:
    """Before and after the first article alike: the file holds articles, so each is an error."""
    path = _write_jsonl(tmp_path / "mixed.jsonl", [GOLD[0], ARTICLE, GOLD[0]])
    result = CliRunner().invoke(
        app, ["--db", str(tmp_path / "q.db"), "ingest", str(path), "--json"]
    )
    assert result.exit_code == 1
    counts = json.loads(result.stdout)["counts"]
    assert counts["added"] == 1 and counts["failed"] == 2 and counts["not_articles"] == 0
    assert result.stderr.count("error:") == 2


@pytest.mark.parametrize(
    ("count", "noun", "plural", "expected"),
    [
        (1, "article", None, "1 article"),
        (0, "article", None, "0 articles"),
        (2, "outlet", None, "2 outlets"),
        (1, "language", None, "1 language"),
        (3, "story", "stories", "3 stories"),
        (1234, "record", None, "1,234 records"),
    ],
)
def test_counted_says_the_number_in_words(
    count: int, noun: str, plural: str | None, expected: str
) -> None:
    assert counted(count, noun, plural) == expected


# Every command that takes --json, with arguments that find something on the demo store.
JSON_COMMANDS = [
    ["articles", "--json"],
    ["show", "a6d39301", "--json"],
    ["search", "Stoltenberg", "--json"],
    ["quotes", "--article", "a6d39301", "--json"],
    ["entities", "--json"],
    ["stories", "--json"],
    ["story", "f931", "--json"],
    ["compare", "f931", "--format", "json"],
    ["events", "--actor", "RUS", "--json"],
    ["db", "check", "--json"],
    ["ingest", "examples/corpus", "--json"],
]


@pytest.mark.parametrize("args", JSON_COMMANDS, ids=" ".join)
def test_json_output_is_json_alone_on_stdout(
    args: list[str], demo_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "everyside.db"
    shutil.copy(demo_store, db)
    monkeypatch.chdir(Path(__file__).resolve().parents[2])
    result = CliRunner().invoke(app, ["--db", str(db), *args])
    assert result.exit_code == 0, result.output
    json.loads(result.stdout)  # nothing before or after the document
