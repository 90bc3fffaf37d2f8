"""Input printed on a terminal is escaped (issue 20): file names, titles, messages, alerts.

A file name may hold a newline (forging a second error line) and terminal escapes (colour,
an OSC-8 link); a title may be Rich markup (``[blink]``, or ``[/bold]``, which made Rich
raise so that the alert was never delivered).
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.progress import Progress
from typer.testing import CliRunner

from everyside.cli import app
from everyside.cli.progress import IngestBar, progress_display
from everyside.escaping import clip, printable, same_length_printable
from everyside.ingest import IngestEvent, IngestReport, Outcome
from everyside.ingest.article import build_article
from everyside.ingest.sources import InputFile
from everyside.model import SourceRef
from everyside.report.terminal import articles_table, ingest_summary
from everyside.store.watch import Alert
from everyside.watch.deliver import TerminalChannel
from tests.ingest import hostile

runner = CliRunner()


def _plain(renderable: object) -> str:
    console = Console(file=io.StringIO(), force_terminal=False, width=300)
    console.print(renderable)
    output = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(output, str)
    return output


def test_printable_escapes_controls_separators_and_bidi() -> None:
    assert printable("a\nb\x1b[31mc\u202ed\u2028") == "a\\nb\\x1b[31mc\\u202ed\\u2028"
    assert printable("Zürich — 日本 “quoted” \u00a0") == "Zürich — 日本 “quoted” \u00a0"
    assert same_length_printable("a\x1bb\nc") == "a\ufffdb\nc"
    assert clip("x" * 10_000 + "\nmore", 100).startswith("x" * 100 + "… (")
    assert "\n" not in clip("one\ntwo") and clip("one\ntwo") == "one two"


def test_hostile_file_name_gives_one_escaped_error_line(tmp_path: Path) -> None:
    bad = hostile.hostile_name(tmp_path)
    result = runner.invoke(app, ["--db", str(tmp_path / "e.db"), "ingest", str(bad)])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    # Before: the name's newline forged a second "error:" line and its escapes reached the tty.
    assert len(errors) == 1, result.stderr
    assert "\x1b" not in result.stderr and "\x1b" not in result.stdout
    assert "evil\\nerror: forged line \\x1b[31mred" in errors[0]


def test_summary_table_escapes_locators_and_lists_no_failure() -> None:
    """The duplicates' locators are escaped; failures are the CLI's error lines, not rows."""
    report = IngestReport(
        events=[
            IngestEvent(
                locator="[/bold] copy\x1b[2J",
                outcome=Outcome.EXACT_DUPLICATE,
                duplicate_of="e689bad110a8b229",
            ),
            IngestEvent(
                locator=hostile.HOSTILE_NAME, outcome=Outcome.FAILED, message="[/bold] bad\x1b[2J"
            ),
        ],
        files=2,
    )
    shown = _plain(ingest_summary(report))
    assert "\x1b" not in shown
    assert "[/bold] copy\\x1b[2J" in shown
    assert "] bad" not in shown


def test_article_titles_are_not_markup(tmp_path: Path) -> None:
    path = hostile.hostile_title(tmp_path)
    db = str(tmp_path / "t.db")
    assert runner.invoke(app, ["--db", db, "ingest", str(path)]).exit_code == 0
    listed = runner.invoke(app, ["--db", db, "articles"])
    assert listed.exit_code == 0, listed.output
    # Before: Rich read the title as markup: "[blink]" vanished, "[/bold]" raised.
    assert "\x1b" not in listed.stdout and "[blink]" in listed.stdout


def test_progress_bar_shows_a_hostile_name_escaped() -> None:
    console = Console(file=io.StringIO(), force_terminal=True, width=200)
    # The CLI's own display (progress_display) on a console that keeps what it wrote.
    progress = Progress(*progress_display().columns, console=console)
    with progress:
        bar = IngestBar(progress)
        bar.start(1)
        # Before: Rich read the name as markup ("[blink]" made it blink) and let escapes through.
        bar.advance(InputFile(f"{hostile.HOSTILE_NAME}[blink].txt"), [])
        description = progress.tasks[0].description
        progress.refresh()
    assert "\x1b]8" not in console.file.getvalue()  # type: ignore[attr-defined]
    assert "\\x1b" in description and "\\[blink]" in description
    assert "\x1b[5m" not in console.file.getvalue()  # type: ignore[attr-defined]


def test_terminal_alert_prints_markup_as_text() -> None:
    console = Console(file=io.StringIO(), force_terminal=True, width=200)
    alert = Alert(
        key="k",
        id=1,
        rule="r",
        kind="new_story",
        story_id="story-1",
        title=hostile.HOSTILE_TITLE,
        text="two\nlines \x1b[5m",
        created_at=datetime(2024, 6, 18, tzinfo=UTC),
    )
    # Before: "[/bold]" raised MarkupError and the alert was never delivered.
    TerminalChannel(console).send(alert)
    shown = console.file.getvalue()  # type: ignore[attr-defined]
    assert "[blink]Blinking[/blink] [/bold]" in shown
    assert "\x1b]8;;http" not in shown and "\x1b[5m" not in shown
    assert "\\x1b]8;;http" in shown


def test_articles_table_keeps_titles_literal() -> None:
    made = build_article(
        title="[bold]x[/bold] \x1b[31m",
        paragraphs=[hostile.ARTICLE],
        source=SourceRef(locator="t", format="text"),
    )
    shown = _plain(articles_table([made]))
    assert "[bold]x[/bold] \\x1b[31m" in shown
