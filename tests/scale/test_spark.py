"""On local[2] the Spark pipeline gives what the single-machine one gives on the demo corpus."""

from __future__ import annotations

import importlib.util
import json
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from everyside.jobs import ingest
from everyside.jobs.analyze import analyze_store
from everyside.jobs.cluster import cluster_store
from everyside.settings import IngestOptions
from everyside.store import repository
from everyside.store import stories as story_store
from everyside.store.analysis import load_analysis
from everyside.store.db import Store
from tests.conftest import CORPUS

if shutil.which("java") is None:
    pytest.skip("Spark needs Java (17 or newer) on the PATH", allow_module_level=True)
if importlib.util.find_spec("pyspark") is None:
    pytest.skip(
        "pyspark is not installed (pip install 'everyside[spark]')", allow_module_level=True
    )

from everyside.scale.job import SparkJobOptions, run_stages
from everyside.scale.records import ANALYSIS_PARTS, analysis_columns
from everyside.scale.session import spark_session

INPUTS = tuple(sorted(str(path) for path in CORPUS.iterdir() if path.is_dir()))
OPTIONS = IngestOptions(outlets_file=CORPUS / "outlets.toml")
EXTRACTIONS = ("mentions", "quotes", "claims", "times", "events")


def _sorted(part_json: str) -> list[Any]:
    return sorted(json.loads(part_json), key=lambda item: json.dumps(item, sort_keys=True))


def _partition(assignment: dict[str, str]) -> dict[str, frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for article_id, story_id in assignment.items():
        groups.setdefault(story_id, set()).add(article_id)
    return {story_id: frozenset(members) for story_id, members in groups.items()}


@pytest.fixture(scope="module")
def single_machine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The demo corpus through ingest, analyze_store and cluster_store."""
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('single') / 'everyside.db'}")
    ingest(INPUTS, store, OPTIONS)
    analyze_store(store)
    # The Spark job assigns as the stream does; the live path also re-clusters the recent
    # window, which the backfill leaves to the next `cluster` on the store.
    cluster_store(store, reconcile=False)
    yield store
    store.close()


@pytest.fixture(scope="module")
def spark_rows(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, Any]]]:
    """The demo corpus through the Spark job on local[2]: every dataset it wrote, as dicts."""
    output = tmp_path_factory.mktemp("spark")
    spark = spark_session("local[2]", app_name="everyside-test")
    try:
        options = SparkJobOptions(output=str(output), inputs=INPUTS, ingest=OPTIONS)
        run_stages(spark, options, ("ingest", "analyze", "cluster"))
        names = ("articles", "analyses", "assignments", "stories", "failures")
        return {
            name: [row.asDict() for row in spark.read.parquet(str(output / name)).collect()]
            for name in names
        }
    finally:
        spark.stop()


def test_same_articles_and_duplicate_links(
    single_machine: Store, spark_rows: dict[str, list[dict[str, Any]]]
) -> None:
    with single_machine.session() as session:
        ids = [
            article.id
            for article in repository.list_articles(session, repository.ArticleFilter(limit=10_000))
        ]
        stored = {a.id: a for a in repository.get_articles(session, ids)}
    rows = {row["id"]: row for row in spark_rows["articles"]}
    assert set(rows) == set(stored)
    for article_id, article in stored.items():
        row = rows[article_id]
        assert row["title"] == article.title
        assert row["duplicate_of"] == article.duplicate_of
        assert row["language"] == article.language
        assert (row["outlet"]) == (article.outlet.name if article.outlet else None)
    assert sum(len(row["copies"]) for row in rows.values()) == 1
    assert spark_rows["failures"] == []


def test_same_extractions(
    single_machine: Store, spark_rows: dict[str, list[dict[str, Any]]]
) -> None:
    rows = {row["article_id"]: row for row in spark_rows["analyses"]}
    assert all(row["error"] is None for row in rows.values())
    with single_machine.session() as session:
        for article_id, row in rows.items():
            stored = dict(
                zip(
                    ANALYSIS_PARTS,
                    analysis_columns(load_analysis(session, article_id)),
                    strict=True,
                )
            )
            for part in EXTRACTIONS:
                assert _sorted(row[part]) == _sorted(stored[part]), (article_id, part)


def test_same_stories(single_machine: Store, spark_rows: dict[str, list[dict[str, Any]]]) -> None:
    with single_machine.session() as session:
        expected = _partition(story_store.assignments(session))
    found = _partition({row["article_id"]: row["story_id"] for row in spark_rows["assignments"]})
    assert sorted(found.values(), key=sorted) == sorted(expected.values(), key=sorted)
    assert found == expected  # the same ids too: each story is named after its first article
    assert {
        row["story_id"]: frozenset(row["article_ids"]) for row in spark_rows["stories"]
    } == found
