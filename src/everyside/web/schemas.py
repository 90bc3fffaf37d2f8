"""The API's own models: errors, pages of lists, and what clients send.

Every record the API returns (article, story, entity, quote, ingest report, comparison,
real-world event) has the one shape the CLI's ``--json`` prints too, defined in
``everyside.report.shapes`` and ``everyside.report.shapes_compare``; the pages here
hold those shapes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Self

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field

from everyside.model import StorySummary
from everyside.report.shapes import ArticleHitOut, EntityOut, QuoteOut, StoryOut

if TYPE_CHECKING:
    from everyside.store.analysis import EntitySummary

# Every list endpoint pages with these. 500 keeps one response small enough to render.
MAX_LIMIT = 500
# A billion: beyond any store, and within the 64-bit integers SQLite binds.
MAX_OFFSET = 1_000_000_000

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")]


class ErrorOut(BaseModel):
    """Every error the API raises itself: one line saying what was wrong."""

    detail: str


class Page(BaseModel):
    """What every page of a list carries besides its items."""

    limit: int
    offset: int
    total: int = Field(description="Items matching the request, over all pages.")


# ---------------------------------------------------------------------------- ingest


class ArticleIn(BaseModel):
    """One article sent as JSON; read like a line of a JSONL file."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, description="The body; paragraphs separated by blank lines.")
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = Field(
        default=None, description="Publication time, ISO 8601 or as news sites write it."
    )
    author: str | None = None
    language: str | None = Field(
        default=None,
        description="Accepted for compatibility; the stored language is always detected.",
    )


class ArticlesIn(BaseModel):
    """A JSON ingest request."""

    model_config = ConfigDict(extra="forbid")

    articles: list[ArticleIn] = Field(min_length=1)


# ---------------------------------------------------------------------------- articles


class ArticlePage(Page):
    """A page of articles."""

    items: list[ArticleHitOut]
    next: str | None = Field(
        default=None,
        description="Pass as `cursor` for the next page (none after the last page or for a "
        "search). A cursor stays fast however deep the page; an offset walks every article "
        "before it.",
    )


# ---------------------------------------------------------------------------- stories


class StoryPage(Page):
    """A page of stories, most recent first."""

    items: list[StoryOut]


# ---------------------------------------------------------------------------- entities, quotes


class EntityPage(Page):
    """A page of entities, most mentioned (in articles) first."""

    items: list[EntityOut]


class EntityDetailOut(EntityOut):
    """An entity and the stories it appears in, most recent first."""

    stories: list[StoryOut]

    @classmethod
    def detail_of(cls, summary: EntitySummary, stories: list[StorySummary]) -> Self:
        """An entity with its counts and the stories given."""
        return cls(**cls.entity_fields(summary), stories=[StoryOut.of(s) for s in stories])


class QuotePage(Page):
    """A page of quotes."""

    items: list[QuoteOut]


def inline_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON Schema with nested models written in place, for ``openapi_extra``.

    A schema in ``openapi_extra`` cannot point into ``$defs``: references resolve
    against the whole OpenAPI document, where only ``components`` lives.
    """
    schema = model.model_json_schema()
    definitions = schema.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return resolve(definitions[node["$ref"].rsplit("/", 1)[-1]])
            return {key: resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [resolve(item) for item in node]
        return node

    resolved: dict[str, Any] = resolve(schema)
    return resolved
