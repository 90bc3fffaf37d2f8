"""A story's comparison kept once per story version, on SQLite and PostgreSQL (issues 20, 23)."""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import Select, select

from everyside.compare import compare_articles
from everyside.compare.decode import comparison_from_json
from everyside.compare.options import CompareOptions
from everyside.compare.results import Comparison
from everyside.jobs import compare as compare_job
from everyside.model import Article, ArticleAnalysis, StorySummary, json_ready
from everyside.store import comparisons, repository
from everyside.store import stories as story_store
from everyside.store.analysis import save_analyses
from everyside.store.db import Store
from everyside.store.models import StoryArticleRow, StoryComparisonRow
from tests.compare.story import BODY_A, WordHashEmbedder, _analysis, ferry_story, made_article

STORY = "story-ferry"
THIRD_BODY = (
    "About 1,200 ferry workers walked out on Monday across the islands. "
    "Mayor Ana Ruiz said talks would resume on Friday with the union."
)


class CountedCompare:
    """``compare_articles`` with bag-of-words vectors (no model to load), counting its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(
        self, articles: Sequence[Article], analyses: dict[str, ArticleAnalysis], **kwargs: Any
    ) -> Comparison:
        """Compare, as ``jobs.compare`` does, and count."""
        self.calls += 1
        return compare_articles(articles, analyses, embedder=WordHashEmbedder(), **kwargs)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> CountedCompare:
    """Every comparison ``compare_story`` computes, counted."""
    counter = CountedCompare()
    monkeypatch.setattr(compare_job, "compare_articles", counter)
    return counter


def _summary(article_ids: list[str]) -> StorySummary:
    return StorySummary(
        id=STORY,
        headline="Ferry strike",
        headline_article_id=article_ids[0],
        size=len(article_ids),
        first_seen=None,
        last_seen=None,
        outlets=(),
        languages=("en",),
        key_entities=(),
        keywords=(),
        article_ids=tuple(article_ids),
    )


def _store_story(store: Store, articles: list[Article], analyses: list[ArticleAnalysis]) -> None:
    """Store the articles and their analyses, and (re)save the story holding every member."""
    with store.transaction() as session:
        for article in articles:
            repository.add_article(session, store.fulltext, article)
        save_analyses(session, analyses, "test")
        for article in articles:
            story_store.assign(session, article.id, STORY, 1.0)
        members = [a for (a,) in session.execute(_members())]
        story_store.save_story(session, _summary(members))


def _members() -> Select[tuple[str]]:
    """The story's members, in the order they were assigned."""
    return (
        select(StoryArticleRow.article_id)
        .where(StoryArticleRow.story_id == STORY)
        .order_by(StoryArticleRow.sequence)
    )


@pytest.fixture
def ferry_store(any_store: Store) -> Store:
    """A store holding the made-up ferry story: two outlets, analyzed, in one story."""
    articles, analyses = ferry_story()
    _store_story(any_store, articles, list(analyses.values()))
    return any_store


def _json(found: Comparison) -> str:
    return json.dumps(json_ready(found), sort_keys=True)


def test_a_comparison_reads_back_from_its_json_as_it_was(ferry_comparison: Comparison) -> None:
    data = json.loads(json.dumps(json_ready(ferry_comparison)))
    assert comparison_from_json(data) == ferry_comparison


def test_kept_comparison_is_the_computed_one_and_computed_once(
    ferry_store: Store, counted: CountedCompare
) -> None:
    fresh = compare_job.compare_story(ferry_store, STORY, cached=False)
    first = compare_job.compare_story(ferry_store, STORY)
    again = compare_job.compare_story(ferry_store, "ferry")  # a prefix, as the CLI takes
    assert counted.calls == 2  # the uncached one and the first cached one; the third was read
    assert _json(first) == _json(fresh) == _json(again)
    assert again == fresh and again.consensus() == fresh.consensus()


def test_a_story_gaining_an_article_is_compared_again(
    ferry_store: Store, counted: CountedCompare
) -> None:
    before = compare_job.compare_story(ferry_store, STORY)
    third = made_article("c1", "Harbour News", THIRD_BODY)
    talks = _analysis("c1", THIRD_BODY, "1,200", "talks would resume")
    _store_story(ferry_store, [third], [talks])
    after = compare_job.compare_story(ferry_store, STORY)
    assert counted.calls == 2
    assert "Harbour News" not in before.outlets and "Harbour News" in after.outlets
    assert _json(after) == _json(compare_job.compare_story(ferry_store, STORY, cached=False))


def test_a_reanalysis_makes_the_kept_comparison_stale(
    ferry_store: Store, counted: CountedCompare
) -> None:
    compare_job.compare_story(ferry_store, STORY)
    compare_job.compare_story(ferry_store, STORY)
    assert counted.calls == 1
    redone = _analysis("a1", BODY_A, "1,200", "We will not accept another cut")
    with ferry_store.transaction() as session:
        save_analyses(session, [redone], "test-2")
    after = compare_job.compare_story(ferry_store, STORY)
    assert counted.calls == 2
    assert _json(after) == _json(compare_job.compare_story(ferry_store, STORY, cached=False))


def test_other_options_are_another_version(ferry_store: Store, counted: CountedCompare) -> None:
    compare_job.compare_story(ferry_store, STORY)
    compare_job.compare_story(ferry_store, STORY, CompareOptions(summary_sentences=2))
    compare_job.compare_story(ferry_store, STORY, CompareOptions())  # the defaults, spelled out
    assert counted.calls == 3


def test_stamp_follows_members_analyses_and_options(ferry_store: Store) -> None:
    with ferry_store.session() as session:
        story = story_store.get_story(session, STORY)
        marks = comparisons.member_marks(session, list(story.article_ids))
    stamp = compare_job.comparison_stamp(story, marks, None)
    assert stamp == compare_job.comparison_stamp(story, marks, CompareOptions())
    assert stamp != compare_job.comparison_stamp(story, marks[:1], None)
    assert stamp != compare_job.comparison_stamp(replace(story, headline="Other"), marks, None)
    changed = [(*marks[0][:-1], "2030-01-01T00:00:00+00:00"), *marks[1:]]
    assert stamp != compare_job.comparison_stamp(story, changed, None)
    assert stamp != compare_job.comparison_stamp(
        story, marks, CompareOptions(align_probability=0.6)
    )


def test_keeping_twice_at_once_replaces_without_failing(any_store: Store) -> None:
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def keep(n: int) -> None:
        try:
            start.wait()
            with any_store.session() as session:
                comparisons.keep_comparison(session, STORY, f"stamp-{n}", {"n": n})
                session.commit()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=keep, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with any_store.session() as session:
        rows = session.query(StoryComparisonRow).all()
        assert len(rows) == 1
        kept = rows[0]
        assert comparisons.cached_comparison(session, STORY, kept.stamp) == {
            "n": int(kept.stamp[-1])
        }
        assert comparisons.cached_comparison(session, STORY, "another") is None


def test_concurrent_requests_compute_once(ferry_store: Store, counted: CountedCompare) -> None:
    found: list[str] = []
    start = threading.Barrier(4)

    def request() -> None:
        start.wait()
        found.append(_json(compare_job.compare_story(ferry_store, STORY)))

    threads = [threading.Thread(target=request) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert counted.calls == 1 and len(set(found)) == 1 and len(found) == 4


def test_forgotten_with_their_stories(ferry_store: Store, counted: CountedCompare) -> None:
    compare_job.compare_story(ferry_store, STORY)
    with ferry_store.transaction() as session:
        story_store.remove_stories(session, [STORY])
        assert session.query(StoryComparisonRow).count() == 0
    with ferry_store.transaction() as session:
        comparisons.keep_comparison(session, "story-other", "s", {})
        story_store.clear_stories(session)
        assert session.query(StoryComparisonRow).count() == 0
