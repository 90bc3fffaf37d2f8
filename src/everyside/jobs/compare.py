"""Compare a stored story, or files read on the spot, with the same ``compare_articles``."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path

from everyside.analyze.pipeline import AnalyzeOptions
from everyside.compare import compare_articles
from everyside.compare.naming import name_unnamed
from everyside.compare.options import CompareOptions
from everyside.compare.results import Comparison
from everyside.errors import EverysideError
from everyside.ingest.pipeline import IngestEvent, IngestReport
from everyside.jobs.ingest import ingest
from everyside.jobs.process import ProcessOptions, process_new
from everyside.model import Article, ArticleAnalysis
from everyside.settings import IngestOptions
from everyside.store.analysis import load_analyses
from everyside.store.db import Store, open_store
from everyside.store.repository import get_articles
from everyside.store.stories import get_story, list_stories


class UnreadableInputs(EverysideError):
    """Some of the inputs to compare could not be read; ``errors`` names each one."""

    def __init__(self, errors: list[IngestEvent], readable: int) -> None:
        self.errors = errors
        self.readable = readable
        super().__init__(f"{len(errors)} input(s) could not be read")


def compare_story(store: Store, story_id: str, options: CompareOptions | None = None) -> Comparison:
    """Compare the articles of a stored, analyzed story (an id or a unique id prefix)."""
    with store.session() as session:
        story = get_story(session, story_id)
        articles = get_articles(session, list(story.article_ids))
        analyses = {a.article_id: a for a in load_analyses(session, [a.id for a in articles])}
    name_unnamed(articles)
    return compare_articles(
        articles, analyses, options=options, story_id=story.id, headline=story.headline
    )


def richest_story(store: Store) -> str | None:
    """The story covered by the most outlets (then the most articles): the best to compare."""
    with store.session() as session:
        stories = list_stories(session, limit=1_000_000)
    if not stories:
        return None
    best = max(stories, key=lambda s: (len(s.outlets), s.size, s.id))
    return best.id


def read_files(
    patterns: Iterable[str],
    *,
    ingest_options: IngestOptions | None = None,
    analyze_options: AnalyzeOptions | None = None,
    keep_going: bool = True,
) -> tuple[list[Article], dict[str, ArticleAnalysis], IngestReport]:
    """Read and analyze articles in a throw-away store: what ``compare_files`` compares.

    The articles pass through the same ingest and analysis as stored ones (boilerplate,
    language, duplicates); the report says what could not be read. Raises
    UnreadableInputs when an input fails and not ``keep_going``, or when nothing was read.
    """
    with tempfile.TemporaryDirectory(prefix="everyside-compare-") as scratch:
        store = open_store(str(Path(scratch) / "compare.db"))
        try:
            report = ingest(patterns, store, ingest_options)
            article_ids = list(dict.fromkeys(e.article_id for e in report.events if e.article_id))
            # Checked before the analysis, the slow part: a typo fails at once.
            if report.errors and (not keep_going or not article_ids):
                raise UnreadableInputs(report.errors, len(article_ids))
            if not article_ids:
                raise EverysideError("no article could be read from the given files")
            process_new(store, ProcessOptions(analyze=analyze_options, stories=False))
            with store.session() as session:
                articles = get_articles(session, article_ids)
                stored = load_analyses(session, [a.id for a in articles])
                analyses = {a.article_id: a for a in stored}
        finally:
            store.close()
    return articles, analyses, report


def compare_files(
    patterns: Iterable[str],
    options: CompareOptions | None = None,
    *,
    ingest_options: IngestOptions | None = None,
    analyze_options: AnalyzeOptions | None = None,
    keep_going: bool = True,
) -> tuple[Comparison, IngestReport]:
    """Read, analyze and compare articles as one story, without touching the user's store.

    Articles that name no outlet are called "outlet N" after their place in the input.
    """
    articles, analyses, report = read_files(
        patterns,
        ingest_options=ingest_options,
        analyze_options=analyze_options,
        keep_going=keep_going,
    )
    name_unnamed(articles)
    return compare_articles(articles, analyses, options=options), report
