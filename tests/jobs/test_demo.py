"""run_demo: the demo's whole workflow on the bundled corpus, into a throw-away store.

The full corpus, once for the module: ``make demo`` takes about 12 s, most of it the
analysis, and a subset would not show the richest story the demo is for.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from everyside.errors import EverysideError
from everyside.ingest import Outcome
from everyside.jobs import demo_inputs, run_demo
from everyside.jobs.compare import richest_story
from everyside.jobs.demo import Demo
from everyside.store import repository
from everyside.store import stories as story_store
from everyside.store.db import Store, open_store
from tests.conftest import CORPUS

GOLD = [json.loads(line) for line in (CORPUS / "gold.jsonl").read_text().splitlines() if line]


@dataclass
class Steps:
    """Counts what each step told its progress receiver."""

    started: dict[str, int]
    advanced: dict[str, int]
    stages: dict[str, list[str]]

    def receiver(self, step: str) -> _Receiver:
        """A progress receiver for one step (ingest, analyze or cluster)."""
        return _Receiver(self, step)


@dataclass
class _Receiver:
    steps: Steps
    step: str

    def start(self, total: int) -> None:
        self.steps.started[self.step] = total

    def advance(self, *_: object) -> None:
        self.steps.advanced[self.step] = self.steps.advanced.get(self.step, 0) + 1

    def stage(self, description: str, total: int | None = None) -> None:
        self.steps.stages.setdefault(self.step, []).append(description)


@dataclass
class DemoRun:
    """The demo's result, the store it filled, its output folder and the progress it gave."""

    demo: Demo
    store: Store
    output: Path
    steps: Steps


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoRun]:
    folder = tmp_path_factory.mktemp("demo")
    store = open_store(str(folder / "demo.db"))
    inputs, options = demo_inputs(CORPUS)
    steps = Steps({}, {}, {})
    found = run_demo(
        store,
        inputs,
        options,
        folder / "out",
        ingest_progress=steps.receiver("ingest"),
        analyze_progress=steps.receiver("analyze"),
        cluster_progress=steps.receiver("cluster"),
    )
    yield DemoRun(found, store, folder / "out", steps)
    store.close()


def test_the_whole_corpus_is_read_analyzed_and_clustered(demo_run: DemoRun) -> None:
    demo, store = demo_run.demo, demo_run.store
    assert demo.ok and demo.processed.ok
    stored = demo.ingested.count(Outcome.ADDED) + demo.ingested.count(Outcome.NEAR_DUPLICATE)
    assert stored == len(GOLD) - 1 and demo.ingested.count(Outcome.EXACT_DUPLICATE) == 1
    assert demo.processed.analyzed.analyzed == stored
    with store.session() as session:
        articles = repository.list_articles(session, repository.ArticleFilter(limit=1000))
        assigned = story_store.assignments(session)
    assert sorted(assigned) == sorted(article.id for article in articles)
    assert set(demo_run.steps.started) == {"ingest", "analyze"}
    assert demo_run.steps.started["analyze"] == stored and demo_run.steps.advanced["ingest"]
    # Each part that takes time is named while it runs, the model's loading included.
    assert demo_run.steps.stages["analyze"] == ["loading the language model", "analyzing"]
    assert demo_run.steps.stages["cluster"] == [
        "embedding articles",
        "assigning to stories",
        "re-clustering the last 1000 articles",
    ]


def test_the_richest_story_is_compared(demo_run: DemoRun) -> None:
    comparison = demo_run.demo.comparison
    assert comparison is not None
    assert comparison.story_id == richest_story(demo_run.store)
    assert len(comparison.outlets) >= 4 and comparison.groups and comparison.consensus()


def test_events_and_the_network_are_written(demo_run: DemoRun) -> None:
    demo, output = demo_run.demo, demo_run.output
    assert demo.events and demo.events_file == output / "events.tsv"
    header, *rows = demo.events_file.read_text(encoding="utf-8").splitlines()
    assert header.startswith("GLOBALEVENTID\t") and len(rows) == len(demo.events)
    for path in (demo.network.graphml, demo.network.json, demo.network.svg):
        assert path.parent == output and path.stat().st_size > 0


def test_a_second_run_adds_nothing(demo_run: DemoRun) -> None:
    inputs, options = demo_inputs(CORPUS)
    again = run_demo(demo_run.store, inputs, options, demo_run.output)
    assert again.ok and again.ingested.count(Outcome.ADDED) == 0
    assert again.processed.analyzed.analyzed == 0
    assert len(again.events) == len(demo_run.demo.events)


def test_the_demo_inputs_are_the_corpus_folders_and_its_outlets(tmp_path: Path) -> None:
    inputs, options = demo_inputs(CORPUS)
    assert inputs == sorted(str(path) for path in CORPUS.iterdir() if path.is_dir())
    assert options.outlets_file == CORPUS / "outlets.toml"
    with pytest.raises(EverysideError, match="no demo corpus"):
        demo_inputs(tmp_path / "nowhere")
