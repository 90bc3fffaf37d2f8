"""``everyside ingest`` says once, on stderr, how many new articles have no publication date."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from everyside.cli import app
from tests.ingest import samples

runner = CliRunner()


def _records(tmp_path: Path, urls: list[str | None]) -> Path:
    path = tmp_path / "articles.jsonl"
    lines = []
    for number, url in enumerate(urls):
        # Different words per record: no record is a near-copy of another.
        text = f"Record {number} of the batch. " + " ".join(samples.PARAGRAPHS[number % 2 :])
        lines.append(json.dumps({"title": f"Story {number}", "text": text, "url": url}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_json_counts_undated_and_the_note_goes_to_stderr_once(tmp_path: Path) -> None:
    path = _records(
        tmp_path,
        ["https://n.example/2024/06/18/a", "https://n.example/article/48517440", None],
    )
    db = str(tmp_path / "x.db")
    result = runner.invoke(app, ["--db", db, "ingest", str(path), "--no-near-duplicates", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["counts"]["added"] == 3 and report["undated"] == 2
    notes = [line for line in result.stderr.splitlines() if line.startswith("note:")]
    assert len(notes) == 1
    assert notes[0].startswith("note: 2 of 3 new articles have no publication date")


def test_no_note_when_every_article_is_dated(tmp_path: Path) -> None:
    path = _records(tmp_path, ["https://n.example/2024/06/18/a", "https://n.example/20240619/b"])
    db = str(tmp_path / "x.db")
    result = runner.invoke(app, ["--db", db, "ingest", str(path), "--no-near-duplicates"])
    assert result.exit_code == 0, result.output
    assert "no publication date" not in result.stderr
    # Ingesting the same file again stores nothing new, so there is nothing to warn about.
    again = runner.invoke(app, ["--db", db, "ingest", str(path), "--json"])
    assert json.loads(again.stdout)["undated"] == 0
