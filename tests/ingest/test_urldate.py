"""Publication dates read from URL paths: the forms news sites use, and what is not a date."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from everyside.ingest.pipeline import READERS
from everyside.ingest.sources import InputFile
from everyside.ingest.urldate import EARLIEST, UrlDate, published_from_url, url_date
from everyside.model import Article
from everyside.settings import IngestOptions
from tests.ingest import samples

TODAY = date(2024, 7, 1)
DAY = UrlDate(date(2024, 6, 18), precise=True)
URL_20240618 = "https://n.example/news/20240618/a"


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example/world/2024/06/18/port-closes",
        "https://news.example/world/2024/6/18/port-closes",
        "https://news.example/story/2024-06-18/port-closes",
        "https://news.example/story/port-closes-2024-06-18",
        "https://news.example/a/2024_06_18_port.html",
        "https://news.example/english/2024-06/18/c_1387720.htm",
        "https://news.example/world/2024/jun/18/port-closes",
        "https://news.example/world/2024/JUN/18/port-closes",
        "https://news.example/world/20240618/port-closes",
        "https://news.example/world/port-closes-20240618-0042.html",
        "https://news.example/press/OTS_20240618_OTS0103/port",
        "https://news.example/world/port-closes-20240618",
        "news.example/2024/06/18/no-scheme",
    ],
)
def test_day_forms(url: str) -> None:
    assert url_date(url, today=TODAY) == DAY


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example/2024/06/port-closes",
        "https://news.example/nachrichten-2024-06/48517440-port-closes",
        "https://news.example/port-closes-2024-6",
    ],
)
def test_month_only_is_reported_but_not_a_publication_day(url: str) -> None:
    assert url_date(url, today=TODAY) == UrlDate(date(2024, 6, 1), precise=False)
    assert published_from_url(url, today=TODAY) is None


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example/2024/port-closes",  # a year alone
        "https://news.example/top-10-of-2024",
        "https://news.example/article/48517440",  # an id
        "https://news.example/article/20241399",  # 8 digits, no real date
        "https://news.example/article/2024061812",  # part of a longer number
        "https://news.example/article/id20240618",  # glued to a word: an id
        "https://news.example/2024/02/30/x",  # no 30 February (only the month is kept)
        "https://news.example/1989/06/18/before-the-web",
        "https://news.example/2024/07/03/from-the-future",
        "https://news.example/2024/06/1812/x",
        "https://news.example/article?date=2024-06-18",  # the query is not read
        "https://news.example/article#2024-06-18",
        "https://2024-06-18.news.example/article",  # nor the host
        "",
        "not a url",
        "http://[::1/broken",
    ],
)
def test_not_a_publication_day(url: str) -> None:
    assert published_from_url(url, today=TODAY) is None


def test_the_day_after_today_is_allowed_for_time_zones() -> None:
    assert url_date("https://news.example/2024/07/02/x", today=TODAY) is not None


def test_the_first_full_date_wins() -> None:
    url = "https://news.example/2024/06/18/looking-back-at-2023-12-31"
    assert url_date(url, today=TODAY) == DAY


def test_publication_day_is_midnight_without_zone() -> None:
    assert published_from_url("https://x.example/2024/06/18/a", today=TODAY) == datetime(
        2024, 6, 18
    )


@given(st.text())
def test_any_text_is_read_without_error(text: str) -> None:
    found = url_date(text, today=TODAY)
    assert found is None or EARLIEST <= found.value <= date(2024, 7, 2)


@given(
    st.dates(min_value=EARLIEST, max_value=TODAY),
    st.sampled_from(["{y}/{m:02}/{d:02}", "{y}-{m}-{d}", "{y}{m:02}{d:02}", "{y}_{m:02}_{d:02}"]),
    st.from_regex(r"[a-z][a-z-]{0,30}", fullmatch=True),
)
def test_a_written_date_reads_back(day: date, form: str, slug: str) -> None:
    path = form.format(y=day.year, m=day.month, d=day.day)
    url = f"https://news.example/section/{path}/{slug}"
    assert url_date(url, today=TODAY) == UrlDate(day, precise=True)


def _read(path: Path, fmt: str) -> list[Article]:
    items = list(READERS[fmt](InputFile(str(path), path), IngestOptions()))
    return [item for item in items if isinstance(item, Article)]


def test_jsonl_record_without_a_date_takes_its_url_date(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    record = {"text": " ".join(samples.PARAGRAPHS), "url": "https://n.example/2024/06/18/a"}
    stated = {**record, "url": "https://n.example/2024/06/18/b", "published": "2024-06-19T08:00"}
    path.write_text(json.dumps(record) + "\n" + json.dumps(stated) + "\n", encoding="utf-8")
    undated_url, with_date = _read(path, "jsonl")
    assert undated_url.published_at == datetime(2024, 6, 18)
    # A date the record states wins over the URL's.
    assert with_date.published_at == datetime(2024, 6, 19, 8, 0)


def test_csv_row_without_a_date_takes_its_url_date(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerows([["text", "url"], [" ".join(samples.PARAGRAPHS), URL_20240618]])
    (article,) = _read(path, "csv")
    assert article.published_at == datetime(2024, 6, 18)


def test_feed_item_without_a_date_takes_its_url_date(tmp_path: Path) -> None:
    url = "https://n.example/2024/06/17/port"
    feed = (
        samples.rss([("Port closes", url, samples.PARAGRAPHS)])
        .replace("<pubDate>", "<!--")
        .replace("</pubDate>", "-->")
    )
    (article,) = _read(samples.write(tmp_path / "feed.xml", feed), "feed")
    assert article.published_at == datetime(2024, 6, 17)
