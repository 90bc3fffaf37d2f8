"""Compare a stored story, or files read on the spot, with the same ``compare_articles``.

Both first add to each article the names its story's other articles found
(``analyze.projection``): languages without a recognizer get them only there.
"""

from __future__ import annotations

import hashlib
import json
import logging
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from everyside import __version__
from everyside.analyze.pipeline import ANALYSIS_VERSION, AnalyzeOptions
from everyside.analyze.projection import with_projected
from everyside.compare import compare_articles
from everyside.compare.decode import comparison_from_json, record_layout
from everyside.compare.naming import name_unnamed
from everyside.compare.options import CompareOptions
from everyside.compare.results import Comparison
from everyside.errors import EverysideError
from everyside.ingest.pipeline import IngestEvent, IngestReport
from everyside.jobs.ingest import ingest
from everyside.jobs.process import ProcessOptions, process_new
from everyside.model import Article, ArticleAnalysis, StorySummary, json_ready
from everyside.settings import IngestOptions
from everyside.store.analysis import load_analyses
from everyside.store.comparisons import cached_comparison, keep_comparison, member_marks
from everyside.store.db import Store, StoreBusy, open_store
from everyside.store.repository import get_articles
from everyside.store.stories import get_story, list_stories

logger = logging.getLogger(__name__)

# One lock per story being compared in this process: concurrent requests for a story
# whose comparison is not kept yet wait for the first to compute it, not all compute it.
_computing: dict[tuple[str, str], threading.Lock] = {}
_computing_guard = threading.Lock()


class UnreadableInputs(EverysideError):
    """Some of the inputs to compare could not be read; ``errors`` names each one."""

    def __init__(self, errors: list[IngestEvent], readable: int) -> None:
        self.errors = errors
        self.readable = readable
        super().__init__(f"{len(errors)} input(s) could not be read")


def compare_story(
    store: Store,
    story_id: str,
    options: CompareOptions | None = None,
    *,
    cached: bool = True,
) -> Comparison:
    """Compare the articles of a stored, analyzed story (an id or a unique id prefix).

    The comparison is kept in the store under a stamp of what it was computed from
    (``comparison_stamp``) and read back while the stamp matches: once per story version
    for the web page, the API, the CLI and the watcher's rules. ``cached=False`` computes
    it afresh and keeps nothing.
    """
    with store.session() as session:
        story = get_story(session, story_id)
        stamp = story_stamp(session, story, options)
        if cached and (found := _read_kept(session, story.id, stamp)) is not None:
            return found
    if not cached:
        return _compute(store, story, options)
    with _computing_guard:
        lock = _computing.setdefault((store.url, story.id), threading.Lock())
    with lock:
        with store.session() as session:
            # Another thread may have kept it while this one waited for the lock.
            if (found := _read_kept(session, story.id, stamp)) is not None:
                return found
        found = _compute(store, story, options)
        _keep(store, story.id, stamp, found)
        with _computing_guard:
            # Kept now: later requests read it, so the lock need not outlive this one.
            _computing.pop((store.url, story.id), None)
    return found


def story_stamp(
    session: Session, story: StorySummary, options: CompareOptions | None = None
) -> str:
    """The stamp of the story's comparison as its members stand now (``comparison_stamp``)."""
    return comparison_stamp(story, member_marks(session, list(story.article_ids)), options)


def comparison_stamp(
    story: StorySummary, marks: list[tuple[str, ...]], options: CompareOptions | None
) -> str:
    """A digest of all a story's comparison is computed from: it changes when any of it does.

    The story's id, headline and members, each member's marks (``member_marks``: its
    analysis version and time among them), the analysis version, the options, the
    layout of the comparison's records and everyside's version.
    """
    key = json.dumps(
        [
            __version__,
            ANALYSIS_VERSION,
            record_layout(),
            asdict(options or CompareOptions()),
            story.id,
            story.headline,
            list(story.article_ids),
            [list(mark) for mark in marks],
        ],
        sort_keys=True,
    )
    return hashlib.sha256(key.encode()).hexdigest()


def _compute(store: Store, story: StorySummary, options: CompareOptions | None) -> Comparison:
    """The story's comparison, computed from its stored articles and analyses."""
    with store.session() as session:
        articles = get_articles(session, list(story.article_ids))
        analyses = {a.article_id: a for a in load_analyses(session, [a.id for a in articles])}
    name_unnamed(articles)
    return compare_articles(
        articles,
        with_projected(articles, analyses),
        options=options,
        story_id=story.id,
        headline=story.headline,
    )


def _read_kept(session: Session, story_id: str, stamp: str) -> Comparison | None:
    """The story's kept comparison under this stamp, or None (also when it cannot be read)."""
    data = cached_comparison(session, story_id, stamp)
    if data is None:
        return None
    try:
        return comparison_from_json(data)
    except (TypeError, ValueError, KeyError) as error:
        logger.warning(
            "kept comparison of %s is unreadable, computing it again: %s", story_id, error
        )
        return None


def _keep(store: Store, story_id: str, stamp: str, found: Comparison) -> None:
    """Keep a computed comparison; a store that cannot take it now only costs a recompute."""
    try:
        with store.session() as session:
            keep_comparison(session, story_id, stamp, json_ready(found))
            session.commit()
    except (SQLAlchemyError, StoreBusy) as error:
        logger.warning("could not keep the comparison of %s: %s", story_id, error)


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
    return compare_articles(articles, with_projected(articles, analyses), options=options), report
