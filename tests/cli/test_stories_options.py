"""``everyside stories``: coverage first, single-article stories hidden, sort and filters;
one headline per story in ``story`` and ``compare`` (issue 21)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from everyside.cli import app
from everyside.store.db import open_store
from tests.store.coverage_world import HEADLINES, build_world

runner = CliRunner()


@pytest.fixture(scope="module")
def world_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store of four stories whose coverage orders are known (coverage_world)."""
    db = str(tmp_path_factory.mktemp("world") / "world.db")
    store = open_store(db)
    try:
        build_world(store)
    finally:
        store.close()
    return db


def _ids(db: str, *options: str) -> list[str]:
    result = runner.invoke(app, ["--db", db, "stories", *options, "--json"])
    assert result.exit_code == 0, result.output
    return [story["id"] for story in json.loads(result.stdout)]


def test_default_is_coverage_first_without_single_article_stories(world_db: str) -> None:
    assert _ids(world_db) == ["story-fresh", "story-wide", "story-undated"]
    assert _ids(world_db, "--sort", "coverage", "--min-size", "2") == _ids(world_db)


def test_each_order_and_single_article_stories_when_asked(world_db: str) -> None:
    assert _ids(world_db, "--min-size", "1") == [
        "story-fresh",
        "story-wide",
        "story-single",
        "story-undated",
    ]
    assert _ids(world_db, "--sort", "recent", "--min-size", "1") == [
        "story-single",
        "story-fresh",
        "story-wide",
        "story-undated",
    ]
    assert _ids(world_db, "--sort", "widest") == ["story-wide", "story-undated", "story-fresh"]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--min-outlets", "3"], ["story-wide"]),
        (["--min-languages", "2"], ["story-wide"]),
        (["--lang", "en", "--lang", "de"], ["story-wide"]),
        (["--lang", "en"], ["story-fresh", "story-wide", "story-undated"]),
        (["--group", "deu"], ["story-wide", "story-undated"]),
        (["--entity", "Kyiv"], ["story-wide"]),
        (["--outlet", "Harbour Post"], ["story-fresh"]),
        (["--since", "2024-06-12"], ["story-fresh"]),
        (["--since", "2024-06-12", "--min-size", "1"], ["story-fresh", "story-single"]),
        (["--until", "2024-06-12"], ["story-wide"]),
    ],
)
def test_filters(world_db: str, options: list[str], expected: list[str]) -> None:
    assert _ids(world_db, *options) == expected


def test_json_carries_the_coverage_and_blindspot(world_db: str) -> None:
    result = runner.invoke(app, ["--db", world_db, "stories", "--sort", "widest", "--json"])
    wide = json.loads(result.stdout)[0]
    assert wide["coverage"] == {
        "score": 7.0,
        "outlets": 3,
        "languages": 3,
        "countries": [
            {"country": "GBR", "outlets": ["Thames Courier"]},
            {"country": "DEU", "outlets": ["Elbe Zeitung"]},
            {"country": "UKR", "outlets": ["Dnipro Visnyk"]},
        ],
        "blindspot": [],
    }
    detail = json.loads(runner.invoke(app, ["--db", world_db, "story", "undated", "--json"]).stdout)
    # GBR and DEU of the store's three countries: UKR is the blindspot.
    assert detail["coverage"]["blindspot"] == ["UKR"]


def test_table_shows_coverage_and_the_page(world_db: str) -> None:
    result = runner.invoke(app, ["--db", world_db, "stories"], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert "Stories (1-3 of 3)" in result.stdout
    assert "GBR 1 · DEU 1 · UKR 1 | en,de,uk" in result.stdout
    assert HEADLINES["story-single"] not in result.stdout


def test_a_bad_option_is_a_usage_error(world_db: str) -> None:
    for options in (["--sort", "best"], ["--min-outlets", "0"], ["--since", "June"]):
        result = runner.invoke(app, ["--db", world_db, "stories", *options])
        assert result.exit_code == 2, (options, result.output)


def test_story_and_compare_show_the_same_headline(world_db: str, tmp_path: Path) -> None:
    story = json.loads(runner.invoke(app, ["--db", world_db, "story", "wide", "--json"]).stdout)
    compared = runner.invoke(app, ["--db", world_db, "compare", "wide", "-f", "json"])
    assert compared.exit_code == 0, compared.output
    # The story's headline is its summary's, not the first article's title.
    assert story["headline"] == HEADLINES["story-wide"] != story["articles"][0]["title"]
    assert json.loads(compared.stdout)["headline"] == story["headline"]
    markdown = runner.invoke(app, ["--db", world_db, "compare", "wide", "-f", "md"]).stdout
    assert markdown.startswith(f"# {HEADLINES['story-wide']}\n")
    page = tmp_path / "wide.html"
    runner.invoke(app, ["--db", world_db, "compare", "wide", "-f", "html", "-o", str(page)])
    assert f"<title>{HEADLINES['story-wide']}" in page.read_text(encoding="utf-8")
