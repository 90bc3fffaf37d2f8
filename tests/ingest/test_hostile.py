"""One test per probe of issue 20's input side, on the generated hostile corpus (hostile.py).

Each is bounded in time; the corpus is written into tmp_path.
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from everyside.escaping import MAX_MESSAGE_CHARS
from everyside.ingest import IngestReport
from everyside.ingest.article import MAX_ARTICLE_CHARS
from everyside.ingest.html import html_paragraphs
from everyside.jobs import ingest
from everyside.settings import IngestOptions, ServeOptions
from everyside.store import repository
from everyside.store.db import Store
from everyside.web import create_app
from tests.ingest import hostile


def _timed_peak(work: Callable[[], object]) -> tuple[float, int]:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        work()
        return time.perf_counter() - started, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _stored(store: Store) -> int:
    with store.session() as session:
        return repository.count_articles(session)


def test_small_warc_bomb_gives_one_short_error_line(fresh_store: Store, tmp_path: Path) -> None:
    bomb = hostile.small_warc_bomb(tmp_path)
    assert bomb.stat().st_size < 30_000
    report = ingest([str(bomb)], fresh_store)
    (error,) = report.errors
    message = error.message or ""
    # Before: the whole 21 MB header line was the message.
    assert len(message) <= MAX_MESSAGE_CHARS + 50 and "\n" not in message
    assert "header line" in message


def test_ten_gigabyte_warc_bomb_stops_promptly_in_bounded_memory(
    fresh_store: Store, tmp_path: Path
) -> None:
    bomb = hostile.huge_warc_bomb(tmp_path, gigabytes=10)
    reports: list[IngestReport] = []
    seconds, peak = _timed_peak(lambda: reports.append(ingest([str(bomb)], fresh_store)))
    (error,) = reports[0].errors
    # Before: it inflated all 10 GB (and never finished in a batch).
    assert "gzip member inflates to more than" in (error.message or "")
    assert seconds < 20, f"{seconds:.1f} s to refuse a 10 GB bomb"
    # warcio inflates 16 kB of input at a time: up to 16 MB of zeros, copied once or twice.
    assert peak < 100_000_000, f"{peak / 1e6:.0f} MB allocated to refuse a 10 GB bomb"


def test_header_count_bomb_is_refused(fresh_store: Store, tmp_path: Path) -> None:
    bomb = hostile.header_count_bomb(tmp_path)
    reports: list[IngestReport] = []
    seconds, peak = _timed_peak(lambda: reports.append(ingest([str(bomb)], fresh_store)))
    (error,) = reports[0].errors
    assert "header lines" in (error.message or "")
    assert seconds < 10 and peak < 100_000_000


def test_warc_bomb_upload_gets_a_short_error(tmp_path: Path) -> None:
    bomb = hostile.small_warc_bomb(tmp_path)
    app = create_app(ServeOptions(db=str(tmp_path / "web.db")))
    with TestClient(app) as client:
        started = time.perf_counter()
        response = client.post(
            "/api/v1/articles",
            params={"analyze": "false"},
            files=[("files", ("bomb.warc.gz", bomb.read_bytes()))],
        )
        elapsed = time.perf_counter() - started
    assert elapsed < 10
    # Before: a multi-megabyte JSON reply carrying the inflated line.
    assert len(response.content) < 5_000, len(response.content)
    assert "header line" in response.text


def test_good_records_before_a_bomb_are_kept(fresh_store: Store, tmp_path: Path) -> None:
    page = f"<html><head><title>Sea wall</title></head><body><article><p>{hostile.ARTICLE}</p>"
    page += f"<p>{hostile.ARTICLE} Second.</p></article></body></html>"
    path = tmp_path / "mixed.warc.gz"
    path.write_bytes(
        hostile.warc_record("https://ledger.example/a", page)
        + hostile.small_warc_bomb(tmp_path).read_bytes()
    )
    report = ingest([str(path)], fresh_store)
    assert report.stored == 1
    assert len(report.errors) == 1


def test_csv_field_over_the_limit_spanning_lines_skips_only_its_row(
    fresh_store: Store, tmp_path: Path
) -> None:
    path = hostile.spanning_csv(tmp_path, field_bytes=300_000, later_rows=3)
    report = ingest([str(path)], fresh_store, IngestOptions(max_document_bytes=200_000))
    (error,) = report.errors
    assert error.locator == f"{path}:3" and "row too long" in (error.message or "")
    # Before: the first row only; every row after the huge field vanished.
    assert report.stored == 4


def test_csv_field_over_twenty_megabytes(fresh_store: Store, tmp_path: Path) -> None:
    path = hostile.spanning_csv(tmp_path, field_bytes=21_000_000, later_rows=2)
    reports: list[IngestReport] = []
    seconds, peak = _timed_peak(
        lambda: reports.append(ingest([str(path)], fresh_store))  # default 20 MB limit
    )
    assert len(reports[0].errors) == 1 and reports[0].stored == 3
    assert seconds < 20 and peak < 80_000_000


def test_ten_megabyte_text_is_refused_at_ingest(fresh_store: Store, tmp_path: Path) -> None:
    path = hostile.long_text(tmp_path, chars=10_000_000)
    started = time.perf_counter()
    report = ingest([str(path)], fresh_store)
    (error,) = report.errors
    # Before: stored, then every later analyze failed on spaCy's 1,000,000-character limit.
    assert "article text too long" in (error.message or "")
    assert f"{MAX_ARTICLE_CHARS:,}" in (error.message or "")
    assert _stored(fresh_store) == 0
    assert time.perf_counter() - started < 20


def test_text_just_under_the_limit_is_stored(fresh_store: Store, tmp_path: Path) -> None:
    path = hostile.long_text(tmp_path, chars=MAX_ARTICLE_CHARS - 10_000)
    assert ingest([str(path)], fresh_store).stored == 1


def test_feed_item_with_sixty_thousand_paragraphs_parses_in_linear_time(tmp_path: Path) -> None:
    fragment = "".join(f"<p>Paragraph {number}.</p>" for number in range(60_000))
    started = time.perf_counter()
    found = html_paragraphs(fragment)
    # Before: 35 s (a list membership test per ancestor of each paragraph).
    assert len(found) == 60_000
    assert time.perf_counter() - started < 5


def test_feed_file_with_many_paragraphs(fresh_store: Store, tmp_path: Path) -> None:
    path = hostile.many_paragraph_feed(tmp_path, paragraphs=20_000)
    started = time.perf_counter()
    report = ingest([str(path)], fresh_store, IngestOptions(near_duplicates=False))
    assert report.stored == 1
    assert time.perf_counter() - started < 30


def test_nested_blocks_are_read_once() -> None:
    found = html_paragraphs(
        "<div>lead<blockquote><p>one</p><p>two</p></blockquote><ul><li>item</li></ul>"
        "<div><div><p>deep</p></div></div></div>"
    )
    assert found == ["onetwo", "item", "deep"]
