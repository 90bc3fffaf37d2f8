"""``everyside db``: manage the store itself (schema migrations, copies between databases)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from everyside.cli.output import JsonFlag, console, print_json, printable
from everyside.cli.progress import CopyBar, progress_display
from everyside.store.analysis import recount_entities
from everyside.store.copy import CopyError, copy_store
from everyside.store.db import head_revision, migrate_store, open_store, resolve_db_url
from everyside.store.integrity import IntegrityReport, check_store

db_app = typer.Typer(
    help=(
        "Manage the store itself: bring its schema up to date, check its integrity, "
        "copy it to another database."
    ),
    no_args_is_help=True,
    epilog=(
        "Examples:\n\n  everyside db migrate\n\n  everyside db check\n\n"
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
    "check",
    epilog=(
        "Examples:\n\n  everyside db check\n\n"
        "  everyside --db postgresql://news@localhost/everyside db check --json\n\n"
        "Exit status: 0 when the store is sound, 1 when damage was found."
    ),
)
def db_check_command(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Check the store's invariants (read only); name each kind of damage, with counts and ids.

    Checks the database file itself, that every assignment's story exists with the
    right size, that assigned articles have features, that analyses belong to stored
    articles, that the full-text index holds each article once, and that the kept
    near-duplicate keys, document frequencies and entity counts agree with a recount.
    """
    url = resolve_db_url(ctx.obj)
    path = url.removeprefix("sqlite:///")
    if url.startswith("sqlite:///") and path != ":memory:" and not Path(path).is_file():
        raise typer.BadParameter(f"no SQLite file at {path}", param_hint="--db")
    try:
        store = open_store(ctx.obj, migrate=False)
        revision = store.revision()
    except Exception as error:  # a bad URL, an unreadable file: one clear line
        raise typer.BadParameter(f"cannot open the store: {error}", param_hint="--db") from None
    if revision != head_revision():
        raise typer.BadParameter(
            f"the schema is at {revision or '(empty)'}, not {head_revision()}: "
            "run `everyside db migrate` first",
            param_hint="--db",
        )
    try:
        report = check_store(store)
    finally:
        store.close()
    if as_json:
        print_json(report.as_dict())
    else:
        _print_check(report)
    raise typer.Exit(0 if report.ok else 1)


def _print_check(report: IntegrityReport) -> None:
    """Print one line per kind of damage (with its repair), or that there is none."""
    checked = ", ".join(report.checked)
    where = printable(report.location)
    if report.ok:
        typer.echo(f"{where}: no damage (checked {checked})")
        return
    typer.echo(f"{where}: {len(report.damage)} kind(s) of damage (checked {checked})")
    for found in report.damage:
        examples = ", ".join(printable(example) for example in found.examples)
        more = ", …" if found.count > len(found.examples) else ""
        typer.echo(f"  {found.kind}: {found.count} — {found.problem}; e.g. {examples}{more}")
        typer.echo(f"    repair: {found.repair}")


@db_app.command("recount", epilog="Example:\n\n  everyside db recount")
def db_recount_command(ctx: typer.Context) -> None:
    """Count every entity's mentions and articles again (what `db check` calls entity_counts)."""
    store = open_store(ctx.obj)
    try:
        with store.transaction() as session:
            recount_entities(session)
    finally:
        store.close()
    console.print(f"{store.location}: entity counts recounted")


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
