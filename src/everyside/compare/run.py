"""Compare a stored story, or files read on the spot, with the same ``compare_articles``."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path

from everyside.analyze.pipeline import AnalyzeOptions
from everyside.analyze.run import analyze_store
from everyside.errors import EverysideError
from everyside.ingest.pipeline import IngestReport, ingest
from everyside.settings import IngestOptions
from everyside.store.analysis import load_analyses
from everyside.store.db import Store, open_store
from everyside.store.repository import get_articles
from everyside.store.stories import get_story, list_stories

from . import compare_articles
from .options import CompareOptions
from .results import Comparison


def compare_story(store: Store, story_id: str, options: CompareOptions | None = None) -> Comparison:
    """Compare the articles of a stored, analyzed story (an id or a unique id prefix)."""
    with store.session() as session:
        story = get_story(session, story_id)
        articles = get_articles(session, list(story["article_ids"]))
        analyses = {a.article_id: a for a in load_analyses(session, [a.id for a in articles])}
    return compare_articles(articles, analyses, options=options, story_id=story["id"])


def richest_story(store: Store) -> str | None:
    """The story covered by the most outlets (then the most articles): the best to compare."""
    with store.session() as session:
        stories = list_stories(session, limit=1_000_000)
    if not stories:
        return None
    best = max(stories, key=lambda s: (len(s["outlets"]), s["size"], s["id"]))
    return str(best["id"])


def compare_files(
    patterns: Iterable[str],
    options: CompareOptions | None = None,
    *,
    ingest_options: IngestOptions | None = None,
    analyze_options: AnalyzeOptions | None = None,
) -> tuple[Comparison, IngestReport]:
    """Read, analyze and compare articles as one story, without touching the user's store.

    The articles pass through the same ingest and analysis as stored ones (boilerplate,
    language, duplicates), in a throw-away store; the report says what could not be read.
    """
    with tempfile.TemporaryDirectory(prefix="everyside-compare-") as scratch:
        store = open_store(str(Path(scratch) / "compare.db"))
        try:
            report = ingest(patterns, store, ingest_options)
            article_ids = list(dict.fromkeys(e.article_id for e in report.events if e.article_id))
            if not article_ids:
                raise EverysideError("no article could be read from the given files")
            analyze_store(store, analyze_options)
            with store.session() as session:
                articles = get_articles(session, article_ids)
                stored = load_analyses(session, [a.id for a in articles])
                analyses = {a.article_id: a for a in stored}
        finally:
            store.close()
    return compare_articles(articles, analyses, options=options), report
