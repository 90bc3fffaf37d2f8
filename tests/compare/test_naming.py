"""Outlet names in a comparison: from the article, never from a file name."""

from __future__ import annotations

from everyside.compare import outlet_name
from everyside.compare.naming import name_unnamed, nothing_to_compare, source_name
from everyside.model import Article, Outlet, SourceRef


def _article(article_id: str, *, outlet: str | None = None, url: str | None = None) -> Article:
    return Article(
        id=article_id,
        title="Pier closes",
        body="The pier will close for repairs in August.",
        content_hash=article_id,
        source=SourceRef(locator=f"scraped/{article_id}_3f9a.txt", format="text"),
        outlet=Outlet(name=outlet) if outlet else None,
        url=url,
    )


def test_the_name_comes_from_the_outlet_then_the_site() -> None:
    assert source_name(_article("a1", outlet="Isle Post")) == "Isle Post"
    assert source_name(_article("a2", url="https://www.isle.example/pier")) == "isle.example"
    assert source_name(_article("a3")) is None


def test_a_file_name_is_never_an_outlet() -> None:
    unnamed = _article("a3c5e7f9")
    assert "txt" not in outlet_name(unnamed) and outlet_name(unnamed).startswith("outlet ")


def test_unnamed_articles_are_numbered_by_their_place() -> None:
    articles = [_article("a1", outlet="Isle Post"), _article("a2"), _article("a3")]
    name_unnamed(articles)
    assert [outlet_name(a) for a in articles] == ["Isle Post", "outlet 2", "outlet 3"]


def test_a_neutral_label_never_takes_a_real_name() -> None:
    articles = [_article("a1"), _article("a2", outlet="outlet 1")]
    name_unnamed(articles)
    assert [outlet_name(a) for a in articles] == ["outlet 1*", "outlet 1"]


def test_fewer_than_two_outlets_is_nothing_to_compare() -> None:
    assert nothing_to_compare(["Isle Post", "Wren Courier"], 2) is None
    assert nothing_to_compare(["Isle Post"], 1) == "nothing to compare: the story has one article"
    assert "all 3 articles are from one outlet (Isle Post)" in str(
        nothing_to_compare(["Isle Post"], 3)
    )
