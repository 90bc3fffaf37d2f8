"""Reading the stories: ``stories`` and ``story``."""

from __future__ import annotations

from typing import Annotated

import typer

from everyside.cli.output import JsonFlag, Limit, Offset, cli_store, print_result, usage_error
from everyside.report import json as json_report
from everyside.report import terminal
from everyside.store import repository
from everyside.store import stories as story_store

commands = typer.Typer()


@commands.command(
    "stories", epilog="Examples:\n\n  everyside stories\n\n  everyside stories --json"
)
def stories_command(
    ctx: typer.Context,
    limit: Limit = 50,
    offset: Offset = 0,
    as_json: JsonFlag = False,
) -> None:
    """List stories, most recent first: headline, outlets, languages, time span."""
    store = cli_store(ctx)
    with store.session() as session:
        found = story_store.list_stories(session, limit=limit, offset=offset)
    print_result(
        as_json,
        lambda: [json_report.story(story) for story in found],
        lambda: terminal.stories_table(found),
    )


@commands.command(
    "story", epilog="Examples:\n\n  everyside story 3f2a\n\n  everyside story 3f2a --json"
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
    print_result(
        as_json,
        lambda: json_report.story_detail(found, articles),
        lambda: terminal.story_panel(found, articles),
    )
