"""The ``everyside`` command: a thin Typer layer over the library."""

from __future__ import annotations

import json
from datetime import datetime
from enum import StrEnum
from glob import has_magic
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from everyside import __version__
from everyside.analyze.pipeline import AnalyzeOptions
from everyside.compare.naming import nothing_to_compare
from everyside.compare.results import Comparison
from everyside.errors import EverysideError
from everyside.evaluate.cli import eval_app
from everyside.ingest import IngestEvent, IngestReport, Outcome
from everyside.ingest.sources import InputFile
from everyside.jobs import (
    AnalyzeReport,
    ClusterReport,
    ProcessOptions,
    ProcessReport,
    UnreadableInputs,
    analyze_store,
    cluster_store,
    compare_files,
    compare_story,
    demo_inputs,
    gdelt_export,
    ingest,
    process_new,
    real_world_events,
    run_demo,
    write_network,
)
from everyside.report import html as html_report
from everyside.report import json as json_report
from everyside.report import markdown as markdown_report
from everyside.report import terminal
from everyside.settings import API_KEY_ENV, FORMATS, IngestOptions, ServeOptions
from everyside.store import analysis, repository
from everyside.store import stories as story_store
from everyside.store.copy import CopyError, copy_store
from everyside.store.db import DB_ENV, Store, migrate_store, open_store
from everyside.store.events import EventFilter

app = typer.Typer(
    help="Read one news event through every outlet that covered it.",
    rich_markup_mode="rich",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(eval_app, name="eval")
console = Console()
err_console = Console(stderr=True)

DEMO_CORPUS = Path("examples/corpus")
DEMO_OUTPUT = Path("everyside-demo")

JsonFlag = Annotated[
    bool, typer.Option("--json", help="Print JSON (see docs/cli.md) instead of tables.")
]
Limit = Annotated[int, typer.Option("--limit", "-n", min=1, help="Show at most this many.")]
Offset = Annotated[int, typer.Option(min=0, help="Skip this many first.")]


def _print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _store(ctx: typer.Context) -> Store:
    try:
        return open_store(ctx.obj)
    except Exception as error:  # a bad URL or an unreadable file: one clear line
        raise typer.BadParameter(f"cannot open the store: {error}", param_hint="--db") from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"everyside {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar=DB_ENV,
            help="SQLite file or database URL. Default: ./everyside.db",
            show_envvar=True,
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Read one news event through every outlet that covered it."""
    ctx.obj = db


def _progress() -> Progress:
    """A progress display on stderr, so that ``--json`` output on stdout stays clean."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    )


class _ProgressBar:
    """Shows an ingest's progress on stderr, so ``--json`` output stays clean."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task = progress.add_task("reading", total=None)
        self.articles = 0

    def start(self, total_inputs: int) -> None:
        self.progress.update(self.task, total=total_inputs)

    def advance(self, input_file: InputFile, events: list[IngestEvent]) -> None:
        self.articles += sum(1 for e in events if e.outcome is not Outcome.FAILED)
        self.progress.update(
            self.task,
            advance=1,
            description=f"{self.articles} articles · {Path(input_file.locator).name}",
        )


def _run_ingest(
    store: Store, paths: list[str], options: IngestOptions, as_json: bool
) -> IngestReport:
    with _progress() as progress:
        report = ingest(paths, store, options, progress=_ProgressBar(progress))
    _print_ingest(report, as_json)
    return report


def _print_ingest(report: IngestReport, as_json: bool) -> None:
    if as_json:
        _print_json(json_report.ingest_report(report))
    else:
        console.print(terminal.ingest_summary(report))
    for event in report.errors:
        # typer.echo, not Rich: an error stays one line however long the path.
        typer.echo(f"error: {event.locator}: {event.message}", err=True)


def _field_overrides(fields: list[str]) -> dict[str, str]:
    overrides = {}
    for item in fields:
        key, sep, column = item.partition("=")
        if not sep or not key or not column:
            raise typer.BadParameter(f"expected FIELD=COLUMN, got {item!r}", param_hint="--field")
        overrides[key.strip()] = column.strip()
    return overrides


@app.command(
    "ingest",
    epilog=(
        "Examples:\n\n"
        "  everyside ingest examples/corpus/text\n\n"
        "  everyside ingest 'crawl/**/*.warc.gz' --no-near-duplicates\n\n"
        "  cat story.txt | everyside ingest - --format text --outlet 'Harbor Ledger'\n\n"
        "  everyside ingest export.csv --field text=article_body --field published=pub_date\n\n"
        "  everyside ingest examples/corpus/text --outlets examples/corpus/outlets.toml\n\n"
        "  everyside ingest new-articles/ --cluster --processes 2"
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
    store = _store(ctx)
    report = _run_ingest(store, paths, options, as_json)
    if cluster:
        processed = _run_process(store, ProcessOptions(analyze=AnalyzeOptions(processes=processes)))
        report_ok = report.ok and processed.ok
    else:
        report_ok = report.ok
    raise typer.Exit(0 if report_ok else 1)


def _date_option(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"not an ISO date: {value!r} (try 2024-06-19)") from None


@app.command(
    "articles",
    epilog=(
        "Examples:\n\n  everyside articles --lang id\n\n"
        "  everyside articles --outlet UNN --since 2024-06-01 --json"
    ),
)
def articles_command(
    ctx: typer.Context,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet (case-insensitive).")] = None,
    lang: Annotated[
        str | None, typer.Option(help="Only this language (ISO 639-1, e.g. en).")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after this date.")] = None,
    until: Annotated[str | None, typer.Option(help="Published before this date.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
    as_json: JsonFlag = False,
) -> None:
    """List stored articles, newest first, filtered by outlet, language and date."""
    query = repository.ArticleFilter(
        outlet=outlet,
        language=lang,
        since=_date_option(since),
        until=_date_option(until),
        limit=limit,
        offset=offset,
    )
    store = _store(ctx)
    with store.session() as session:
        articles = repository.list_articles(session, query)
        total = repository.count_articles(session)
    if as_json:
        _print_json([json_report.article_summary(a) for a in articles])
    else:
        console.print(
            terminal.articles_table(articles, title=f"Articles ({len(articles)} of {total})")
        )


@app.command(
    "show",
    epilog="Examples:\n\n  everyside show e689bad1\n\n  everyside show e689bad110a8b229 --json",
)
def show_command(
    ctx: typer.Context,
    article_id: Annotated[str, typer.Argument(help="Article id, or a unique prefix of it.")],
    boilerplate: Annotated[bool, typer.Option(help="Also show the boilerplate removed.")] = True,
    as_json: JsonFlag = False,
) -> None:
    """Show one article: metadata, body with its annotations highlighted, boilerplate, sources.

    Highlighted: entity mentions (cyan), quotes (green, speaker in bold), numbers
    (yellow) and dates (magenta), once `everyside analyze` has run.
    """
    store = _store(ctx)
    with store.session() as session:
        try:
            article = repository.get_article(session, article_id)
        except EverysideError as error:
            raise typer.BadParameter(str(error), param_hint="ARTICLE_ID") from None
        sources = repository.article_sources(session, article.id)
        found = analysis.load_analysis(session, article.id)
    if as_json:
        _print_json(json_report.article_detail(article, sources, found))
    else:
        console.print(terminal.article_panel(article, sources, found, boilerplate=boilerplate))


@app.command(
    "search",
    epilog=(
        "Examples:\n\n  everyside search Stoltenberg\n\n"
        "  everyside search '\"strategic partnership\" AND Pyongyang' --json"
    ),
)
def search_command(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help='Words, "phrases", AND/OR/NOT, prefix*.')],
    limit: Limit = 20,
    as_json: JsonFlag = False,
) -> None:
    """Full-text search over titles and bodies (SQLite FTS5 or PostgreSQL), best match first."""
    store = _store(ctx)
    with store.session() as session:
        results = repository.search_articles(session, store.fulltext, query, limit=limit)
    if as_json:
        _print_json([json_report.search_result(article, hit) for article, hit in results])
    else:
        console.print(terminal.search_table(results, query))


@app.command("demo", epilog="Example:\n\n  everyside --db /tmp/demo.db demo --output /tmp/demo")
def demo_command(
    ctx: typer.Context,
    corpus: Annotated[Path, typer.Option(help="The demo corpus folder.")] = DEMO_CORPUS,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Folder for the comparison, events and network.")
    ] = DEMO_OUTPUT,
) -> None:
    """Ingest, analyze and cluster the demo corpus; compare its richest story; export events."""
    try:
        inputs, options = demo_inputs(corpus)
    except EverysideError as error:
        raise typer.BadParameter(str(error)) from None
    store = _store(ctx)
    with _progress() as progress:
        demo = run_demo(
            store,
            inputs,
            options,
            output,
            ingest_progress=_ProgressBar(progress),
            analyze_progress=_AnalyzeBar(progress, progress.add_task("analyzing", total=None)),
            cluster_progress=_AnalyzeBar(progress, progress.add_task("clustering", total=None)),
        )
    _print_ingest(demo.ingested, as_json=False)
    _print_process(demo.processed)
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


def _run_process(store: Store, options: ProcessOptions) -> ProcessReport:
    """Analyze and cluster what is new, with progress bars, then print both summaries."""
    with _progress() as progress:
        report = process_new(
            store,
            options,
            analyze_progress=_AnalyzeBar(progress, progress.add_task("analyzing", total=None)),
            cluster_progress=_AnalyzeBar(progress, progress.add_task("clustering", total=None)),
        )
    _print_process(report)
    return report


def _print_process(report: ProcessReport) -> None:
    _print_analyze(report.analyzed)
    if report.clustered is not None:
        console.print(terminal.cluster_summary(report.clustered))


def _run_analyze(store: Store, options: AnalyzeOptions) -> AnalyzeReport:
    with _progress() as progress:
        task = progress.add_task("analyzing", total=None)
        report = analyze_store(store, options, progress=_AnalyzeBar(progress, task))
    _print_analyze(report)
    return report


def _print_analyze(report: AnalyzeReport) -> None:
    console.print(terminal.analyze_summary(report))
    for article_id, problem in report.failed:
        typer.echo(f"error: article {article_id}: {problem}", err=True)


class _AnalyzeBar:
    def __init__(self, progress: Progress, task: TaskID) -> None:
        self.progress, self.task = progress, task

    def start(self, total: int) -> None:
        self.progress.update(self.task, total=total)

    def advance(self, done: int) -> None:
        self.progress.update(self.task, completed=done)


@app.command(
    "analyze",
    epilog=(
        "Examples:\n\n  everyside analyze\n\n"
        "  everyside analyze --aliases my-entities.jsonl --processes 2"
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
    report = _run_analyze(_store(ctx), options)
    raise typer.Exit(0 if report.ok else 1)


@app.command(
    "quotes",
    epilog=(
        "Examples:\n\n  everyside quotes --speaker Stoltenberg\n\n"
        "  everyside quotes --article e689bad1 --json"
    ),
)
def quotes_command(
    ctx: typer.Context,
    speaker: Annotated[
        str | None, typer.Option(help="Speaker name (part of it) or entity id.")
    ] = None,
    article: Annotated[str | None, typer.Option(help="Only quotes in this article.")] = None,
    limit: Limit = 100,
    as_json: JsonFlag = False,
) -> None:
    """List quotes with their speakers, cue verbs and the medium they came through."""
    store = _store(ctx)
    with store.session() as session:
        try:
            article_id = repository.get_article(session, article).id if article else None
        except EverysideError as error:
            raise typer.BadParameter(str(error), param_hint="--article") from None
        found = analysis.list_quotes(session, speaker=speaker, article_id=article_id, limit=limit)
    if as_json:
        _print_json([json_report.quote(q, name) for q, name in found])
    else:
        console.print(terminal.quotes_table(found))


@app.command(
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
    store = _store(ctx)
    with store.session() as session:
        found = analysis.list_entities(session, kind=kind, limit=limit)
    if as_json:
        _print_json([json_report.entity_summary(e) for e in found])
    else:
        console.print(terminal.entities_table(found))


def _run_cluster(store: Store, *, rebuild_all: bool, processes: int = 1) -> ClusterReport:
    with _progress() as progress:
        task = progress.add_task("clustering", total=None)
        report = cluster_store(
            store,
            rebuild_all=rebuild_all,
            processes=processes,
            progress=_AnalyzeBar(progress, task),
        )
    console.print(terminal.cluster_summary(report))
    return report


@app.command(
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
    """Group analyzed articles into stories: new articles join a story or open one."""
    _run_cluster(_store(ctx), rebuild_all=rebuild, processes=processes)


@app.command("stories", epilog="Examples:\n\n  everyside stories\n\n  everyside stories --json")
def stories_command(
    ctx: typer.Context,
    limit: Limit = 50,
    offset: Offset = 0,
    as_json: JsonFlag = False,
) -> None:
    """List stories, most recent first: headline, outlets, languages, time span."""
    store = _store(ctx)
    with store.session() as session:
        found = story_store.list_stories(session, limit=limit, offset=offset)
    if as_json:
        _print_json([json_report.story(story) for story in found])
    else:
        console.print(terminal.stories_table(found))


@app.command("story", epilog="Examples:\n\n  everyside story 3f2a\n\n  everyside story 3f2a --json")
def story_command(
    ctx: typer.Context,
    story_id: Annotated[str, typer.Argument(help="Story id, or a unique prefix of it.")],
    as_json: JsonFlag = False,
) -> None:
    """Show one story: its articles, outlets, languages, key entities and keywords."""
    store = _store(ctx)
    with store.session() as session:
        try:
            found = story_store.get_story(session, story_id)
        except EverysideError as error:
            raise typer.BadParameter(str(error), param_hint="STORY_ID") from None
        articles = repository.get_articles(session, list(found.article_ids))
    if as_json:
        _print_json(json_report.story_detail(found, articles))
    else:
        console.print(terminal.story_panel(found, articles))


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


@app.command(
    "compare",
    epilog="Examples:\n\n  everyside compare 3f2a\n\n"
    "  everyside compare 3f2a --format html -o story.html\n\n"
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
            found = compare_story(_store(ctx), targets[0])
        else:
            options = IngestOptions(outlets_file=outlets, outlet=outlet)
            with err_console.status("reading and analyzing the articles"):
                found, report = compare_files(
                    targets, ingest_options=options, keep_going=keep_going
                )
            for event in report.errors:
                typer.echo(f"warning: {_printable(event.locator)}: {event.message}", err=True)
    except UnreadableInputs as error:
        for event in error.errors:
            typer.echo(f"error: {_printable(event.locator)}: {event.message}", err=True)
        if error.readable and not keep_going:
            typer.echo(
                "nothing compared (--keep-going compares the files that were read)", err=True
            )
        raise typer.Exit(1) from None
    except (EverysideError, ValueError) as error:
        raise typer.BadParameter(str(error), param_hint="TARGETS") from None
    notice = nothing_to_compare(found.outlets, len(found.articles))
    if notice is not None:
        typer.echo(_printable(notice), err=True)
    _render_comparison(found, fmt, output)


def _printable(text: str) -> str:
    """Text from the input with control characters (terminal escapes) shown, not obeyed."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


@app.command(
    "serve",
    epilog="Examples:\n\n  everyside serve\n\n  everyside --db news.db serve --port 8080\n\n"
    "  EVERYSIDE_API_KEY=secret everyside serve --host 0.0.0.0",
)
def serve_command(
    ctx: typer.Context,
    host: Annotated[
        str, typer.Option(help="Address to listen on; 0.0.0.0 opens it to the network.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    api_key: Annotated[
        str | None,
        typer.Option(envvar=API_KEY_ENV, show_envvar=True, help="Key that writes must carry."),
    ] = None,
) -> None:
    """Serve the REST API (/api/v1, documented at /docs) and the web app."""
    import uvicorn  # imported here: every other command starts faster without it

    from everyside.web import create_app

    try:
        web_app = create_app(ServeOptions(db=ctx.obj, api_key=api_key or None))
    except Exception as error:  # a bad URL or an unreadable file: one clear line
        raise typer.BadParameter(f"cannot open the store: {error}", param_hint="--db") from None
    err_console.print(f"everyside at [bold]http://{host}:{port}/[/bold] (Ctrl+C stops it)")
    uvicorn.run(web_app, host=host, port=port, log_level="warning")


db_app = typer.Typer(
    help="Manage the store itself: bring its schema up to date, copy it to another database.",
    no_args_is_help=True,
    epilog=(
        "Examples:\n\n  everyside db migrate\n\n"
        "  everyside db copy everyside.db postgresql://news@db.example.org/everyside"
    ),
)
app.add_typer(db_app, name="db")


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


class _CopyBar:
    """Shows a copy's progress on stderr, one table at a time."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task = progress.add_task("copying", total=None)

    def start(self, table: str, total: int) -> None:
        self.progress.reset(self.task, total=total, description=table)

    def advance(self, rows: int) -> None:
        self.progress.update(self.task, advance=rows)


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
        with _progress() as progress:
            report = copy_store(reader, writer, batch_size=batch_size, progress=_CopyBar(progress))
    except CopyError as error:
        raise typer.BadParameter(str(error)) from None
    console.print(
        f"Copied {report.copied} rows into [bold]{writer.location}[/bold]"
        f" ({report.skipped} already there)."
    )


def _event_filter(actor: str | None, since: str | None, code: str | None) -> EventFilter:
    moment = _date_option(since)
    return EventFilter(actor=actor, since=moment.date() if moment else None, code=code)


EventActor = Annotated[
    str | None, typer.Option(help="Actor code or its start: RUS matches RUSGOV and RUSMIL.")
]
EventSince = Annotated[str | None, typer.Option(help="Events on or after this date (YYYY-MM-DD).")]
EventCode = Annotated[
    str | None, typer.Option(help="CAMEO code or its start: 04 is every consultation.")
]


@app.command(
    "events",
    epilog="Examples:\n\n  everyside events --actor RUS\n\n"
    "  everyside events --since 2024-06-01 --code 05 --json\n\n"
    "  everyside events --gdelt events.tsv",
)
def events_command(
    ctx: typer.Context,
    actor: EventActor = None,
    since: EventSince = None,
    code: EventCode = None,
    gdelt: Annotated[
        Path | None, typer.Option(help="Also write the events in GDELT 2.0 columns to this file.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """List who did what to whom: coded events, each merged from every report of it."""
    store = _store(ctx)
    found = real_world_events(store, _event_filter(actor, since, code))
    if gdelt is not None:
        gdelt.write_text(gdelt_export(store, found), encoding="utf-8")
        err_console.print(f"Wrote [bold]{gdelt}[/bold]")
    if as_json:
        _print_json([json_report.real_world_event(event) for event in found])
    else:
        console.print(terminal.events_table(found))


@app.command(
    "network",
    epilog="Examples:\n\n  everyside network -o network/\n\n"
    "  everyside network --actor RUS --window-days 30 --top 20 -o russia/",
)
def network_command(
    ctx: typer.Context,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Folder for network.graphml, .json and .svg.")
    ] = Path("."),
    window_days: Annotated[
        int, typer.Option(min=1, help="Length of each time window of the graph, in days.")
    ] = 7,
    top: Annotated[int, typer.Option(min=2, help="Actors shown in the picture.")] = 15,
    actor: EventActor = None,
    since: EventSince = None,
    code: EventCode = None,
) -> None:
    """Write the actor network (event counts and mean Goldstein per time window) and its picture."""
    store = _store(ctx)
    found = real_world_events(store, _event_filter(actor, since, code))
    files = write_network(found, output, window_days=window_days, top=top)
    console.print(
        f"{len(found)} events → [bold]{files.graphml}[/bold], [bold]{files.json}[/bold], "
        f"[bold]{files.svg}[/bold]"
    )


@app.command(
    "watch",
    epilog="Examples:\n\n  everyside watch examples/watch.toml\n\n"
    "  everyside watch watch.toml --once\n\n  everyside watch watch.toml --status",
)
def watch_command(
    ctx: typer.Context,
    config: Annotated[Path, typer.Argument(help="The watch configuration (TOML).")],
    once: Annotated[bool, typer.Option("--once", help="Poll the due feeds once and exit.")] = False,
    status: Annotated[
        bool, typer.Option("--status", help="Show each feed's health and exit.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Watch feeds: ingest new items, analyze, cluster and raise alerts until stopped."""
    # Imported here: only this long-running command needs them.
    import logging
    import signal
    import threading

    from rich.logging import RichHandler

    from everyside.watch import WatchConfigError, Watcher, feed_status, load_config
    from everyside.watch.status import status_table

    try:
        watch_config = load_config(config)
    except WatchConfigError as error:
        raise typer.BadParameter(str(error), param_hint="CONFIG") from None
    store = _store(ctx)
    if status:
        states = feed_status(store, watch_config)
        if as_json:
            _print_json([state.as_dict() for state in states])
        else:
            console.print(status_table(states))
        return
    logging.basicConfig(
        level=logging.INFO, format="%(message)s", handlers=[RichHandler(console=err_console)]
    )
    # The watcher logs what matters per feed; one line per HTTP request would drown it.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    watcher = Watcher(store, watch_config, stop=stop)
    try:
        report = watcher.run_once() if once else watcher.run()
    finally:
        watcher.close()
    summary = (
        f"{report.polled} polls ({report.not_modified} unchanged, {report.failed} failed), "
        f"{report.added} new articles, {report.alerts} alerts"
    )
    if as_json:
        _print_json({"summary": summary, "errors": report.errors})
    else:
        err_console.print(summary)
