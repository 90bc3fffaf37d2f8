"""``everyside watch`` output (issue 21): a start-up line and a line per cycle on standard
error, JSON alone on standard output with ``--json``, no wrapping off a terminal, and
``--status`` showing the real last error."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

from rich.console import Console
from typer.testing import CliRunner

from everyside.cli import app
from everyside.store.db import open_store
from everyside.store.watch import Alert
from everyside.watch import Watcher
from everyside.watch.config import load_config
from everyside.watch.deliver import TerminalChannel
from tests.conftest import CORPUS
from tests.watch.server import FeedServer, Route, jsonl_items, rss

runner = CliRunner()


def _write_config(folder: Path, server: FeedServer, *, pipeline: bool = True) -> Path:
    path = folder / "watch.toml"
    path.write_text(
        f"""
[watch]
interval = 600
retry = 0.01
max_backoff = 0.05
process_every = 0
pipeline = {"true" if pipeline else "false"}

[fetch]
timeout = 5

[[outlets]]
name = "Meridian Wire"
feeds = ["{server.url("/meridian.xml")}"]

[[outlets]]
name = "Orient Ledger"
feeds = ["{server.url("/orient.xml")}"]

[[rules]]
name = "quake"
kind = "mention"
keywords = ["Hualien"]

[[deliver]]
kind = "terminal"
""",
        encoding="utf-8",
    )
    return path


def _serve(server: FeedServer) -> None:
    meridian = jsonl_items(CORPUS / "jsonl" / "meridian-wire.jsonl")
    orient = jsonl_items(CORPUS / "jsonl" / "orient-ledger.jsonl")
    server.routes["/meridian.xml"] = Route(body=rss("Meridian Wire", meridian[:4]))
    server.routes["/orient.xml"] = Route(body=rss("Orient Ledger", orient))


def test_once_json_is_json_alone_and_alerts_go_to_stderr(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    _serve(feed_server)
    config = _write_config(tmp_path, feed_server)
    db = str(tmp_path / "watch.db")
    result = runner.invoke(app, ["--db", db, "watch", str(config), "--once", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)  # nothing but the JSON on standard output
    assert (data["polled"], data["failed"], data["added"]) == (2, 0, 7)
    assert data["alerts"] == len(data["raised"]) >= 1
    assert {alert["rule"] for alert in data["raised"]} == {"quake"}
    lines = result.stderr.splitlines()
    assert lines[0] == "Polling 2 feeds of 2 outlets; 1 rule (quake); 1 delivery (terminal)."
    cycle = next(line for line in lines if " polled " in line)
    assert "polled 2 feeds: 7 new articles, 0 errors, " in cycle
    assert f"{data['alerts']} alert" in cycle and "; next poll in " in cycle
    # The alert's title is longer than 80 columns and stays on one line.
    title = next(line for line in lines if line.startswith("alert quake: "))
    assert title == f"alert {data['raised'][0]['title']}" and len(title) > 80

    # Again: nothing new; still one cycle line, and no summary repeating it.
    again = runner.invoke(app, ["--db", db, "watch", str(config), "--once"])
    assert again.exit_code == 0, again.output
    assert again.stdout == ""
    assert [line for line in again.stderr.splitlines() if "polled" in line] == [
        again.stderr.splitlines()[-1]
    ]
    assert "polled 0 feeds: 0 new articles, 0 errors, 0 alerts" in again.stderr


def test_terminal_alerts_are_not_wrapped_off_a_terminal() -> None:
    out = io.StringIO()
    console = Console(file=out, width=80, force_terminal=False)
    title = "A headline " + "much longer than eighty columns, " * 4 + "[/bold] \x1b[2J"
    TerminalChannel(console=console).send(
        Alert(key="k", rule="r", kind="mention", title=title, text="x " * 60)
    )
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("alert A headline") and lines[0].endswith("[/bold] \\x1b[2J")


def test_status_shows_the_real_last_error(tmp_path: Path, feed_server: FeedServer) -> None:
    _serve(feed_server)
    config_path = _write_config(tmp_path, feed_server, pipeline=False)
    config = load_config(config_path)
    db = str(tmp_path / "watch.db")
    store = open_store(db)
    feed_server.routes["/orient.xml"] = Route(status=503)
    Watcher(store, config).run_once()
    failing = runner.invoke(app, ["--db", db, "watch", str(config_path), "--status", "--json"])
    states = {state["url"]: state for state in json.loads(failing.stdout)}
    orient = states[feed_server.url("/orient.xml")]
    assert orient["failures"] == 1 and "HTTP 503" in orient["error"]
    meridian = states[feed_server.url("/meridian.xml")]
    assert meridian["error"] is None and meridian["last_error"] is None

    # The feed recovers: its last error stays, told apart by failures == 0.
    _serve(feed_server)
    time.sleep(0.1)  # past the retry delay
    watcher = Watcher(store, config)
    assert watcher.run_once().polled == 1
    watcher.close()
    store.close()
    shown = runner.invoke(app, ["--db", db, "watch", str(config_path), "--status", "--json"])
    orient = {s["url"]: s for s in json.loads(shown.stdout)}[feed_server.url("/orient.xml")]
    assert orient["failures"] == 0 and orient["last_success"] and "HTTP 503" in orient["error"]
    table = runner.invoke(app, ["--db", db, "watch", str(config_path), "--status"])
    assert table.exit_code == 0, table.output
    assert "None" not in table.stdout and "HTTP 503" in table.stdout
