"""``everyside watch``: poll feeds and process what is new until stopped."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from everyside.cli.output import JsonFlag, cli_store, err_console, print_json, print_result

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
    import logging
    import signal
    import threading

    from rich.logging import RichHandler

    from everyside.watch import WatchConfigError, Watcher, feed_status, load_config
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
    logging.basicConfig(
        level=logging.INFO, format="%(message)s", handlers=[RichHandler(console=err_console)]
    )
    # The watcher logs what matters per feed; one line per HTTP request would drown it.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    stop = threading.Event()

    def request_stop(signum: int, _frame: object) -> None:
        # The fetches in flight notice within a fraction of a second (watch.fetch); a
        # second signal gets the default handling, in case something still blocks.
        stop.set()
        signal.signal(signum, previous.get(signal.Signals(signum)) or signal.SIG_DFL)

    previous = {signum: signal.getsignal(signum) for signum in (signal.SIGTERM, signal.SIGINT)}
    for signum in previous:
        signal.signal(signum, request_stop)
    watcher = Watcher(store, watch_config, stop=stop)
    try:
        report = watcher.run_once() if once else watcher.run()
    finally:
        watcher.close()
        for signum, handler in previous.items():
            signal.signal(signum, handler or signal.SIG_DFL)
    summary = (
        f"{report.polled} polls ({report.not_modified} unchanged, {report.failed} failed), "
        f"{report.added} new articles, {report.alerts} alerts"
    )
    if as_json:
        print_json({"summary": summary, "errors": report.errors})
    else:
        err_console.print(summary)
