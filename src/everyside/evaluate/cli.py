"""``everyside eval ...``: one command per measured capability."""

from __future__ import annotations

import typer

eval_app = typer.Typer(
    help="Measure quality against gold data: precision, recall and F1.",
    no_args_is_help=True,
    epilog="Examples:\n\n  everyside eval quotes examples/corpus/gold.jsonl",
)
