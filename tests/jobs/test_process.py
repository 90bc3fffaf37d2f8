"""process_new: the one step after an ingest analyzes and clusters what is new, once."""

from __future__ import annotations

from pathlib import Path

from everyside.jobs import ingest
from everyside.jobs.process import ProcessOptions, process_new
from everyside.store import stories as story_store
from everyside.store.db import open_store

FERRY = (
    "Ferry crews strike in Portmere\n\n"
    "Ferry crews in Portmere walked out on Monday morning, stopping all crossings to the "
    "islands. The union said 240 crew members joined the strike over pay."
)
FERRY_AGAIN = (
    "Portmere ferries halted by crew walkout\n\n"
    "All ferry crossings from Portmere stopped on Monday as crews went on strike. "
    "About 240 crew members took part, according to the union."
)


def _write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_new_articles_are_analyzed_and_clustered_once(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "news.db"))
    try:
        first = _write(tmp_path, "a.txt", FERRY)
        assert ingest([first], store).ok
        report = process_new(store)
        assert report.ok and report.analyzed.analyzed == 1
        assert report.clustered is not None and report.clustered.assigned == 1
        # Nothing new: nothing is redone.
        again = process_new(store)
        assert again.analyzed.analyzed == 0 and again.clustered is not None
        assert again.clustered.assigned == 0
        # A second outlet's report of the same strike joins the story.
        assert ingest([_write(tmp_path, "b.txt", FERRY_AGAIN)], store).ok
        process_new(store)
        with store.session() as session:
            assert len(set(story_store.assignments(session).values())) == 1
    finally:
        store.close()


def test_without_stories_it_only_analyzes(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "news.db"))
    try:
        assert ingest([_write(tmp_path, "a.txt", FERRY)], store).ok
        report = process_new(store, ProcessOptions(stories=False))
        assert report.analyzed.analyzed == 1 and report.clustered is None
        with store.session() as session:
            assert story_store.assignments(session) == {}
    finally:
        store.close()
