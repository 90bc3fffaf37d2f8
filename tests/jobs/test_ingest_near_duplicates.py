"""Near-copies found through the band keys in the store: the links an in-memory MinHashLSH makes."""

from __future__ import annotations

import json
import random
import tempfile
from pathlib import Path

from datasketch import MinHashLSH
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select

from everyside.ingest import Outcome
from everyside.ingest.dedup import minhash_signature
from everyside.jobs.ingest import Ingester, ingest
from everyside.settings import IngestOptions
from everyside.store import repository
from everyside.store.db import Store
from everyside.store.models import ArticleRow, NearDuplicateBandRow, NearDuplicateLayoutRow
from tests.conftest import CORPUS

WORDS = [f"w{number}" for number in range(150)]


def _corpus(seed: int, count: int) -> list[str]:
    """Texts, many of them copies of an earlier one with a share of their words replaced."""
    rng = random.Random(seed)
    texts: list[str] = []
    for _ in range(count):
        if texts and rng.random() < 0.6:
            words = rng.choice(texts).split()
            for _ in range(int(len(words) * rng.uniform(0.0, 0.12))):
                words[rng.randrange(len(words))] = rng.choice(WORDS)
            texts.append(" ".join(words))
        else:
            texts.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 80))))
    return texts


def _write(texts: list[str], path: Path) -> Path:
    with path.open("w", encoding="utf-8") as stream:
        for number, text in enumerate(texts):
            stream.write(json.dumps({"title": f"t{number}", "text": text}) + "\n")
    return path


def _links(store: Store) -> dict[str, str | None]:
    with store.session() as session:
        rows = session.execute(select(ArticleRow.id, ArticleRow.duplicate_of))
        return dict(rows.tuples().all())


def _reference(store: Store, options: IngestOptions) -> dict[str, str | None]:
    """What the former in-memory index decided: datasketch's LSH, earliest match first."""
    lsh = MinHashLSH(threshold=options.near_duplicate_threshold, num_perm=options.num_perm)
    order: dict[str, int] = {}
    signatures = {}
    links: dict[str, str | None] = {}
    with store.session() as session:
        ids = session.scalars(select(ArticleRow.id).order_by(ArticleRow.ingested_at, ArticleRow.id))
        articles = repository.get_articles(session, list(ids))
    for article in articles:
        signature = minhash_signature(
            article.body, num_perm=options.num_perm, shingle_size=options.shingle_size
        )
        matches = [
            (order[key], key)
            for key in lsh.query(signature)
            if signature.jaccard(signatures[key]) >= options.near_duplicate_threshold
        ]
        links[article.id] = min(matches)[1] if matches else None
        lsh.insert(article.id, signature)
        order[article.id] = len(order)
        signatures[article.id] = signature
    return links


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 2**32), threshold=st.sampled_from([0.5, 0.7, 0.8]))
def test_generated_near_copies_link_as_datasketch_would(
    tmp_path: Path, seed: int, threshold: float
) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    options = IngestOptions(near_duplicate_threshold=threshold)
    store = Store(f"sqlite:///{folder / 'everyside.db'}")
    try:
        ingest([str(_write(_corpus(seed, 40), folder / "a.jsonl"))], store, options)
        links = _links(store)
        assert links == _reference(store, options)
    finally:
        store.close()


def test_demo_corpus_links_as_datasketch_would(any_store: Store) -> None:
    options = IngestOptions()
    report = ingest([str(CORPUS)], any_store, options)
    assert report.count(Outcome.NEAR_DUPLICATE) >= 1
    assert _links(any_store) == _reference(any_store, options)


def _band_rows(store: Store) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(NearDuplicateBandRow)) or 0


def test_reingest_adds_no_rows_and_older_stores_are_filled_once(
    any_store: Store, tmp_path: Path
) -> None:
    path = _write(_corpus(7, 30), tmp_path / "a.jsonl")
    ingest([str(path)], any_store)
    rows, links = _band_rows(any_store), _links(any_store)
    again = ingest([str(path)], any_store)
    assert {event.outcome for event in again.events} == {Outcome.ALREADY_STORED}
    assert (_band_rows(any_store), _links(any_store)) == (rows, links)
    # A store from before the keys were kept: its signatures get them at the next start.
    with any_store.transaction() as session:
        session.execute(delete(NearDuplicateBandRow))
        session.execute(delete(NearDuplicateLayoutRow))
    Ingester(any_store)
    assert _band_rows(any_store) == rows
    # Another threshold fills its own bands once; the copies found stay what datasketch finds.
    strict = IngestOptions(near_duplicate_threshold=0.8)
    more = _write(_corpus(8, 30), tmp_path / "b.jsonl")
    ingest([str(more)], any_store, strict)
    assert _links(any_store) == _reference(any_store, strict) | {
        article_id: link for article_id, link in links.items()
    }


def test_articles_without_signatures_stay_out_of_the_index(
    fresh_store: Store, tmp_path: Path
) -> None:
    path = _write(_corpus(9, 10), tmp_path / "a.jsonl")
    ingest([str(path)], fresh_store, IngestOptions(near_duplicates=False))
    Ingester(fresh_store)
    assert _band_rows(fresh_store) == 0
