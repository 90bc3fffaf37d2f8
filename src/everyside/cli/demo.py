"""``everyside demo``: the whole workflow on the demo corpus, from ingest to events."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from everyside.cli.analyze import print_process
from everyside.cli.ingest import print_ingest
from everyside.cli.output import cli_store, console, usage_error
from everyside.cli.progress import IngestBar, TaskBar, progress_display
from everyside.jobs import demo_inputs, run_demo
from everyside.report import html as html_report

commands = typer.Typer()

DEMO_CORPUS = Path("examples/corpus")
DEMO_OUTPUT = Path("everyside-demo")


@commands.command(
    "demo", epilog="Example:\n\n  everyside --db /tmp/demo.db demo --output /tmp/demo"
)
def demo_command(
    ctx: typer.Context,
    corpus: Annotated[Path, typer.Option(help="The demo corpus folder.")] = DEMO_CORPUS,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Folder for the comparison, events and network.")
    ] = DEMO_OUTPUT,
) -> None:
    """Ingest, analyze and cluster the demo corpus; compare its richest story; export events."""
    with usage_error():
        inputs, options = demo_inputs(corpus)
    store = cli_store(ctx)
    with progress_display() as progress:
        demo = run_demo(
            store,
            inputs,
            options,
            output,
            ingest_progress=IngestBar(progress),
            analyze_progress=TaskBar(progress, "analyzing"),
            cluster_progress=TaskBar(progress, "clustering"),
        )
    print_ingest(demo.ingested, as_json=False)
    print_process(demo.processed)
    if demo.comparison is not None:
        page = output / "story.html"
        page.write_text(html_report.comparison_html(demo.comparison), encoding="utf-8")
        console.print(
            f"\nThe richest story, compared across its {len(demo.comparison.outlets)} outlets: "
            f"[bold]{page.resolve()}[/bold] (open it in a browser)"
        )
    console.print(
        f"{len(demo.events)} real-world events in GDELT 2.0 columns: "
        f"[bold]{demo.events_file.resolve()}[/bold]; the actor network: "
        f"[bold]{demo.network.svg.resolve()}[/bold] (and .graphml, .json)"
    )
    console.print(
        f"\nResults are in [bold]{store.location}[/bold]. Try:\n"
        "  everyside articles\n  everyside search Stoltenberg\n  everyside show ID\n"
        "  everyside quotes --speaker Stoltenberg\n  everyside entities\n"
        "  everyside stories\n  everyside story ID\n  everyside compare STORY_ID\n"
        "  everyside events --actor RUS\n  everyside serve"
    )
    raise typer.Exit(0 if demo.ok else 1)
