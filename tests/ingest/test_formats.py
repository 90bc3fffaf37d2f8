"""Every input format through the readers: what each keeps of title, outlet, URL, time, author."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from everyside.errors import IngestError
from everyside.ingest.pipeline import READERS
from everyside.ingest.sources import InputFile, detect_format, expand_pattern, format_from_name
from everyside.model import Article
from everyside.settings import IngestOptions
from tests.ingest import samples

URL = "https://www.wrencourier.example/local/2024/06/18/dredging"
TITLE = "Port Wren will dredge its eastern channel"
OTHER = [
    "Council members in Port Wren voted 7 to 2 to extend bus lanes along the seafront road.",
    "The new lanes will open in September, the council said in a statement on Monday.",
]


def _read(path: Path, fmt: str, options: IngestOptions | None = None) -> list[Article]:
    items = list(READERS[fmt](InputFile(str(path), path), options or IngestOptions()))
    assert all(isinstance(item, Article) for item in items), items
    return [item for item in items if isinstance(item, Article)]


def test_html_keeps_trafilatura_metadata(tmp_path: Path) -> None:
    path = samples.write(tmp_path / "a.html", samples.page(TITLE, samples.PARAGRAPHS, url=URL))
    (article,) = _read(path, "html")
    assert article.title == TITLE
    assert article.outlet is not None and article.outlet.name == "Wren Courier"
    assert article.outlet.domain == "wrencourier.example"
    assert article.url == URL
    assert article.author == "Mara Lind"
    assert article.published_at == datetime(2024, 6, 18, 9, 30, tzinfo=UTC)
    assert article.paragraphs == samples.PARAGRAPHS
    assert "cookies" not in article.body and "All rights reserved" not in article.body


def test_rss_items_become_articles(tmp_path: Path) -> None:
    feed = samples.rss([(TITLE, URL, samples.PARAGRAPHS), ("Bus lanes extended", URL + "2", OTHER)])
    path = samples.write(tmp_path / "feed.xml", feed)
    first, second = _read(path, "feed")
    assert first.title == TITLE and first.paragraphs == samples.PARAGRAPHS
    assert first.url == URL and first.author == "Mara Lind"
    assert first.published_at == datetime(2024, 6, 18, 9, 30, tzinfo=UTC)
    assert first.outlet is not None and first.outlet.name == "Wren Courier"
    assert first.source.locator == f"{path}#{URL}"
    assert second.paragraphs == OTHER


def test_atom_entries_become_articles(tmp_path: Path) -> None:
    path = samples.write(tmp_path / "feed.atom", samples.atom([(TITLE, URL, samples.PARAGRAPHS)]))
    (article,) = _read(path, "feed")
    assert article.title == TITLE and article.paragraphs == samples.PARAGRAPHS
    assert article.url == URL


def test_warc_reads_only_successful_html_responses(tmp_path: Path) -> None:
    pages = [
        (URL, samples.page(TITLE, samples.PARAGRAPHS, url=URL)),
        (URL + "2", samples.page("Bus lanes extended", OTHER, url=URL + "2")),
    ]
    path = samples.write(tmp_path / "crawl.warc.gz", samples.warc(pages))
    first, second = _read(path, "warc")
    assert first.url == URL and first.title == TITLE
    assert first.source.locator == f"{path}#{URL}" and first.source.format == "warc"
    assert second.paragraphs == OTHER


def test_jsonl_uses_the_default_field_names(tmp_path: Path) -> None:
    record = {
        "id": "w-1",
        "url": URL,
        "source": "Wren Courier",
        "headline": TITLE,
        "body": "\n\n".join(samples.PARAGRAPHS),
        "date": "2024-06-18T09:30:00+00:00",
        "author": "Mara Lind",
    }
    path = samples.write(tmp_path / "a.jsonl", samples.jsonl([record]))
    (article,) = _read(path, "jsonl")
    assert article.title == TITLE and article.url == URL
    assert article.outlet is not None and article.outlet.name == "Wren Courier"
    assert article.published_at == datetime(2024, 6, 18, 9, 30, tzinfo=UTC)
    assert article.paragraphs == samples.PARAGRAPHS
    assert article.source.locator == f"{path}:1"


def test_field_overrides_pick_other_columns(tmp_path: Path) -> None:
    record = {"story_text": "\n\n".join(OTHER), "name": "Bus lanes", "text": "not this"}
    path = samples.write(tmp_path / "a.jsonl", samples.jsonl([record]))
    options = IngestOptions().with_field_overrides({"text": "story_text", "title": "name"})
    (article,) = _read(path, "jsonl", options)
    assert article.title == "Bus lanes" and article.paragraphs == OTHER


def test_unknown_field_override_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown field"):
        IngestOptions().with_field_overrides({"headline_text": "x"})


def test_csv_rows_become_articles(tmp_path: Path) -> None:
    text = "\n\n".join(samples.PARAGRAPHS).replace('"', '""')
    csv_text = f'url,outlet,title,published,text\n{URL},Wren Courier,{TITLE},2024-06-18,"{text}"\n'
    path = samples.write(tmp_path / "a.csv", csv_text)
    (article,) = _read(path, "csv")
    assert article.title == TITLE and article.paragraphs == samples.PARAGRAPHS
    assert article.published_at == datetime(2024, 6, 18)
    assert article.source.locator == f"{path}:2"  # the line the row starts on


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.txt", "text"),
        ("a.HTML", "html"),
        ("feed.rss", "feed"),
        ("a.xml", "feed"),
        ("crawl.warc.gz", "warc"),
        ("a.warc", "warc"),
        ("a.ndjson", "jsonl"),
        ("a.csv", "csv"),
        ("README.md", None),
    ],
)
def test_format_from_name(name: str, fmt: str | None) -> None:
    assert format_from_name(name) == fmt


@pytest.mark.parametrize(
    ("content", "fmt"),
    [
        (b"<rss version='2.0'>", "feed"),
        (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">', "feed"),
        (b"<!DOCTYPE html><html>", "html"),
        (b'{"text": "x"}', "jsonl"),
        (b"WARC/1.1\r\n", "warc"),
        (b"Plain headline\n\nBody.", "text"),
    ],
)
def test_format_sniffed_when_the_name_does_not_tell(
    tmp_path: Path, content: bytes, fmt: str
) -> None:
    path = samples.write(tmp_path / "download", content)
    assert detect_format(InputFile(str(path), path)) == fmt


def test_directories_are_walked_recursively_and_globs_expand(tmp_path: Path) -> None:
    samples.write(tmp_path / "a" / "one.txt", "T\n\nBody one.")
    samples.write(tmp_path / "a" / "b" / "two.html", "<p>x</p>")
    samples.write(tmp_path / "a" / "notes.md", "not an article format")
    samples.write(tmp_path / "a" / ".hidden" / "three.txt", "T\n\nBody.")
    found = sorted(Path(f.locator).name for f in expand_pattern(str(tmp_path / "a")))
    assert found == ["one.txt", "two.html"]
    globbed = expand_pattern(str(tmp_path / "a" / "**" / "*.html"))
    assert [Path(f.locator).name for f in globbed] == ["two.html"]
    with pytest.raises(IngestError, match="no file matches"):
        expand_pattern(str(tmp_path / "*.csv"))
