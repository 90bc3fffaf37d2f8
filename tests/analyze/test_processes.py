"""Analysis in worker processes gives what one process gives (docs travel as msgpack)."""

from __future__ import annotations

from datetime import UTC, datetime

from everyside.analyze.pipeline import AnalyzeOptions, analyze_articles
from everyside.ingest.article import build_article
from everyside.model import Outlet, SourceRef


def _article(number: int, body: str):  # type: ignore[no-untyped-def]
    article = build_article(
        title=f"Harbour report {number}",
        paragraphs=[body],
        source=SourceRef(locator=f"{number}.txt", format="text"),
        outlet=Outlet(name="Wren Courier"),
        published_at=datetime(2024, 6, 19, 9, tzinfo=UTC),
    )
    article.language = "en"
    return article


def test_two_processes_find_what_one_finds() -> None:
    articles = [
        _article(
            n,
            f'Mayor Ana Ruiz said on Wednesday that {n + 2} ferries would resume. "We are ready," '
            "she told reporters in Port Wren. Vladimir Putin signed an agreement with Kim Jong Un.",
        )
        for n in range(4)
    ]
    one = list(analyze_articles(articles, AnalyzeOptions(batch_size=2)))
    two = list(analyze_articles(articles, AnalyzeOptions(batch_size=2, processes=2)))
    assert two == one
    assert all(found.times and found.times[0].value for found in two)  # dates survive packing
    assert all(found.quotes and found.events for found in two)
