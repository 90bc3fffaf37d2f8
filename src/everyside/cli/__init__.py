"""The ``everyside`` command: a thin Typer layer over the library.

The top layer: it may import anything below it (the jobs, the stages' records and
options, the store, the reports, ``evaluate`` for the ``eval`` command group), and
nothing imports it. ``app`` is the entry point; each module here holds one group of
commands, added to ``app`` in the order ``everyside --help`` lists them. The ``eval``
group (``everyside.evaluate.cli``) is imported only when one of its commands runs or
its help is asked for: ``everyside --help`` and the other commands never load the
evaluation code.
"""

from __future__ import annotations

import importlib
from functools import cache
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
from everyside.store.db import DB_ENV

# Command groups imported only when they run: name -> (module:Typer app, the help line
# ``everyside --help`` lists for it, which must not import the module).
LAZY_GROUPS = {
    "eval": (
        "everyside.evaluate.cli:eval_app",
        "Measure quality against gold data: precision, recall and F1.",
    ),
}


@cache
def lazy_group(name: str) -> TyperGroup:
    """The command group ``name`` of ``LAZY_GROUPS``, imported on first use."""
    module, attribute = LAZY_GROUPS[name][0].split(":")
    group: typer.Typer = getattr(importlib.import_module(module), attribute)
    return typer.main.get_group(group)


class _Commands(TyperGroup):
    """The command group: a store that fails underneath a command is one error line.

    A lazy group is listed by a stand-in that carries its help line; the real group
    takes its place when it is the command to run, or when the shell completes it.
    """

    def resolve_command(self, ctx: Any, args: list[str]) -> tuple[str | None, Any, list[str]]:
        """The command the arguments name: a lazy group is imported here."""
        name, command, rest = super().resolve_command(ctx, args)
        if name in LAZY_GROUPS:
            command = lazy_group(name)
        return name, command, rest

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """A command by name; a lazy group's stand-in, except for shell completion."""
        if cmd_name in LAZY_GROUPS and ctx.resilient_parsing:
            return lazy_group(cmd_name)
        return super().get_command(ctx, cmd_name)

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
for _name, (_, _help) in LAZY_GROUPS.items():
    app.add_typer(typer.Typer(), name=_name, help=_help)  # a stand-in: see _Commands
app.add_typer(db_app, name="db")
