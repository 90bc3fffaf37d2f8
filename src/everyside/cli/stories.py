"""Reading the stories: ``stories`` and ``story``."""

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
from everyside.model import as_utc
from everyside.report import json as json_report
from everyside.report import terminal
from everyside.store import repository
from everyside.store import stories as story_store
from everyside.store.stories import StorySort

commands = typer.Typer()


@commands.command(
    "stories",
    epilog=(
        "Examples:\n\n  everyside stories\n\n"
        "  everyside stories --min-outlets 3 --lang en --lang de --since 2024-06-01\n\n"
        "  everyside stories --sort recent --min-size 1 --json"
    ),
)
def stories_command(
    ctx: typer.Context,
    sort: Annotated[
        StorySort,
        typer.Option(
            help="coverage: widest coverage first, newer first as coverage halves every "
            "two days of age; widest: widest coverage of any age; recent: newest first."
        ),
    ] = StorySort.COVERAGE,
    min_size: Annotated[
        int,
        typer.Option(
            min=1,
            max=1_000_000,
            help="At least this many articles (1 shows single-article stories).",
        ),
    ] = 2,
    min_outlets: Annotated[
        int, typer.Option(min=1, max=1_000_000, help="At least this many outlets.")
    ] = 1,
    min_languages: Annotated[
        int, typer.Option(min=1, max=1_000_000, help="At least this many languages.")
    ] = 1,
    lang: Annotated[
        list[str] | None,
        typer.Option(help="An article in this language (ISO 639-1); repeat for each one needed."),
    ] = None,
    outlet: Annotated[str | None, typer.Option(help="An article from this outlet.")] = None,
    group: Annotated[
        str | None,
        typer.Option(help="An outlet from this country (ISO 3166 alpha-3, e.g. DEU)."),
    ] = None,
    entity: Annotated[
        str | None,
        typer.Option(help="An article mentioning this entity (its id or its canonical name)."),
    ] = None,
    since: Annotated[str | None, typer.Option(help="Last article on or after this date.")] = None,
    until: Annotated[str | None, typer.Option(help="First article before this date.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
    as_json: JsonFlag = False,
) -> None:
    """List stories, widest coverage first: outlets by country, languages, time span, headline.

    Single-article stories are left out unless --min-size 1 is given.
    """
    query = story_store.StoryFilter(
        languages=tuple(lang or ()),
        outlet=outlet or "",
        group=group or "",
        entity=entity or "",
        since=as_utc(date_option(since)),
        until=as_utc(date_option(until)),
        min_size=min_size,
        min_outlets=min_outlets,
        min_languages=min_languages,
    )
    store = cli_store(ctx)
    with store.session() as session:
        found = story_store.list_stories(
            session, limit=limit, offset=offset, query=query, sort=sort
        )
        total = story_store.count_stories(session, query)
        groups = story_store.story_groups(session)
    print_result(
        as_json,
        lambda: [json_report.story(story, groups) for story in found],
        lambda: terminal.stories_table(found, total=total, offset=offset),
    )


@commands.command(
    "story", epilog="Examples:\n\n  everyside story f931\n\n  everyside story f931 --json"
)
def story_command(
    ctx: typer.Context,
    story_id: Annotated[str, typer.Argument(help="Story id, or a unique prefix of it.")],
    as_json: JsonFlag = False,
) -> None:
    """Show one story: its articles, outlets, languages, key entities and keywords."""
    store = cli_store(ctx)
    with store.session() as session:
        with usage_error("STORY_ID"):
            found = story_store.get_story(session, story_id)
        articles = repository.get_articles(session, list(found.article_ids))
        groups = story_store.story_groups(session)
    print_result(
        as_json,
        lambda: json_report.story_detail(found, articles, groups),
        lambda: terminal.story_panel(found, articles, groups),
    )
