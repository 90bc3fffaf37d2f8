"""Reading the stored articles: ``articles``, ``show`` and ``search``."""

from __future__ import annotations

from typing import Annotated

import typer

from everyside.cli.output import (
    JsonFlag,
    Limit,
    Offset,
    cli_store,
    date_option,
    print_result,
    usage_error,
)
from everyside.report import json as json_report
from everyside.report import terminal
from everyside.store import analysis, repository

commands = typer.Typer()


@commands.command(
    "articles",
    epilog=(
        "Examples:\n\n  everyside articles --lang id\n\n"
        "  everyside articles --outlet 'Kyiv Pulse' --since 2024-06-01 --json"
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
        since=date_option(since),
        until=date_option(until),
        limit=limit,
        offset=offset,
    )
    store = cli_store(ctx)
    with store.session() as session:
        articles = repository.list_articles(session, query)
        total = repository.count_articles(session)
    print_result(
        as_json,
        lambda: [json_report.article_summary(a) for a in articles],
        lambda: terminal.articles_table(articles, title=f"Articles ({len(articles)} of {total})"),
    )


@commands.command(
    "show",
    epilog="Examples:\n\n  everyside show a6d39301\n\n  everyside show a6d39301d0dba86e --json",
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
    store = cli_store(ctx)
    with store.session() as session:
        with usage_error("ARTICLE_ID"):
            article = repository.get_article(session, article_id)
        sources = repository.article_sources(session, article.id)
        found = analysis.load_analysis(session, article.id)
    print_result(
        as_json,
        lambda: json_report.article_detail(article, sources, found),
        lambda: terminal.article_panel(article, sources, found, boilerplate=boilerplate),
    )


@commands.command(
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
    store = cli_store(ctx)
    with store.session() as session:
        results = repository.search_articles(session, store.fulltext, query, limit=limit)
    print_result(
        as_json,
        lambda: [json_report.search_result(article, hit) for article, hit in results],
        lambda: terminal.search_table(results, query),
    )
