"""The bundled demo corpus ingests completely and matches its gold metadata."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from everyside.ingest import IngestReport, Outcome
from everyside.jobs import ingest
from everyside.model import Article
from everyside.settings import IngestOptions
from everyside.store import repository
from everyside.store.db import Store
from tests.conftest import CORPUS

GOLD = [json.loads(line) for line in (CORPUS / "gold.jsonl").read_text().splitlines() if line]


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, IngestReport]]:
    """The demo corpus ingested once into a real SQLite file."""
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('corpus') / 'demo.db'}")
    folders = sorted(str(path) for path in CORPUS.iterdir() if path.is_dir())
    yield store, ingest(folders, store, IngestOptions(outlets_file=CORPUS / "outlets.toml"))
    store.close()


def _stored(store: Store) -> list[Article]:
    with store.session() as session:
        return repository.list_articles(session, repository.ArticleFilter(limit=1000))


def _find(articles: list[Article], gold: dict[str, Any]) -> Article:
    for article in articles:
        locator = article.source.locator
        in_file = locator.split("#")[0].rsplit(":", 1)[0] if ":" in locator else locator
        same_file = Path(in_file.split("#")[0]).as_posix().endswith(gold["file"])
        if same_file and (gold["url"] is None or article.url == gold["url"]):
            return article
    raise AssertionError(f"gold article not stored: {gold['file']} {gold['url']}")


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_whole_corpus_ingests_without_errors(corpus_store: tuple[Store, IngestReport]) -> None:
    _, report = corpus_store
    assert report.ok, [(e.locator, e.message) for e in report.errors]
    assert report.count(Outcome.ADDED) + report.count(Outcome.NEAR_DUPLICATE) == len(GOLD) - 1
    assert report.count(Outcome.EXACT_DUPLICATE) == 1
    assert report.count(Outcome.NEAR_DUPLICATE) == 1


def test_corpus_meets_its_own_brief() -> None:
    assert len(GOLD) >= 40
    assert len({g["outlet"] for g in GOLD}) >= 8
    assert len({g["story"] for g in GOLD}) >= 8
    assert len({g["lang"] for g in GOLD}) >= 3
    formats = {g["file"].split("/")[0] for g in GOLD}
    assert formats == {"text", "html", "feeds", "warc", "jsonl", "csv"}


@pytest.mark.parametrize("gold", GOLD, ids=lambda g: f"{g['file']}|{g['url'] or ''}")
def test_gold_article_metadata(
    corpus_store: tuple[Store, IngestReport], gold: dict[str, Any]
) -> None:
    store, _ = corpus_store
    if gold.get("duplicate") == "exact":
        pytest.skip("an exact copy is stored once, as a source of its original")
    article = _find(_stored(store), gold)
    assert article.outlet is not None and article.outlet.name == gold["outlet"]
    assert article.language == gold["lang"]
    assert article.title == gold["title"]
    if gold["published"]:
        expected = datetime.fromisoformat(gold["published"].replace("Z", "+00:00"))
        assert article.published_at is not None
        assert article.published_at.timestamp() == pytest.approx(expected.timestamp(), abs=60) or (
            article.published_at.date() == expected.date()
        )
    body = _squash(article.body)
    for quote in gold["quotes"]:
        # Quotes spanning paragraphs are compared with their layout squashed.
        assert _squash(quote["text"]) in body, quote["text"]
    for number in gold["numbers"]:
        assert _squash(number["text"]) in body, number["text"]


def test_duplicates_are_linked(corpus_store: tuple[Store, IngestReport]) -> None:
    store, _ = corpus_store
    articles = _stored(store)
    for gold in GOLD:
        if not gold.get("duplicate_of"):
            continue
        original = _find(articles, gold["duplicate_of"])
        if gold["duplicate"] == "exact":
            with store.session() as session:
                sources = repository.article_sources(session, original.id)
            assert any(s.locator.split("#")[0].endswith(gold["file"]) for s in sources)
        else:
            copy = _find(articles, gold)
            # Linked to whichever of the two was ingested first.
            assert copy.duplicate_of == original.id or original.duplicate_of == copy.id
