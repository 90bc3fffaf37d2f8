"""``everyside ingest``: read articles into the store, and optionally analyze and cluster them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from everyside.analyze.pipeline import AnalyzeOptions
from everyside.cli.analyze import run_process
from everyside.cli.output import JsonFlag, cli_store, print_result, printable
from everyside.cli.progress import IngestBar, progress_display
from everyside.counting import counted
from everyside.errors import EverysideError
from everyside.ingest import IngestReport
from everyside.ingest.pipeline import undated_note
from everyside.jobs import ProcessOptions, ingest
from everyside.report import json as json_report
from everyside.report import terminal
from everyside.settings import FORMATS, IngestOptions
from everyside.store.db import Store

commands = typer.Typer()


def run_ingest(
    store: Store, paths: list[str], options: IngestOptions, as_json: bool
) -> IngestReport:
    """Ingest ``paths`` with a progress bar, then print the report."""
    with progress_display() as progress:
        report = ingest(paths, store, options, progress=IngestBar(progress))
    print_ingest(report, as_json)
    return report


def print_ingest(report: IngestReport, as_json: bool) -> None:
    """Print an ingest report, an error line per failed input, a note if some lack dates."""
    print_result(
        as_json, lambda: json_report.ingest_report(report), lambda: terminal.ingest_summary(report)
    )
    # Each error once, here and not in the summary: typer.echo, not Rich, so an error stays
    # one line however long the path; the path and the message are input, escaped so that
    # a newline or a terminal escape shows as such.
    for event in report.errors:
        typer.echo(f"error: {printable(event.locator)}: {printable(event.message or '')}", err=True)
    skipped = report.not_articles
    if skipped:
        verb = "is" if len(skipped) == 1 else "are"
        typer.echo(
            f"note: skipped {counted(len(skipped), 'file')} that {verb} not articles "
            f"(no record has a text field): {printable(', '.join(skipped))}",
            err=True,
        )
    note = undated_note(report.undated, report.stored)
    if note is not None:
        typer.echo(note, err=True)


def _field_overrides(fields: list[str]) -> dict[str, str]:
    overrides = {}
    for item in fields:
        key, sep, column = item.partition("=")
        if not sep or not key or not column:
            raise typer.BadParameter(f"expected FIELD=COLUMN, got {item!r}", param_hint="--field")
        overrides[key.strip()] = column.strip()
    return overrides


@commands.command(
    "ingest",
    epilog=(
        "Examples:\n\n"
        "  everyside ingest examples/corpus/text\n\n"
        "  everyside ingest 'examples/**/*.warc.gz' --no-near-duplicates\n\n"
        "  cat examples/corpus/text/warta-gempa-taiwan-hualien.txt"
        " | everyside ingest - --format text --outlet 'Warta Nusantara'\n\n"
        "  everyside ingest examples/export.csv"
        " --field text=article_body --field published=pub_date\n\n"
        "  everyside ingest examples/corpus/text --outlets examples/corpus/outlets.toml\n\n"
        "  everyside ingest examples/corpus/html --cluster --processes 2"
    ),
)
def ingest_command(
    ctx: typer.Context,
    paths: Annotated[
        list[str], typer.Argument(help="Files, directories, glob patterns, or - for stdin.")
    ],
    format: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", help=f"Read every input as this format: {', '.join(FORMATS)}."
        ),
    ] = None,
    near_duplicates: Annotated[
        bool, typer.Option(help="Link near-copies (syndicated text) with MinHash LSH.")
    ] = True,
    threshold: Annotated[
        float,
        typer.Option(min=0.01, max=1.0, help="Similarity at which a text counts as a near-copy."),
    ] = IngestOptions().near_duplicate_threshold,
    field: Annotated[
        list[str] | None,
        typer.Option("--field", help="Read FIELD from COLUMN in JSONL/CSV input (FIELD=COLUMN)."),
    ] = None,
    outlet: Annotated[
        str | None, typer.Option(help="Outlet name for inputs that name none.")
    ] = None,
    outlets: Annotated[
        Path | None,
        typer.Option(help="TOML registry of outlets: names, domains, countries, file patterns."),
    ] = None,
    cluster: Annotated[
        bool,
        typer.Option("--cluster", help="Then analyze the new articles and assign them to stories."),
    ] = False,
    processes: Annotated[
        int,
        typer.Option(
            min=1, help="With --cluster: worker processes for analysis and clustering features."
        ),
    ] = 1,
    as_json: JsonFlag = False,
) -> None:
    """Read articles into the store: text, HTML, RSS/Atom, WARC, JSONL and CSV.

    Each article is stored in its own transaction. Exact copies and near-copies are
    linked to the first-seen article. A bad input gets one error line, the batch goes
    on, and the exit code is 1 if anything failed.
    """
    try:
        options = IngestOptions(
            format=format,
            near_duplicates=near_duplicates,
            near_duplicate_threshold=threshold,
            outlet=outlet,
            outlets_file=outlets,
        ).with_field_overrides(_field_overrides(field or []))
    except (EverysideError, ValueError) as error:
        raise typer.BadParameter(str(error)) from None
    store = cli_store(ctx)
    report = run_ingest(store, paths, options, as_json)
    if cluster:
        processed = run_process(store, ProcessOptions(analyze=AnalyzeOptions(processes=processes)))
        report_ok = report.ok and processed.ok
    else:
        report_ok = report.ok
    raise typer.Exit(0 if report_ok else 1)
