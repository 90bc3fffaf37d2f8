"""``everyside db``: manage the store itself (schema migrations, copies between databases)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from everyside.cli.output import console
from everyside.cli.progress import CopyBar, progress_display
from everyside.store.copy import CopyError, copy_store
from everyside.store.db import migrate_store, open_store

db_app = typer.Typer(
    help="Manage the store itself: bring its schema up to date, copy it to another database.",
    no_args_is_help=True,
    epilog=(
        "Examples:\n\n  everyside db migrate\n\n"
        "  everyside db copy everyside.db postgresql://news@db.example.org/everyside"
    ),
)


@db_app.command(
    "migrate",
    epilog=(
        "Examples:\n\n  everyside db migrate\n\n"
        "  everyside --db postgresql://news@localhost/everyside db migrate"
    ),
)
def db_migrate_command(ctx: typer.Context) -> None:
    """Upgrade the store (--db) to the newest schema; say from which revision to which."""
    try:
        store = open_store(ctx.obj, migrate=False)
        done = migrate_store(store)
    except Exception as error:  # a bad URL, an unreachable server: one clear line
        raise typer.BadParameter(f"cannot migrate the store: {error}", param_hint="--db") from None
    if done.changed:
        console.print(f"{store.location}: schema {done.before or '(empty)'} → {done.after}")
    else:
        console.print(f"{store.location}: schema already at {done.after}")


@db_app.command(
    "copy",
    epilog=(
        "Examples:\n\n  everyside db copy everyside.db postgresql://news@localhost/everyside\n\n"
        "  everyside db copy postgresql://news@localhost/everyside backup.db\n\n"
        "Run the same command again to resume an interrupted copy."
    ),
)
def db_copy_command(
    source: Annotated[str, typer.Argument(help="SQLite file or database URL to copy from.")],
    destination: Annotated[
        str, typer.Argument(help="SQLite file or database URL to copy into (made if new).")
    ],
    batch_size: Annotated[
        int, typer.Option(min=1, help="Rows per batch and per write transaction.")
    ] = 1000,
) -> None:
    """Copy every table of one store into another, in batches; re-running resumes.

    Rows the destination already has (by primary key) are skipped, and its full-text
    index is rebuilt at the end.
    """
    if "://" not in source and not Path(source).is_file():
        raise typer.BadParameter(f"no SQLite file at {source}", param_hint="SOURCE")
    try:
        reader = open_store(source, migrate=False)
        writer = open_store(destination)
    except Exception as error:  # a bad URL, an unreachable server: one clear line
        raise typer.BadParameter(f"cannot open the store: {error}") from None
    try:
        with progress_display() as progress:
            report = copy_store(reader, writer, batch_size=batch_size, progress=CopyBar(progress))
    except CopyError as error:
        raise typer.BadParameter(str(error)) from None
    console.print(
        f"Copied {report.copied} rows into [bold]{writer.location}[/bold]"
        f" ({report.skipped} already there)."
    )
