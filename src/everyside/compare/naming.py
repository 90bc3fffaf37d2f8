"""What a comparison calls each outlet: the name its article gives, never a file name."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from everyside.model import Article, Outlet


def source_name(article: Article) -> str | None:
    """The outlet as the article names it, else its site's host; None when it names neither."""
    if article.outlet is not None:
        return article.outlet.name
    host = urlsplit(article.url).hostname if article.url else None
    return host.removeprefix("www.") if host else None


def neutral_name(position: int) -> str:
    """The label of an outlet nothing names, by the article's place in the story (from 1)."""
    return f"outlet {position}"


def name_unnamed(articles: Sequence[Article]) -> None:
    """Give each article that names no outlet a neutral one, "outlet 2" for the second.

    The label is the article's position among all of them (the order the files were
    given in), so a reader can tell which input it is; it never clashes with a real name.
    """
    taken = {source_name(a) for a in articles}
    for position, article in enumerate(articles, start=1):
        if source_name(article) is None:
            label = neutral_name(position)
            while label in taken:
                label += "*"
            taken.add(label)
            article.outlet = Outlet(name=label)


def nothing_to_compare(outlets: Sequence[str], articles: int) -> str | None:
    """Why a story cannot be compared (fewer than two outlets), or None when it can."""
    if len(outlets) >= 2:
        return None
    if articles == 1:
        return "nothing to compare: the story has one article"
    if not outlets:
        return "nothing to compare: the story has no articles"
    return f"nothing to compare: all {articles} articles are from one outlet ({outlets[0]})"
