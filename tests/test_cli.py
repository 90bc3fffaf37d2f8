"""The command line: help everywhere, JSON shapes, exit codes, the demo."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from everyside.cli import app

runner = CliRunner()
COMMANDS = sorted(get_command(app).commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_examples(name: str) -> None:
    result = runner.invoke(app, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("everyside ")


# Runs commands in a fresh interpreter and prints whether any evaluation module was loaded.
EVALUATE_LOADED = """
import sys
from typer.testing import CliRunner
from everyside.cli import app
result = CliRunner().invoke(app, sys.argv[1:])
assert result.exit_code == 0, result.output
print(any(name.startswith("everyside.evaluate") for name in sys.modules))
"""


@pytest.mark.parametrize(
    ("args", "loaded"),
    [(["--help"], False), (["stories", "--json"], False), (["eval", "--help"], True)],
)
def test_only_the_eval_commands_load_the_evaluation_code(
    tmp_path: Path, args: list[str], loaded: bool
) -> None:
    command = [sys.executable, "-c", EVALUATE_LOADED, "--db", str(tmp_path / "x.db"), *args]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[-1] == str(loaded)


@pytest.fixture
def db(tmp_path: Path, seeds: Path) -> str:
    """A store holding the two seed articles."""
    path = str(tmp_path / "cli.db")
    result = runner.invoke(app, ["--db", path, "ingest", str(seeds)])
    assert result.exit_code == 0, result.output
    return path


def test_ingest_json_report(tmp_path: Path, seeds: Path) -> None:
    result = runner.invoke(app, ["--db", str(tmp_path / "x.db"), "ingest", str(seeds), "--json"])
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["files"] == 2 and report["counts"]["added"] == 2
    assert set(report["events"][0]) == {
        "locator",
        "outcome",
        "article_id",
        "title",
        "duplicate_of",
        "similarity",
        "message",
    }


def test_articles_json_shape(db: str) -> None:
    result = runner.invoke(app, ["--db", db, "articles", "--json"])
    items = json.loads(result.stdout)
    assert len(items) == 2
    assert set(items[0]) == {
        "id",
        "title",
        "outlet",
        "url",
        "place",
        "published_at",
        "language",
        "duplicate_of",
        "duplicate_kind",
    }
    filtered = json.loads(
        runner.invoke(app, ["--db", db, "articles", "--outlet", "unn", "--json"]).stdout
    )
    assert [a["outlet"] for a in filtered] == ["UNN"]


def test_show_json_has_body_boilerplate_and_sources(db: str) -> None:
    items = json.loads(runner.invoke(app, ["--db", db, "articles", "--json"]).stdout)
    kyiv = next(a for a in items if a["outlet"] == "UNN")
    result = runner.invoke(app, ["--db", db, "show", kyiv["id"][:8], "--json"])
    detail = json.loads(result.stdout)
    assert detail["view_count"] == 113463
    assert detail["paragraphs"][0].startswith("NATO Secretary General Jens Stoltenberg")
    assert {"kind": "section_label", "text": "Details"} in detail["boilerplate"]
    assert detail["sources"][0]["format"] == "text"


def test_show_unknown_id_is_one_clear_error(db: str) -> None:
    result = runner.invoke(app, ["--db", db, "show", "deadbeef"])
    assert result.exit_code == 2
    assert "no article with id 'deadbeef'" in result.output


def test_search_json(db: str) -> None:
    hits = json.loads(runner.invoke(app, ["--db", db, "search", "ammunition", "--json"]).stdout)
    assert len(hits) == 2 and all("[ammunition]" in hit["snippet"] for hit in hits)


def test_tables_render(db: str) -> None:
    first = json.loads(runner.invoke(app, ["--db", db, "articles", "--json"]).stdout)[0]
    for args in (["articles"], ["search", "Kim"], ["show", first["id"]]):
        result = runner.invoke(app, ["--db", db, *args])
        assert result.exit_code == 0, result.output
        assert first["title"][:20] in result.output


def test_bad_option_values_are_refused(tmp_path: Path, seeds: Path) -> None:
    db = str(tmp_path / "x.db")
    assert runner.invoke(app, ["--db", db, "ingest", str(seeds), "--format", "pdf"]).exit_code == 2
    assert runner.invoke(app, ["--db", db, "ingest", str(seeds), "--field", "text"]).exit_code == 2
    assert runner.invoke(app, ["--db", db, "articles", "--since", "yesterday"]).exit_code == 2


@pytest.fixture
def analyzed_db(db: str) -> str:
    """The seed store after `everyside analyze`."""
    result = runner.invoke(app, ["--db", db, "analyze"])
    assert result.exit_code == 0, result.output
    assert "Analyzed 2 articles" in result.output
    return db


def test_analyze_is_incremental(analyzed_db: str) -> None:
    again = runner.invoke(app, ["--db", analyzed_db, "analyze"])
    assert again.exit_code == 0 and "Analyzed 0 articles" in again.output


def test_quotes_by_speaker_json(analyzed_db: str) -> None:
    result = runner.invoke(app, ["--db", analyzed_db, "quotes", "--speaker", "Ushakov", "--json"])
    quotes = json.loads(result.stdout)
    assert quotes and all(q["speaker"] == "Yury Ushakov" for q in quotes)
    assert set(quotes[0]) == {
        "article_id",
        "text",
        "kind",
        "span",
        "speaker",
        "speaker_entity_id",
        "speaker_text",
        "speaker_span",
        "cue",
        "medium",
    }


def test_entities_json(analyzed_db: str) -> None:
    result = runner.invoke(app, ["--db", analyzed_db, "entities", "--kind", "PERSON", "--json"])
    people = {e["id"]: e for e in json.loads(result.stdout)}
    assert people["person:jens-stoltenberg"]["articles"] == 2
    assert people["person:vladimir-putin"]["country"] == "RUS"


def test_show_json_carries_the_analysis(analyzed_db: str) -> None:
    items = json.loads(runner.invoke(app, ["--db", analyzed_db, "articles", "--json"]).stdout)
    kyiv = next(a for a in items if a["outlet"] == "UNN")
    detail = json.loads(
        runner.invoke(app, ["--db", analyzed_db, "show", kyiv["id"], "--json"]).stdout
    )
    analysis = detail["analysis"]
    body = "\n\n".join(detail["paragraphs"])
    for mention in analysis["mentions"]:
        start, end = mention["span"]
        assert body[start:end] == mention["text"]
    numbers = {n["text"]: n for n in analysis["numbers"]}
    assert numbers["1.76%"]["time"] == "2030-01-01"
    assert {"mentions", "quotes", "numbers", "dates"} == set(analysis)


def test_quotes_for_an_unknown_article_is_one_clear_error(analyzed_db: str) -> None:
    result = runner.invoke(app, ["--db", analyzed_db, "quotes", "--article", "deadbeef"])
    assert result.exit_code == 2 and "no article with id 'deadbeef'" in result.output


def test_ingest_reads_standard_input(tmp_path: Path) -> None:
    text = (
        "Ferry crews end strike\n\nPort Wren  •  Wren Courier\n\n"
        "Ferry crews in Port Wren ended a two-day strike on Tuesday after the operator agreed "
        "to review rest rules, the union said.\n\nServices will run normally from Wednesday."
    )
    db = str(tmp_path / "stdin.db")
    result = runner.invoke(app, ["--db", db, "ingest", "-", "--format", "text"], input=text)
    assert result.exit_code == 0, result.output
    items = json.loads(runner.invoke(app, ["--db", db, "articles", "--json"]).stdout)
    assert [(a["title"], a["outlet"], a["place"]) for a in items] == [
        ("Ferry crews end strike", "Wren Courier", "Port Wren")
    ]


def test_cluster_puts_the_two_seed_articles_in_one_story(analyzed_db: str) -> None:
    result = runner.invoke(app, ["--db", analyzed_db, "cluster"])
    assert result.exit_code == 0, result.output
    found = json.loads(runner.invoke(app, ["--db", analyzed_db, "stories", "--json"]).stdout)
    assert len(found) == 1 and found[0]["size"] == 2
    assert set(found[0]["languages"]) == {"en"}
    story = json.loads(
        runner.invoke(app, ["--db", analyzed_db, "story", found[0]["id"][6:16], "--json"]).stdout
    )
    assert len(story["articles"]) == 2
    again = runner.invoke(app, ["--db", analyzed_db, "cluster"])
    assert "Clustered 0 articles" in again.output


def test_cluster_right_after_ingest_analyzes_first(db: str) -> None:
    # A new user's first try: ingest, then cluster, with no analyze in between.
    result = runner.invoke(app, ["--db", db, "cluster"])
    assert result.exit_code == 0, result.output
    assert "Analyzed 2 articles" in result.output and "Clustered 2 articles" in result.output
    found = json.loads(runner.invoke(app, ["--db", db, "stories", "--json"]).stdout)
    assert [story["size"] for story in found] == [2]
    again = runner.invoke(app, ["--db", db, "cluster"])
    assert "Analyzed" not in again.output and "Clustered 0 articles" in again.output


def test_unknown_story_is_one_clear_error(analyzed_db: str) -> None:
    result = runner.invoke(app, ["--db", analyzed_db, "story", "nope"])
    assert result.exit_code == 2 and "no story with id" in result.output


def test_ingest_can_cluster_on_arrival(tmp_path: Path, seeds: Path) -> None:
    db = str(tmp_path / "arrival.db")
    # Two processes: the analysis and the clustering features run in worker processes.
    result = runner.invoke(app, ["--db", db, "ingest", str(seeds), "--cluster", "--processes", "2"])
    assert result.exit_code == 0, result.output
    assert "Clustered 2 articles" in result.output
    found = json.loads(runner.invoke(app, ["--db", db, "stories", "--json"]).stdout)
    assert [story["size"] for story in found] == [2]


def test_compare_files_without_a_store(tmp_path: Path, seeds: Path) -> None:
    markdown = runner.invoke(app, ["compare", str(seeds), "--format", "md"])
    assert markdown.exit_code == 0, markdown.output
    assert (
        "## Quote variants" in markdown.stdout and "a ~~huge~~ **large** amount" in markdown.stdout
    )
    data = json.loads(runner.invoke(app, ["compare", str(seeds), "-f", "json"]).stdout)
    assert data["schema"] == "everyside.comparison" and len(data["outlets"]) == 2
    page = tmp_path / "seeds.html"
    result = runner.invoke(app, ["compare", str(seeds), "-f", "html", "-o", str(page)])
    assert result.exit_code == 0, result.output
    assert page.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert not (tmp_path / "everyside.db").exists()


def test_compare_a_stored_story(analyzed_db: str) -> None:
    runner.invoke(app, ["--db", analyzed_db, "cluster"])
    story = json.loads(runner.invoke(app, ["--db", analyzed_db, "stories", "--json"]).stdout)[0]
    result = runner.invoke(app, ["--db", analyzed_db, "compare", story["id"][6:14]])
    assert result.exit_code == 0, result.output
    assert "What most outlets report" in result.output
    missing = runner.invoke(app, ["--db", analyzed_db, "compare", "nope"])
    assert missing.exit_code == 2 and "no story with id" in missing.output


def test_events_and_network(analyzed_db: str, tmp_path: Path) -> None:
    found = json.loads(runner.invoke(app, ["--db", analyzed_db, "events", "--json"]).stdout)
    signing = [e for e in found if e["cameo_code"] == "057"]
    assert {(e["source_actor"], e["target_actor"]) for e in signing} >= {("RUSGOV", "PRKGOV")}
    gdelt = tmp_path / "events.tsv"
    result = runner.invoke(
        app, ["--db", analyzed_db, "events", "--actor", "RUS", "--gdelt", str(gdelt)]
    )
    assert result.exit_code == 0, result.output
    assert gdelt.read_text(encoding="utf-8").startswith("GLOBALEVENTID\tSQLDATE")
    result = runner.invoke(app, ["--db", analyzed_db, "network", "-o", str(tmp_path / "net")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "net" / "network.svg").read_text(encoding="utf-8").startswith("<svg")
    assert (tmp_path / "net" / "network.graphml").is_file()


PIER = (
    "Pier closes for the summer\n\nThe harbour board closed the old pier on Monday for repairs.\n"
)


def test_compare_with_an_unreadable_file_fails_with_one_line_each(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(PIER, encoding="utf-8")
    missing = tmp_path / "gone\x1b[31m.txt"
    result = runner.invoke(app, ["compare", str(good), str(missing), "-f", "json"])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2 and lines[0].startswith("error: ") and "gone\\x1b[31m.txt" in lines[0]
    assert "--keep-going" in lines[1] and "\x1b" not in result.stderr
    assert result.stdout == ""


def test_compare_keep_going_says_one_article_is_nothing_to_compare(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(PIER + "\nSource: Harbour Gazette\n", encoding="utf-8")
    args = ["compare", str(good), str(tmp_path / "gone.txt"), "--keep-going", "-f", "json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stderr.count("gone.txt") == 1 and result.stderr.startswith("warning: ")
    assert "nothing to compare: the story has one article" in result.stderr
    data = json.loads(result.stdout)
    assert data["outlets"] == ["Harbour Gazette"]
    assert data["notice"] == "nothing to compare: the story has one article"


def test_compare_names_outlets_from_the_articles_not_the_files(tmp_path: Path) -> None:
    first, second = tmp_path / "001_a9.txt", tmp_path / "002_b7.txt"
    first.write_text(
        "Pier closes\n\n(Coastwire) - The harbour board closed the old pier on Monday.\n",
        encoding="utf-8",
    )
    second.write_text(
        "Old pier shut\n\nThe old pier was shut on Monday, the harbour board said.\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["compare", str(first), str(second), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert set(json.loads(result.stdout)["outlets"]) == {"Coastwire", "outlet 2"}
    named = runner.invoke(
        app, ["compare", str(first), str(second), "--outlet", "Isle Post", "-f", "json"]
    )
    assert set(json.loads(named.stdout)["outlets"]) == {"Coastwire", "Isle Post"}


def test_events_say_when_articles_are_not_analyzed_yet(db: str) -> None:
    result = runner.invoke(app, ["--db", db, "events", "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    assert "2 articles not analyzed yet" in result.stderr
    runner.invoke(app, ["--db", db, "analyze"])
    assert "not analyzed" not in runner.invoke(app, ["--db", db, "events"]).stderr
