"""``everyside watch``: poll feeds and process what is new until stopped."""

from __future__ import annotations

import logging
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.text import Text

from everyside.cli.output import (
    JsonFlag,
    cli_store,
    err_console,
    print_json,
    print_result,
    printable,
)
from everyside.escaping import MAX_MESSAGE_CHARS

if TYPE_CHECKING:
    from everyside.store.watch import Alert

commands = typer.Typer()


@commands.command(
    "watch",
    epilog="Examples:\n\n  everyside watch examples/watch.toml\n\n"
    "  everyside watch watch.toml --once\n\n  everyside watch watch.toml --status",
)
def watch_command(
    ctx: typer.Context,
    config: Annotated[Path, typer.Argument(help="The watch configuration (TOML).")],
    once: Annotated[bool, typer.Option("--once", help="Poll the due feeds once and exit.")] = False,
    status: Annotated[
        bool, typer.Option("--status", help="Show each feed's health and exit.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Watch feeds: ingest new items, analyze, cluster and raise alerts until stopped."""
    # Imported here: only this long-running command needs them.
    import signal
    import threading

    from everyside.watch import CycleReport, WatchConfigError, Watcher, feed_status, load_config
    from everyside.watch.deliver import TerminalChannel
    from everyside.watch.heartbeat import cycle_line, startup_line, summary_line
    from everyside.watch.status import shown_state, status_table

    try:
        watch_config = load_config(config)
    except WatchConfigError as error:
        raise typer.BadParameter(str(error), param_hint="CONFIG") from None
    store = cli_store(ctx)
    if status:
        states = feed_status(store, watch_config)
        print_result(
            as_json, lambda: [shown_state(state) for state in states], lambda: status_table(states)
        )
        return
    if as_json:
        # Standard output carries the JSON alone: terminal alerts go to standard error.
        watch_config = replace(
            watch_config,
            channels=tuple(
                TerminalChannel(console=err_console) if isinstance(c, TerminalChannel) else c
                for c in watch_config.channels
            ),
        )
    _log_to_stderr()
    say(startup_line(watch_config, once=once))

    def heartbeat(cycle: CycleReport, next_poll: float | None) -> None:
        say(cycle_line(cycle, at=datetime.now().astimezone(), next_poll=next_poll))

    stop = threading.Event()

    def request_stop(signum: int, _frame: object) -> None:
        # The fetches in flight notice within a fraction of a second (watch.fetch); a
        # second signal gets the default handling, in case something still blocks.
        stop.set()
        signal.signal(signum, previous.get(signal.Signals(signum)) or signal.SIG_DFL)

    previous = {signum: signal.getsignal(signum) for signum in (signal.SIGTERM, signal.SIGINT)}
    for signum in previous:
        signal.signal(signum, request_stop)
    watcher = Watcher(store, watch_config, stop=stop, on_cycle=heartbeat)
    try:
        report = watcher.run_once() if once else watcher.run()
    finally:
        watcher.close()
        for signum, handler in previous.items():
            signal.signal(signum, handler or signal.SIG_DFL)
    if as_json:
        print_json(
            {
                "summary": summary_line(report),
                "polled": report.polled + report.failed,
                "not_modified": report.not_modified,
                "failed": report.failed,
                "added": report.added,
                "duplicates": report.duplicates,
                "alerts": report.alerts,
                "errors": report.errors,
                "raised": [_shown_alert(alert) for alert in report.raised],
            }
        )
    elif not once:  # --once said it all in its one cycle line
        say(f"Stopped: {summary_line(report)}.")


def say(line: str) -> None:
    """Print a status line on standard error, never wrapped off a terminal, never markup."""
    err_console.print(Text(line), highlight=False, soft_wrap=not err_console.is_terminal)


def _shown_alert(alert: Alert) -> dict[str, Any]:
    """An alert raised by this run, as ``--json`` lists it (the latest 20 at most)."""
    return {
        key: alert.as_dict()[key] for key in ("id", "rule", "kind", "title", "text", "story_id")
    }


class _Printable(logging.Filter):
    """Shows control characters in log messages as escapes: they quote feeds and errors."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message as one printable line; never drop it."""
        record.msg, record.args = printable(record.getMessage(), MAX_MESSAGE_CHARS), None
        return True


def _log_to_stderr() -> None:
    """Send the watcher's log to standard error: Rich on a terminal, plain lines elsewhere."""
    from rich.logging import RichHandler

    handler: logging.Handler
    if err_console.is_terminal:
        handler = RichHandler(console=err_console, show_path=False)
    else:
        # A log file gets whole lines with their time, never wrapped at 80 columns.
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(message)s", datefmt="%H:%M:%S")
        )
    handler.addFilter(_Printable())
    logging.basicConfig(level=logging.INFO, format="%(message)s", handlers=[handler])
    # The watcher logs what matters per feed; one line per HTTP request would drown it.
    logging.getLogger("httpx").setLevel(logging.WARNING)
