"""everyside db migrate and everyside db copy, through the command line."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from typer.testing import CliRunner

from everyside.cli import app
from everyside.store.db import Store, alembic_config, head_revision
from tests.store.test_copy import fill, rows

runner = CliRunner()


def _said(output: str) -> str:
    """The output as one line: Rich wraps long paths and URLs."""
    return " ".join(output.split())


def test_migrate_says_from_which_revision_to_which(store_url: str) -> None:
    first = runner.invoke(app, ["--db", store_url, "db", "migrate"])
    assert first.exit_code == 0, first.output
    assert f"schema (empty) → {head_revision()}" in _said(first.output)
    again = runner.invoke(app, ["--db", store_url, "db", "migrate"])
    assert f"already at {head_revision()}" in _said(again.output)


def test_migrate_upgrades_an_older_store(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    store = Store(f"sqlite:///{path}")
    command.downgrade(alembic_config(store.engine), "0003")
    store.close()
    result = runner.invoke(app, ["--db", str(path), "db", "migrate"])
    assert result.exit_code == 0, result.output
    assert f"schema 0003 → {head_revision()}" in _said(result.output)


def test_copy_from_a_sqlite_file_and_again(tmp_path: Path, store_url: str) -> None:
    source_path = tmp_path / "source.db"
    source = Store(f"sqlite:///{source_path}")
    fill(source, articles=3)
    result = runner.invoke(app, ["db", "copy", str(source_path), store_url, "--batch-size", "2"])
    assert result.exit_code == 0, result.output
    total = sum(len(table) for table in rows(source).values())
    assert f"Copied {total} rows" in _said(result.output)
    destination = Store(store_url)
    assert rows(destination) == rows(source)
    again = runner.invoke(app, ["db", "copy", str(source_path), store_url])
    assert "Copied 0 rows" in again.output and f"{total} already there" in " ".join(
        again.output.split()
    )
    source.close()
    destination.close()


def test_copy_from_a_missing_file_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["db", "copy", str(tmp_path / "nothing.db"), str(tmp_path / "x.db")]
    )
    assert result.exit_code == 2
    assert "no SQLite file" in result.output
    assert not (tmp_path / "x.db").exists()
