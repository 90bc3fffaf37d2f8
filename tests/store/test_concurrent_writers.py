"""Several `everyside ingest` processes on one store (PostgreSQL or SQLite) lose nothing."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from everyside.store import dialects
from everyside.store.db import DB_ENV, Store, StoreBusy

EVERYSIDE = Path(sys.executable).parent / "everyside"
WORDS = [
    *("harbour", "ferry", "council", "strike", "minister", "budget", "storm", "pier"),
    *("election", "court", "river", "bridge", "school", "hospital", "airport", "border"),
    *("treaty", "summit", "market", "harvest", "drought", "flood", "festival"),
]


def _write_articles(folder: Path, count: int) -> list[Path]:
    """Articles whose texts share no long runs of words, so none is a near-copy."""
    folder.mkdir()
    pick = random.Random(9)
    paths = []
    for number in range(count):
        body = " ".join(pick.choice(WORDS) for _ in range(60))
        path = folder / f"article-{number:03}.txt"
        path.write_text(f"Report number {number}\n\nNumber {number}: {body}.\n", encoding="utf-8")
        paths.append(path)
    return paths


def test_three_ingests_at_once_store_each_article_once(tmp_path: Path, postgres_url: str) -> None:
    _race(tmp_path, postgres_url)


def test_three_ingests_at_once_on_one_sqlite_file(tmp_path: Path) -> None:
    # SQLite has one writer at a time: the others wait their turn (BEGIN IMMEDIATE and
    # the busy timeout), instead of reading, losing the race and failing on the insert.
    _race(tmp_path, f"sqlite:///{tmp_path / 'shared.db'}")


def _race(tmp_path: Path, url: str) -> None:
    """Start three ingests of overlapping inputs together; check that each article is kept once."""
    articles = _write_articles(tmp_path / "articles", 60)
    # The same texts under other names: each process records these as exact copies.
    copies = tmp_path / "copies"
    copies.mkdir()
    for path in articles[::6]:
        (copies / f"copy-of-{path.name}").write_bytes(path.read_bytes())
    inputs = [
        [str(p) for p in articles[:40]] + [str(copies)],
        [str(p) for p in articles[20:]] + [str(copies)],
        [str(p) for p in articles[::-1]],
    ]
    # Started together on a new database: they also race to create the schema.
    processes = [
        subprocess.Popen(
            [str(EVERYSIDE), "ingest", *paths, "--outlet", "Wren Courier", "--json"],
            env={"PATH": "/usr/bin:/bin", DB_ENV: url},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for paths in inputs
    ]
    added = 0
    for process in processes:
        stdout, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr[-2000:]
        report = json.loads(stdout)
        assert report["counts"].get("failed", 0) == 0, [
            e["message"] for e in report["events"] if e["outcome"] == "failed"
        ][:3]
        added += report["counts"]["added"]
    assert added == len(articles)
    engine = create_engine(url)
    with engine.connect() as connection:
        count = {
            table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar()
            for table in ("articles", "article_sources", "articles_fts", "outlets")
        }
        kept = connection.execute(
            text("SELECT count(DISTINCT content_hash) FROM articles")
        ).scalar()
    engine.dispose()
    sources = len(articles) + len(list(copies.iterdir()))
    assert count == {"articles": 60, "article_sources": sources, "articles_fts": 60, "outlets": 1}
    assert kept == 60


def test_a_sqlite_writer_that_waits_too_long_is_refused_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dialects, "SQLITE_BUSY_TIMEOUT_MS", 200)
    first, second = (Store(f"sqlite:///{tmp_path / 'shared.db'}") for _ in range(2))
    try:
        # The first writer holds the lock from its start, before writing anything.
        with first.transaction(), pytest.raises(StoreBusy) as refused, second.transaction():
            pass
        assert "\n" not in str(refused.value)
        assert "is busy" in str(refused.value)
        with second.transaction() as session:  # its turn comes once the first has ended
            session.execute(text("SELECT 1"))
    finally:
        first.close()
        second.close()
