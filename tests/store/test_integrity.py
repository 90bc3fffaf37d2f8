"""`everyside db check`: the store's invariants, each kind of damage named with counts and ids."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import delete, text, update
from typer.testing import CliRunner

from everyside.cli import app
from everyside.ingest.dedup import minhash_signature, signature_to_bytes
from everyside.jobs.cluster import cluster_store
from everyside.jobs.ingest import fill_band_keys
from everyside.model import ArticleFeatures
from everyside.store import stories as story_store
from everyside.store.db import Store
from everyside.store.frequencies import count_document, stored_frequencies
from everyside.store.integrity import CHECKS, check_store
from everyside.store.models import (
    AnalysisRow,
    ArticleFeaturesRow,
    ArticleRow,
    DocumentFrequencyRow,
    MentionRow,
    NearDuplicateBandRow,
    NearDuplicateLayoutRow,
    StoryArticleRow,
    StoryRow,
)
from tests.store.test_store import _add, _article

runner = CliRunner()


def _articles(store: Store) -> list[str]:
    """Three analyzed articles, each with features, the first two in one story."""
    found = [
        _article("Dredging approved", "The harbour channel will be dredged in Port Wren."),
        _article("Bus lanes", "Council extends bus lanes; the harbour road is included."),
        _article("Café reopens", "A café on the pier reopened after the storm season."),
    ]
    _add(store, *found)
    now = datetime.now(UTC)
    with store.transaction() as session:
        for article in found:
            session.add(AnalysisRow(article_id=article.id, version="test", analyzed_at=now))
            session.add(
                ArticleFeaturesRow(
                    article_id=article.id, data={}, embedding=bytes(story_store.EMBEDDING_BYTES)
                )
            )
        for sequence, (article, story) in enumerate(
            zip(found, ["story-a", "story-a", "story-b"], strict=True), start=1
        ):
            session.add(
                StoryArticleRow(
                    article_id=article.id, story_id=story, probability=1.0, sequence=sequence
                )
            )
        for story, size in (("story-a", 2), ("story-b", 1)):
            session.add(StoryRow(id=story, headline=story, size=size, summary={}))
    return [article.id for article in found]


def test_a_sound_store_has_no_damage(any_store: Store) -> None:
    _articles(any_store)
    report = check_store(any_store)
    assert report.ok, report.damage
    assert report.checked == list(CHECKS)
    assert report.as_dict()["damage"] == []


def test_each_kind_of_damage_is_named_with_counts_and_ids(any_store: Store) -> None:
    first, second, third = _articles(any_store)
    with any_store.transaction() as session:
        # A clustering run killed between its assignments and its story rows.
        session.execute(delete(StoryRow).where(StoryRow.id == "story-a"))
        session.add(StoryRow(id="story-gone", headline="gone", size=3, summary={}))
        session.execute(delete(ArticleFeaturesRow).where(ArticleFeaturesRow.article_id == third))
        # Extracted records left without their analysis.
        session.execute(delete(AnalysisRow).where(AnalysisRow.article_id == second))
        session.add(MentionRow(article_id=second, start=4, end=11, text="harbour"))
        session.execute(text("DELETE FROM articles_fts WHERE article_id = :id"), {"id": first})
        # Embeddings lost or cut short (float16, a truncated write).
        for article_id, embedding in ((first, None), (second, bytes(1024))):
            session.execute(
                update(ArticleFeaturesRow)
                .where(ArticleFeaturesRow.article_id == article_id)
                .values(embedding=embedding)
            )
    report = check_store(any_store)
    found = {damage.kind: damage for damage in report.damage}
    assert set(found) == {
        "story_missing",
        "story_empty",
        "features_missing",
        "analysis_partial",
        "fulltext_missing",
        "embedding_wrong",
    }
    assert (found["story_missing"].count, found["story_missing"].examples) == (1, ("story-a",))
    assert "(2 article(s))" in found["story_missing"].problem
    assert found["story_empty"].examples == ("story-gone",)
    assert found["features_missing"].examples == (third,)
    assert found["analysis_partial"].examples == (second,)
    assert found["fulltext_missing"].examples == (first,)
    assert found["embedding_wrong"].examples == tuple(sorted((first, second)))
    assert "everyside cluster" in found["story_missing"].repair
    assert not report.ok


def test_a_story_row_of_the_wrong_size_and_a_repeated_index_row(fresh_store: Store) -> None:
    first, *_ = _articles(fresh_store)
    with fresh_store.transaction() as session:
        session.execute(text("UPDATE stories SET size = 5 WHERE id = 'story-b'"))
        session.execute(
            text("INSERT INTO articles_fts (article_id, title, body) VALUES (:id, 'x', 'y')"),
            {"id": first},
        )
        session.execute(
            text("INSERT INTO articles_fts (article_id, title, body) VALUES ('ghost', 'x', 'y')")
        )
    with fresh_store.session() as session:
        assert story_store.stories_out_of_step(session) == ["story-b"]
    found = {damage.kind: damage.examples for damage in check_store(fresh_store).damage}
    assert found == {
        "story_size": ("story-b",),
        "fulltext_repeated": (first,),
        "fulltext_stray": ("ghost",),
    }


def _corrupt(path: Path, table: str) -> None:
    """Overwrite the first page of a table with garbage, as a disk fault would."""
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = connection.execute("PRAGMA page_size").fetchone()[0]
    root = connection.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
    ).fetchone()[0]
    connection.close()
    with path.open("r+b") as file:
        file.seek((root - 1) * size)
        file.write(b"\xde\xad\xbe\xef" * (size // 4))


def test_a_corrupt_page_is_damage_to_the_file(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    store = Store(f"sqlite:///{path}")
    _articles(store)
    store.close()
    _corrupt(path, "article_features")
    store = Store(f"sqlite:///{path}", migrate=False)
    try:
        report = check_store(store)
    finally:
        store.close()
    assert "storage" in {damage.kind for damage in report.damage}


def test_db_check_on_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    store = Store(f"sqlite:///{path}")
    _articles(store)
    sound = runner.invoke(app, ["--db", str(path), "db", "check"])
    assert sound.exit_code == 0, sound.output
    assert "no damage" in sound.output
    with store.transaction() as session:
        session.execute(delete(StoryRow))
    store.close()
    damaged = runner.invoke(app, ["--db", str(path), "db", "check"])
    assert damaged.exit_code == 1
    assert "story_missing: 2" in damaged.output
    assert "repair: everyside cluster" in damaged.output
    as_json = runner.invoke(app, ["--db", str(path), "db", "check", "--json"])
    assert as_json.exit_code == 1
    shown = json.loads(as_json.stdout)
    assert shown["ok"] is False
    assert shown["damage"][0]["kind"] == "story_missing"
    assert sorted(shown["damage"][0]["examples"]) == ["story-a", "story-b"]


def test_db_check_refuses_a_missing_file_and_creates_none(tmp_path: Path) -> None:
    result = runner.invoke(app, ["--db", str(tmp_path / "nowhere.db"), "db", "check"])
    assert result.exit_code == 2
    assert not (tmp_path / "nowhere.db").exists()


@pytest.mark.parametrize("command", [["cluster", "--rebuild"], ["cluster"], ["analyze"]])
def test_a_corrupt_page_is_one_error_line_not_a_traceback(
    tmp_path: Path, command: list[str]
) -> None:
    path = tmp_path / "store.db"
    store = Store(f"sqlite:///{path}")
    _articles(store)
    store.close()
    _corrupt(path, "article_features")
    _corrupt(path, "analyses")
    result = runner.invoke(app, ["--db", str(path), *command])
    assert result.exit_code == 1
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert errors == [
        "error: cannot read or write the store: database disk image is malformed "
        "(`everyside db check` looks for damage)"
    ]


def _signed(store: Store, article_ids: list[str]) -> None:
    """Give these articles MinHash signatures and their band keys (25 bands of 5)."""
    with store.transaction() as session:
        for number, article_id in enumerate(article_ids):
            signature = minhash_signature(f"harbour text {number}", num_perm=128, shingle_size=3)
            session.execute(
                update(ArticleRow)
                .where(ArticleRow.id == article_id)
                .values(minhash=signature_to_bytes(signature))
            )
    fill_band_keys(store, 25, 5)


def test_missing_band_keys_are_damage_that_the_next_ingest_refills(any_store: Store) -> None:
    first, second, _ = _articles(any_store)
    _signed(any_store, [first, second])  # the third has no signature, so no keys
    assert check_store(any_store).ok
    with any_store.transaction() as session:
        session.execute(
            delete(NearDuplicateBandRow).where(
                NearDuplicateBandRow.article_id == second, NearDuplicateBandRow.band == 7
            )
        )
    (damage,) = check_store(any_store).damage
    assert (damage.kind, damage.examples) == ("band_keys_missing", (second,))
    assert "25 near-duplicate band keys" in damage.problem
    # The repair as the report words it: forget the layouts, then ingest (which fills).
    with any_store.transaction() as session:
        session.execute(delete(NearDuplicateLayoutRow))
    fill_band_keys(any_store, 25, 5)
    assert check_store(any_store).ok


def _featured(store: Store, article_ids: list[str]) -> None:
    """Give these (assigned) articles features and keep their document frequencies."""
    words = ["harbour", "council", "harbour"]
    with store.transaction() as session:
        for article_id, word in zip(article_ids, words, strict=True):
            features = ArticleFeatures(
                article_id=article_id,
                title=word,
                terms={word: 1.0, "port": 0.5},
                entities={"Q1": 1.0},
            )
            session.execute(
                update(ArticleFeaturesRow)
                .where(ArticleFeaturesRow.article_id == article_id)
                .values(data=features.as_dict())
            )
            count_document(session, features.terms, features.entities)


def test_kept_frequencies_that_differ_from_a_recount_are_damage(any_store: Store) -> None:
    articles = _articles(any_store)
    _featured(any_store, articles)
    assert check_store(any_store).ok
    with any_store.transaction() as session:
        session.execute(text("UPDATE document_frequencies SET df = 5 WHERE key = 'harbour'"))
        session.execute(text("UPDATE document_frequencies SET df = 4 WHERE kind = 'documents'"))
        session.execute(delete(DocumentFrequencyRow).where(DocumentFrequencyRow.key == "Q1"))
    (damage,) = check_store(any_store).damage
    assert damage.kind == "frequencies_wrong"
    assert damage.examples == ("documents", "term:harbour", "entity:Q1")
    assert "3 assigned articles" in damage.problem
    # The repair as the report words it: forget the counts; the next run counts them.
    with any_store.transaction() as session:
        session.execute(delete(DocumentFrequencyRow))
    assert check_store(any_store).ok  # never kept is not damage
    cluster_store(any_store, reconcile=False)
    with any_store.session() as session:
        assert stored_frequencies(session) is not None
    assert check_store(any_store).ok
