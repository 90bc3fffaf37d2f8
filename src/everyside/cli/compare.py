"""``everyside compare``: how outlets covered one story, from the store or from files."""

from __future__ import annotations

import json
from enum import StrEnum
from glob import has_magic
from pathlib import Path
from typing import Annotated

import typer

from everyside.cli.output import cli_store, console, err_console, printable
from everyside.compare.naming import nothing_to_compare
from everyside.compare.results import Comparison
from everyside.errors import EverysideError
from everyside.jobs import UnreadableInputs, compare_files, compare_story
from everyside.report import html as html_report
from everyside.report import json as json_report
from everyside.report import markdown as markdown_report
from everyside.report import terminal
from everyside.settings import IngestOptions

commands = typer.Typer()


class CompareFormat(StrEnum):
    """Output formats of ``everyside compare``."""

    TERMINAL = "terminal"
    MD = "md"
    JSON = "json"
    HTML = "html"


def _render_comparison(found: Comparison, fmt: CompareFormat, output: Path | None) -> None:
    if fmt is CompareFormat.TERMINAL and output is None:
        console.print(terminal.comparison_view(found))
        return
    text = {
        CompareFormat.TERMINAL: lambda c: "",
        CompareFormat.MD: markdown_report.comparison_markdown,
        CompareFormat.JSON: lambda c: json.dumps(
            json_report.comparison(c), ensure_ascii=False, indent=2
        ),
        CompareFormat.HTML: html_report.comparison_html,
    }[fmt](found)
    if output is None:
        typer.echo(text)
    else:
        output.write_text(text, encoding="utf-8")
        err_console.print(f"Wrote [bold]{output}[/bold]")


@commands.command(
    "compare",
    epilog="Examples:\n\n  everyside compare f931\n\n"
    "  everyside compare f931 --format html -o story.html\n\n"
    "  everyside compare ../shared/seeds/*.txt --format md",
)
def compare_command(
    ctx: typer.Context,
    targets: Annotated[
        list[str],
        typer.Argument(
            help="A story id (or unique prefix), or the article files to compare as one story."
        ),
    ],
    fmt: Annotated[
        CompareFormat, typer.Option("--format", "-f", help="How to show the comparison.")
    ] = CompareFormat.TERMINAL,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
    outlets: Annotated[
        Path | None,
        typer.Option("--outlets", help="Outlet registry (TOML) naming the outlets of files."),
    ] = None,
    outlet: Annotated[
        str | None, typer.Option(help="Outlet name for files that name none.")
    ] = None,
    keep_going: Annotated[
        bool,
        typer.Option("--keep-going", help="Warn about unreadable files and compare the rest."),
    ] = False,
) -> None:
    """Compare how outlets covered one story: consensus, differences, quotes, numbers, framing.

    Files that cannot be read get one error line each and nothing is compared (exit
    code 1), unless --keep-going is given.
    """
    if fmt is CompareFormat.TERMINAL and output is not None:
        raise typer.BadParameter("the terminal view is not written to files; give --format")
    try:
        if len(targets) == 1 and not Path(targets[0]).exists() and not has_magic(targets[0]):
            found = compare_story(cli_store(ctx), targets[0])
        else:
            options = IngestOptions(outlets_file=outlets, outlet=outlet)
            with err_console.status("reading and analyzing the articles"):
                found, report = compare_files(
                    targets, ingest_options=options, keep_going=keep_going
                )
            for event in report.errors:
                typer.echo(f"warning: {printable(event.locator)}: {event.message}", err=True)
    except UnreadableInputs as error:
        for event in error.errors:
            typer.echo(f"error: {printable(event.locator)}: {event.message}", err=True)
        if error.readable and not keep_going:
            typer.echo(
                "nothing compared (--keep-going compares the files that were read)", err=True
            )
        raise typer.Exit(1) from None
    except (EverysideError, ValueError) as error:
        raise typer.BadParameter(str(error), param_hint="TARGETS") from None
    notice = nothing_to_compare(found.outlets, len(found.articles))
    if notice is not None:
        typer.echo(printable(notice), err=True)
    _render_comparison(found, fmt, output)
