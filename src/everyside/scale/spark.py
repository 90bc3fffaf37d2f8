"""``python -m everyside.scale.spark STAGE --input … --output DIR``: the Spark job's command line.

The same arguments work after ``spark-submit``; on a cluster leave ``--master`` out and
give spark-submit's own (docs/scaling.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from everyside.scale.cluster import DEFAULT_WINDOW_DAYS, Windows
from everyside.scale.job import SparkJobOptions, run_stages
from everyside.scale.session import spark_session
from everyside.settings import IngestOptions

STAGES = ("ingest", "analyze", "cluster")
app = typer.Typer(add_completion=False, help=__doc__)


@app.command()
def main(
    stage: Annotated[str, typer.Argument(help="ingest, analyze, cluster or all.")],
    output: Annotated[str, typer.Option(help="Folder of the Parquet datasets.")],
    input: Annotated[
        list[str] | None, typer.Option("--input", help="Files, folders or globs (repeat).")
    ] = None,
    master: Annotated[
        str | None, typer.Option(help="Spark master, e.g. local[2]; default: spark-submit's.")
    ] = None,
    postgres: Annotated[
        str | None, typer.Option("--postgres", help="Also write to this store URL.")
    ] = None,
    outlets: Annotated[Path | None, typer.Option(help="An outlet registry (TOML).")] = None,
    window_days: Annotated[
        int, typer.Option(help="Days per clustering time window.")
    ] = DEFAULT_WINDOW_DAYS,
) -> None:
    """Run one stage of the pipeline on Spark, or all of them."""
    if stage not in (*STAGES, "all"):
        raise typer.BadParameter(f"unknown stage {stage!r}; one of {', '.join(STAGES)}, all")
    try:
        options = SparkJobOptions(
            output=output,
            inputs=tuple(input or ()),
            store=postgres,
            ingest=IngestOptions(outlets_file=outlets),
            windows=Windows(days=window_days),
        )
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None
    spark = spark_session(master)
    try:
        run_stages(spark, options, STAGES if stage == "all" else (stage,))
    finally:
        spark.stop()


if __name__ == "__main__":
    app()
