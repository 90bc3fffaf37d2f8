"""Analysis and clustering: ``analyze``, ``quotes``, ``entities`` and ``cluster``."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from everyside.analyze.pipeline import AnalyzeOptions
from everyside.cli.output import JsonFlag, Limit, cli_store, console, print_result, usage_error
from everyside.cli.progress import TaskBar, progress_display
from everyside.jobs import (
    AnalyzeReport,
    ClusterReport,
    ProcessOptions,
    ProcessReport,
    analyze_store,
    cluster_store,
    process_new,
    unanalyzed,
)
from everyside.report import json as json_report
from everyside.report import terminal
from everyside.store import analysis, repository
from everyside.store.db import Store

commands = typer.Typer()


def run_process(store: Store, options: ProcessOptions) -> ProcessReport:
    """Analyze and cluster what is new, with progress bars, then print both summaries."""
    with progress_display() as progress:
        report = process_new(
            store,
            options,
            analyze_progress=TaskBar(progress, "analyzing"),
            cluster_progress=TaskBar(progress, "clustering"),
        )
    print_process(report)
    return report


def print_process(report: ProcessReport) -> None:
    """Print the analysis summary (when it analyzed anything) and the clustering summary."""
    if report.analyzed.analyzed or report.analyzed.failed or report.clustered is None:
        print_analyze(report.analyzed)
    if report.clustered is not None:
        console.print(terminal.cluster_summary(report.clustered))


def run_analyze(store: Store, options: AnalyzeOptions) -> AnalyzeReport:
    """Analyze what is not analyzed yet, with a progress bar, then print the summary."""
    with progress_display() as progress:
        report = analyze_store(store, options, progress=TaskBar(progress, "analyzing"))
    print_analyze(report)
    return report


def print_analyze(report: AnalyzeReport) -> None:
    """Print the analysis summary and one error line per article that failed."""
    console.print(terminal.analyze_summary(report))
    for article_id, problem in report.failed:
        typer.echo(f"error: article {article_id}: {problem}", err=True)


@commands.command(
    "analyze",
    epilog=(
        "Examples:\n\n  everyside analyze\n\n"
        "  everyside analyze --aliases examples/my-entities.jsonl --processes 2"
    ),
)
def analyze_command(
    ctx: typer.Context,
    aliases: Annotated[
        list[Path] | None,
        typer.Option(help="Extra alias table (JSON Lines, see docs/analysis.md); repeatable."),
    ] = None,
    processes: Annotated[
        int, typer.Option(min=1, help="Analysis worker processes (one per core is fastest).")
    ] = 1,
    batch_size: Annotated[int, typer.Option(min=1, help="Articles per spaCy batch.")] = 32,
) -> None:
    """Find entities, quotes, numbers and dates in every article not analyzed yet."""
    for path in aliases or []:
        if not path.is_file():
            raise typer.BadParameter(f"alias table not found: {path}", param_hint="--aliases")
    options = AnalyzeOptions(
        alias_files=tuple(str(p) for p in aliases or []),
        processes=processes,
        batch_size=batch_size,
    )
    report = run_analyze(cli_store(ctx), options)
    raise typer.Exit(0 if report.ok else 1)


@commands.command(
    "quotes",
    epilog=(
        "Examples:\n\n  everyside quotes --speaker Stoltenberg\n\n"
        "  everyside quotes --article a6d39301 --json"
    ),
)
def quotes_command(
    ctx: typer.Context,
    speaker: Annotated[
        str | None,
        typer.Option(
            help="The speaker entity's id, or the starts of words of its name or of "
            "the speaker as written."
        ),
    ] = None,
    article: Annotated[str | None, typer.Option(help="Only quotes in this article.")] = None,
    limit: Limit = 100,
    as_json: JsonFlag = False,
) -> None:
    """List quotes with their speakers, cue verbs and the medium they came through."""
    store = cli_store(ctx)
    with store.session() as session:
        with usage_error("--article"):
            article_id = repository.get_article(session, article).id if article else None
        found = analysis.list_quotes(session, speaker=speaker, article_id=article_id, limit=limit)
    print_result(
        as_json,
        lambda: [json_report.quote(q, name) for q, name in found],
        lambda: terminal.quotes_table(found),
    )


@commands.command(
    "entities",
    epilog="Examples:\n\n  everyside entities\n\n  everyside entities --kind PERSON --json",
)
def entities_command(
    ctx: typer.Context,
    kind: Annotated[
        str | None, typer.Option(help="Only PERSON, ORG, GPE (countries) or LOC (places).")
    ] = None,
    limit: Limit = 50,
    as_json: JsonFlag = False,
) -> None:
    """List canonical entities by how many articles mention them."""
    store = cli_store(ctx)
    with store.session() as session:
        found = analysis.list_entities(session, kind=kind, limit=limit)
    print_result(
        as_json,
        lambda: [json_report.entity_summary(e) for e in found],
        lambda: terminal.entities_table(found),
    )


def run_cluster(store: Store, *, rebuild_all: bool, processes: int = 1) -> ClusterReport:
    """Cluster with a progress bar, then print the summary."""
    with progress_display() as progress:
        report = cluster_store(
            store,
            rebuild_all=rebuild_all,
            processes=processes,
            progress=TaskBar(progress, "clustering"),
        )
    console.print(terminal.cluster_summary(report))
    return report


@commands.command(
    "cluster",
    epilog=(
        "Examples:\n\n  everyside cluster\n\n  everyside cluster --rebuild\n\n"
        "  everyside cluster --processes 2"
    ),
)
def cluster_command(
    ctx: typer.Context,
    rebuild: Annotated[
        bool,
        typer.Option("--rebuild", help="Re-cluster every article in batch instead of streaming."),
    ] = False,
    processes: Annotated[
        int,
        typer.Option(
            min=1, help="Worker processes that compute new articles' features (embeddings)."
        ),
    ] = 1,
) -> None:
    """Group articles into stories: new articles join a story or open one.

    Articles not analyzed yet are analyzed first, so a fresh ``ingest`` then ``cluster``
    gives stories.
    """
    store = cli_store(ctx)
    options = ProcessOptions(analyze=AnalyzeOptions(processes=processes))
    if not rebuild:
        report = run_process(store, options)
        raise typer.Exit(0 if report.ok else 1)
    analyzed = run_process(store, replace(options, stories=False)) if unanalyzed(store) else None
    run_cluster(store, rebuild_all=True, processes=processes)
    raise typer.Exit(0 if analyzed is None or analyzed.ok else 1)
