"""Coded events: ``events`` (with the GDELT export) and the actor ``network``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from everyside.cli.output import (
    JsonFlag,
    cli_store,
    console,
    date_option,
    err_console,
    print_result,
)
from everyside.counting import counted
from everyside.jobs import gdelt_export, real_world_events, unanalyzed, write_network
from everyside.report import json as json_report
from everyside.report import terminal
from everyside.store.db import Store
from everyside.store.events import EventFilter

commands = typer.Typer()


def note_unanalyzed(store: Store) -> None:
    """Say in one line when some stored articles are not analyzed: their events are missing."""
    pending = len(unanalyzed(store))
    if pending:
        err_console.print(
            f"note: {counted(pending, 'article')} not analyzed yet, so not in these events; "
            "run `everyside analyze` (or `everyside cluster`) first."
        )


def _event_filter(actor: str | None, since: str | None, code: str | None) -> EventFilter:
    moment = date_option(since)
    return EventFilter(actor=actor, since=moment.date() if moment else None, code=code)


EventActor = Annotated[
    str | None, typer.Option(help="Actor code or its start: RUS matches RUSGOV and RUSMIL.")
]
EventSince = Annotated[str | None, typer.Option(help="Events on or after this date (YYYY-MM-DD).")]
EventCode = Annotated[
    str | None, typer.Option(help="CAMEO code or its start: 04 is every consultation.")
]


@commands.command(
    "events",
    epilog="Examples:\n\n  everyside events --actor RUS\n\n"
    "  everyside events --since 2024-06-01 --code 05 --json\n\n"
    "  everyside events --gdelt events.tsv",
)
def events_command(
    ctx: typer.Context,
    actor: EventActor = None,
    since: EventSince = None,
    code: EventCode = None,
    gdelt: Annotated[
        Path | None, typer.Option(help="Also write the events in GDELT 2.0 columns to this file.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """List who did what to whom: coded events, each merged from every report of it."""
    store = cli_store(ctx)
    note_unanalyzed(store)
    found = real_world_events(store, _event_filter(actor, since, code))
    if gdelt is not None:
        gdelt.write_text(gdelt_export(store, found), encoding="utf-8")
        err_console.print(f"Wrote [bold]{gdelt}[/bold]")
    print_result(
        as_json,
        lambda: [json_report.real_world_event(event) for event in found],
        lambda: terminal.events_table(found),
    )


@commands.command(
    "network",
    epilog="Examples:\n\n  everyside network -o network/\n\n"
    "  everyside network --actor RUS --window-days 30 --top 20 -o russia/",
)
def network_command(
    ctx: typer.Context,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Folder for network.graphml, .json and .svg.")
    ] = Path("."),
    window_days: Annotated[
        int, typer.Option(min=1, help="Length of each time window of the graph, in days.")
    ] = 7,
    top: Annotated[int, typer.Option(min=2, help="Actors shown in the picture.")] = 15,
    actor: EventActor = None,
    since: EventSince = None,
    code: EventCode = None,
    fold_government: Annotated[
        bool,
        typer.Option(
            "--fold-government",
            help="Draw government actors and sub-actors (RUSGOV, GBRGOVMIL) as their country.",
        ),
    ] = False,
) -> None:
    """Write the actor network (event counts and mean Goldstein per time window) and its picture."""
    store = cli_store(ctx)
    note_unanalyzed(store)
    found = real_world_events(store, _event_filter(actor, since, code))
    files = write_network(
        found, output, window_days=window_days, top=top, store=store, fold=fold_government
    )
    console.print(
        f"{len(found)} events → [bold]{files.graphml}[/bold], [bold]{files.json}[/bold], "
        f"[bold]{files.svg}[/bold]"
    )
