"""What every command shares: the consoles, the common options, JSON output, the store."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Annotated, Any

import typer
from rich.console import Console, RenderableType

from everyside.errors import EverysideError

# Everything printed that came from the input goes through these (see everyside.escaping).
from everyside.escaping import printable as printable
from everyside.escaping import rich_markup as rich_markup
from everyside.escaping import rich_text as rich_text
from everyside.store.db import Store, open_store

console = Console()
err_console = Console(stderr=True)

JsonFlag = Annotated[
    bool, typer.Option("--json", help="Print JSON (see docs/cli.md) instead of tables.")
]
Limit = Annotated[int, typer.Option("--limit", "-n", min=1, help="Show at most this many.")]
Offset = Annotated[int, typer.Option(min=0, help="Skip this many first.")]


def print_json(data: Any) -> None:
    """Print ``data`` as indented JSON on stdout, non-ASCII text as it is."""
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def print_result(
    as_json: bool, data: Callable[[], Any], view: Callable[[], RenderableType]
) -> None:
    """Print ``data()`` as JSON with ``--json``, else ``view()`` on the console; build only one."""
    if as_json:
        print_json(data())
    else:
        console.print(view())


@contextmanager
def usage_error(param_hint: str | None = None) -> Iterator[None]:
    """Report an ``EverysideError`` (an unknown id, a bad corpus) as a usage error."""
    try:
        yield
    except EverysideError as error:
        raise typer.BadParameter(str(error), param_hint=param_hint) from None


def cli_store(ctx: typer.Context) -> Store:
    """The store the global ``--db`` option names; one clear error line if it cannot open."""
    try:
        return open_store(ctx.obj)
    except Exception as error:  # a bad URL or an unreadable file: one clear line
        raise typer.BadParameter(f"cannot open the store: {error}", param_hint="--db") from None


def date_option(value: str | None) -> datetime | None:
    """An ISO date option read as a datetime; None stays None."""
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"not an ISO date: {value!r} (try 2024-06-19)") from None
