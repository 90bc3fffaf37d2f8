"""The ``everyside`` command: a thin Typer layer over the library.

The top layer: it may import anything below it (the jobs, the stages' records and
options, the store, the reports, ``evaluate`` for the ``eval`` command group), and
nothing imports it. ``app`` is the entry point; each module here holds one group of
commands, added to ``app`` in the order ``everyside --help`` lists them.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from sqlalchemy.exc import DatabaseError, IntegrityError, ProgrammingError
from typer.core import TyperGroup

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


class _Commands(TyperGroup):
    """The command group: a store that fails underneath a command is one error line."""

    def invoke(self, ctx: Any) -> Any:
        """Run the command; a damaged or unreachable store ends it with one line, exit 1."""
        try:
            return super().invoke(ctx)
        except (IntegrityError, ProgrammingError):
            raise  # everyside's own mistake: the traceback is what finds it
        except DatabaseError as error:
            # A corrupt page, a lost server, a store locked for too long: no traceback,
            # no SQL, no article text; `db check` names the damage.
            cause = (str(error.orig or error).strip().splitlines() or ["unknown error"])[0]
            typer.echo(
                f"error: cannot read or write the store: {cause} "
                "(`everyside db check` looks for damage)",
                err=True,
            )
            raise typer.Exit(1) from None


app = typer.Typer(
    cls=_Commands,
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
