"""CLI fixtures: a demo store, built once per session by `everyside demo`."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from everyside.cli import app
from tests.conftest import REPO


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`everyside demo` run once into a temporary store, as `make demo` does."""
    folder = tmp_path_factory.mktemp("demo")
    db = folder / "everyside.db"
    result = CliRunner().invoke(
        app,
        [
            "--db",
            str(db),
            "demo",
            "--corpus",
            str(REPO / "examples" / "corpus"),
            "--output",
            str(folder / "everyside-demo"),
        ],
    )
    assert result.exit_code == 0, result.output
    # One self-contained file to copy: the demo's store may still be open in this process,
    # its last writes in the write-ahead log beside it.
    whole = folder / "demo.db"
    with sqlite3.connect(db) as source, sqlite3.connect(whole) as copy:
        source.backup(copy)
    return whole
