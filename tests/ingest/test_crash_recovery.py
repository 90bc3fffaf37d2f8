"""An ingest killed half-way keeps every article it committed, and a rerun completes the batch."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

EVERYSIDE = Path(sys.executable).parent / "everyside"
# Kill once this share of the batch is committed: half-way, with work done and work to do.
KILL_AFTER = 0.5
# Upper bounds on every wait, so a stuck child fails the test instead of hanging it.
FIRST_RUN_TIMEOUT = 60.0
RUN_TIMEOUT = 120.0
POLL_SECONDS = 0.01

PLACES = ["Port Wren", "Elmford", "Skerry Point", "Lower Vale", "Hollin Bay", "Marsh End"]
SUBJECTS = [
    "the harbour board",
    "the county council",
    "the ferry operator",
    "the teachers' union",
    "the regional water company",
    "the hospital trust",
    "the chamber of commerce",
    "local farmers",
]
ACTIONS = [
    "approved a plan to",
    "voted against a proposal to",
    "announced it would",
    "asked the government to",
    "postponed a decision to",
    "agreed in principle to",
]
OBJECTS = [
    "repair the sea wall",
    "close two rural bus routes",
    "build a new primary school",
    "raise parking fees in the centre",
    "extend library opening hours",
    "replace the old swing bridge",
    "hire more night-shift nurses",
    "move the Saturday market",
]
DETAILS = [
    "The cost was put at {n} million, to be shared with the regional government.",
    "Work is due to start in {month} and should take about {n} weeks.",
    "About {n} residents attended the meeting, and several asked for a public vote.",
    "A spokeswoman said the decision followed {n} months of consultation.",
    "Opposition members said the plan left {n} households without a clear answer.",
    "The vote passed by {n} votes to {m}, after a debate that ran past midnight.",
]
MONTHS = ["March", "April", "May", "June", "September", "October"]


def write_articles(folder: Path, count: int) -> None:
    """Write ``count`` short, distinct news articles as text files."""
    rng = random.Random(count)
    folder.mkdir(parents=True)
    for number in range(count):
        place, subject = rng.choice(PLACES), rng.choice(SUBJECTS)
        action, thing = rng.choice(ACTIONS), rng.choice(OBJECTS)
        details = [
            detail.format(n=rng.randint(2, 900), m=rng.randint(1, 9), month=rng.choice(MONTHS))
            for detail in rng.sample(DETAILS, 3)
        ]
        # The serial number makes every body distinct, so none is an exact copy.
        (folder / f"story-{number:05d}.txt").write_text(
            f"{place}: {subject} {action} {thing}\n\n"
            f"In {place}, {subject} {action} {thing} on Monday, report number {number}. "
            f"{details[0]}\n\n{details[1]} {details[2]}\n",
            encoding="utf-8",
        )


def count_committed(db: Path) -> int:
    """Articles committed so far, read without taking any lock the writer needs."""
    if not db.exists():
        return 0
    try:
        connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.5)
    except sqlite3.Error:
        return 0
    try:
        return int(connection.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:  # not migrated yet, or the WAL index is being set up
        return 0
    finally:
        connection.close()


def run_ingest(db: Path, folder: Path, log: Path) -> dict[str, Any]:
    """Ingest ``folder`` to completion and return the JSON report."""
    with log.open("ab") as errors:
        result = subprocess.run(
            [str(EVERYSIDE), "--db", str(db), "ingest", str(folder), "--json"],
            stdout=subprocess.PIPE,
            stderr=errors,
            timeout=RUN_TIMEOUT,
            check=False,
        )
    assert result.returncode == 0, log.read_text(errors="replace")
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def start_and_kill(db: Path, folder: Path, total: int, log: Path) -> int | None:
    """Start an ingest and SIGKILL it mid-batch; the count committed, or None if it finished."""
    with log.open("ab") as errors:
        child = subprocess.Popen(
            [str(EVERYSIDE), "--db", str(db), "ingest", str(folder)],
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
    try:
        deadline = time.monotonic() + FIRST_RUN_TIMEOUT
        while time.monotonic() < deadline and child.poll() is None:
            if count_committed(db) >= max(1, int(total * KILL_AFTER)):
                os.kill(child.pid, signal.SIGKILL)
                break
            time.sleep(POLL_SECONDS)
        else:
            if child.poll() is None:
                pytest.fail(f"no progress in {FIRST_RUN_TIMEOUT:.0f} s: {log.read_text()}")
    finally:
        if child.poll() is None:
            child.kill()
        child.wait(timeout=10)
    if child.returncode != -signal.SIGKILL:
        assert child.returncode == 0, log.read_text(errors="replace")
        return None  # it finished before it could be killed
    committed = count_committed(db)
    return committed if committed < total else None


def check_integrity(db: Path) -> int:
    """Check the store after a crash and return its article count."""
    # A writable connection, so SQLite can recover from the WAL the killed process left.
    connection = sqlite3.connect(db, timeout=10)
    try:

        def one(sql: str) -> Any:
            return connection.execute(sql).fetchone()[0]

        assert one("PRAGMA integrity_check") == "ok"
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        # Raises if the full-text index disagrees with its own content.
        connection.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
        articles = int(one("SELECT count(*) FROM articles"))
        first_sightings = one(
            "SELECT count(*) FROM article_sources s JOIN articles a "
            "ON a.id = s.article_id AND a.source_locator = s.locator"
        )
        assert first_sightings == articles
        assert one("SELECT count(*) FROM article_sources") == articles  # no copies in this batch
        assert one("SELECT count(*) FROM articles_fts") == articles
        assert one("SELECT count(DISTINCT article_id) FROM articles_fts") == articles
        assert one("SELECT count(DISTINCT content_hash) FROM articles") == articles
        return articles
    finally:
        connection.close()


def test_killed_ingest_loses_nothing_and_rerun_completes(tmp_path: Path) -> None:
    if not EVERYSIDE.exists():
        pytest.skip(f"console script not installed at {EVERYSIDE}")
    log = tmp_path / "stderr.log"
    # A fast machine can finish 300 files before the poll sees the first commits; try more.
    for total in (300, 1200):
        folder, db = tmp_path / f"in-{total}", tmp_path / f"store-{total}.db"
        write_articles(folder, total)
        committed = start_and_kill(db, folder, total, log)
        if committed is not None:
            break
    else:
        pytest.skip("every ingest finished before it could be killed; nothing to recover from")

    assert 0 < committed < total
    assert check_integrity(db) == committed

    second = run_ingest(db, folder, log)
    counts = second["counts"]
    assert counts["failed"] == 0 and counts["exact_duplicate"] == 0
    # The files committed before the kill are recognised, the rest are stored once
    # (as new articles, or as near-copies of similar ones: both are stored).
    assert counts["already_stored"] == committed
    assert counts["added"] + counts["near_duplicate"] == total - committed
    assert check_integrity(db) == total

    third = run_ingest(db, folder, log)
    assert third["counts"]["already_stored"] == total
    assert {event["outcome"] for event in third["events"]} == {"already_stored"}
    assert check_integrity(db) == total
