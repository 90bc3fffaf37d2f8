"""The one progress display of the CLI: a Rich bar on stderr, so ``--json`` stays clean.

``TaskBar`` is the adapter every long command uses: analysis and clustering feed it
directly (their progress protocol is ``start(total)`` / ``advance(done)``); ingest and
the store copy translate their own callbacks onto it.
"""

from __future__ import annotations

from pathlib import Path

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)

from everyside.cli.output import err_console, rich_markup
from everyside.counting import counted
from everyside.ingest import IngestEvent, Outcome
from everyside.ingest.sources import InputFile


def progress_display() -> Progress:
    """A transient progress display on stderr: description, bar, done/total, time."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    )


class TaskBar:
    """One task of a progress display, its total unknown until ``start``."""

    def __init__(self, progress: Progress, description: str) -> None:
        self.progress = progress
        self.task = progress.add_task(description, total=None)

    def start(self, total: int) -> None:
        """Set the number of steps."""
        self.progress.update(self.task, total=total)

    def advance(self, done: int, description: str | None = None) -> None:
        """Show ``done`` steps finished, and a new description if one is given."""
        self.progress.update(self.task, completed=done, description=description)

    def restart(self, total: int | None, description: str) -> None:
        """Start over from zero (and the clock with it) for a new part of the work."""
        self.progress.reset(self.task, total=total, description=description)

    def stage(self, description: str, total: int | None = None) -> None:
        """A new part of the work: its name, and its size when known."""
        self.restart(total, description)


# Events that are no article read: a failure, an input that holds no articles.
NOT_READ = frozenset({Outcome.FAILED, Outcome.NOT_ARTICLES})


class IngestBar:
    """An ingest's progress on a ``TaskBar``: inputs read, articles stored, the current file."""

    def __init__(self, progress: Progress) -> None:
        self.bar = TaskBar(progress, "reading")
        self.inputs = 0
        self.articles = 0

    def start(self, total_inputs: int) -> None:
        self.bar.start(total_inputs)

    def advance(self, input_file: InputFile, events: list[IngestEvent]) -> None:
        self.inputs += 1
        self.articles += sum(1 for e in events if e.outcome not in NOT_READ)
        # The file name is input: a Rich description is markup, and names may hold escapes.
        name = rich_markup(Path(input_file.locator).name, limit=80)
        self.bar.advance(self.inputs, description=f"{counted(self.articles, 'article')} · {name}")


class CopyBar:
    """A store copy's progress on a ``TaskBar``, one table at a time."""

    def __init__(self, progress: Progress) -> None:
        self.bar = TaskBar(progress, "copying")
        self.rows = 0

    def start(self, table: str, total: int) -> None:
        self.rows = 0
        self.bar.restart(total, table)

    def advance(self, rows: int) -> None:
        self.rows += rows
        self.bar.advance(self.rows)
