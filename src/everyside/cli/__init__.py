"""The ``everyside`` command: a thin Typer layer over the library.

The top layer: it may import anything below it (the jobs, the stages' records and
options, the store, the reports, ``evaluate`` for the ``eval`` command group), and
nothing imports it. ``app`` is the entry point; each module here holds one group of
commands, added to ``app`` in the order ``everyside --help`` lists them.
"""

from __future__ import annotations

from typing import Annotated

import typer

from everyside import __version__
from everyside.cli import (
    analyze,
    articles,
    compare,
    demo,
    events,
    ingest,
    serve,
    stories,
    watch,
)
from everyside.cli.db import db_app
from everyside.evaluate.cli import eval_app
from everyside.store.db import DB_ENV

app = typer.Typer(
    help="Read one news event through every outlet that covered it.",
    rich_markup_mode="rich",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"everyside {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar=DB_ENV,
            help="SQLite file or database URL. Default: ./everyside.db",
            show_envvar=True,
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Read one news event through every outlet that covered it."""
    ctx.obj = db


# Added without a name, each module's commands join the top level in this order.
for _group in (ingest, articles, demo, analyze, stories, compare, serve, events, watch):
    app.add_typer(_group.commands)
app.add_typer(eval_app, name="eval")
app.add_typer(db_app, name="db")
