"""The Spark backfill reads each input file as ``everyside ingest`` does (no Spark needed)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from everyside.errors import IngestError
from everyside.ingest import IngestEvent
from everyside.ingest import read_input as ingest_input
from everyside.ingest.sources import InputFile
from everyside.model import Article
from everyside.settings import IngestOptions

if importlib.util.find_spec("pyspark") is None:
    pytest.skip(
        "pyspark is not installed (pip install 'everyside[spark]')", allow_module_level=True
    )

from everyside.scale.ingest import ReadArticle, ReadFailure, list_inputs, read_input
from everyside.scale.records import article_from_json

LINES = (
    '{"title": "Sea wall repair approved", "text": "The council approved the repair on '
    'Tuesday after months of complaints.", "outlet": "Wren Courier", '
    '"published": "2024-06-19T10:00:00+02:00"}\n'
    "{not json\n"
    '{"title": "Harbour bridge reopens", "text": "The harbour bridge reopened to traffic on '
    'Friday after eight months of repairs.", "outlet": "Kite Post"}\n'
)


def _ingest_messages(path: Path, options: IngestOptions) -> list[str | None]:
    """What ``everyside ingest`` reports for each record of one file: None for an article."""
    found = ingest_input(InputFile(str(path), path), options, None, lambda a: a)
    return [item.message if isinstance(item, IngestEvent) else None for item in found]


def test_records_take_their_positions_and_ingests_failures(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(LINES, encoding="utf-8")
    options = IngestOptions()
    read = list(read_input((3, str(path)), options))
    base = 3 << 32
    assert [item.position for item in read] == [base, base + 1, base + 2]
    first, bad, last = read
    assert isinstance(first, ReadArticle) and isinstance(last, ReadArticle)
    assert isinstance(bad, ReadFailure) and bad.locator == f"{path}:2"
    assert [None, bad.message, None] == _ingest_messages(path, options)
    article: Article = article_from_json(first.article)
    assert article.language == "en" and first.minhash is not None
    assert article.published_at is not None and article.published_at.utcoffset().seconds == 0
    assert article.content_hash == first.content_hash


def test_an_unreadable_input_is_one_failure(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("", encoding="utf-8")
    read = list(read_input((0, str(path)), IngestOptions()))
    assert len(read) == 1 and isinstance(read[0], ReadFailure)
    assert [read[0].message] == _ingest_messages(path, IngestOptions())


def test_patterns_naming_nothing_fail_and_standard_input_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Ferry service resumes after the strike.", encoding="utf-8")
    files, failed = list_inputs([str(tmp_path), str(tmp_path / "missing")])
    assert [f.path for f in files] == [tmp_path / "a.txt"]
    assert failed == [ReadFailure(-1, str(tmp_path / "missing"), "no such file or directory")]
    with pytest.raises(IngestError, match="standard input"):
        list_inputs([str(tmp_path), "-"])
