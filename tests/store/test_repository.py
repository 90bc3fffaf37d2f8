"""Article pages by cursor: the same articles in the same order as by offset, however deep."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from everyside.ingest.article import build_article
from everyside.model import Outlet, SourceRef
from everyside.store import repository
from everyside.store.db import Store
from everyside.store.repository import ArticleCursor, ArticleFilter, BadCursor
from tests.store.test_store import _add


def _articles(store: Store) -> None:
    """Ten articles: four published on one day, three on others, three undated."""
    days = ["2024-06-18"] * 4 + ["2024-06-20", "2024-06-17", "2024-05-01"] + [None] * 3
    _add(
        store,
        *(
            build_article(
                title=f"Article {number}",
                paragraphs=[f"Harbour news number {number} from Port Wren."],
                source=SourceRef(locator=f"{number}.txt", format="text"),
                outlet=Outlet(name="Wren Courier" if number % 2 else "Holt Gazette"),
                published_at=datetime.fromisoformat(day) if day else None,
            )
            for number, day in enumerate(days)
        ),
    )


def _by_cursor(store: Store, query: ArticleFilter) -> list[str]:
    """Every article of the query, a page at a time, each page after the last one's cursor."""
    found: list[str] = []
    with store.session() as session:
        while True:
            page = repository.find_articles(session, store.fulltext, query)
            found += [article.id for article, _ in page.items]
            if page.next is None:
                return found
            query = replace(query, after=ArticleCursor.decode(page.next.encode()))


@pytest.mark.parametrize("limit", [1, 2, 3, 10])
def test_pages_by_cursor_hold_the_offset_order(any_store: Store, limit: int) -> None:
    _articles(any_store)
    with any_store.session() as session:
        everything = [a.id for a in repository.list_articles(session, ArticleFilter(limit=100))]
        wren = ArticleFilter(outlet="wren courier", limit=100)
        of_wren = [a.id for a in repository.list_articles(session, wren)]
    assert len(everything) == 10 and len(of_wren) == 5
    assert _by_cursor(any_store, ArticleFilter(limit=limit)) == everything
    assert _by_cursor(any_store, replace(wren, limit=limit)) == of_wren


def test_an_offset_after_a_cursor_skips_from_there(any_store: Store) -> None:
    _articles(any_store)
    with any_store.session() as session:
        everything = [a.id for a in repository.list_articles(session, ArticleFilter(limit=100))]
        first = repository.find_articles(session, any_store.fulltext, ArticleFilter(limit=3))
        assert first.next is not None
        after = ArticleFilter(limit=4, offset=2, after=first.next)
        assert [a.id for a in repository.list_articles(session, after)] == everything[5:9]


@pytest.mark.parametrize("text", ["", "not-a-cursor", "WyJ4Il0", "e30"])
def test_a_cursor_not_written_by_a_page_is_refused(text: str) -> None:
    with pytest.raises(BadCursor):
        ArticleCursor.decode(text)


def test_article_texts_are_title_and_body_with_the_language_in_the_order_asked(
    any_store: Store,
) -> None:
    _articles(any_store)
    with any_store.session() as session:
        page = repository.find_articles(session, any_store.fulltext, ArticleFilter(limit=3))
        first, _, third = [article for article, _ in page.items]
        texts = repository.article_texts(session, [third.id, "unknown", first.id])
    assert texts == [(f"{a.title}\n{a.body}", a.language) for a in (third, first)]
