"""The demo: ingest, analyze and cluster a corpus, compare its richest story, export events."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from everyside.compare.results import Comparison
from everyside.errors import EverysideError
from everyside.ingest.pipeline import IngestProgress, IngestReport
from everyside.jobs.analyze import AnalyzeProgress
from everyside.jobs.compare import compare_story, richest_story
from everyside.jobs.events import NetworkFiles, gdelt_export, real_world_events, write_network
from everyside.jobs.ingest import ingest
from everyside.jobs.process import ProcessReport, process_new
from everyside.model import RealWorldEvent
from everyside.settings import IngestOptions
from everyside.store.db import Store


@dataclass(frozen=True, slots=True)
class Demo:
    """What the demo made: the reports of its steps and the files it wrote."""

    ingested: IngestReport
    processed: ProcessReport
    comparison: Comparison | None
    events: list[RealWorldEvent]
    events_file: Path
    network: NetworkFiles

    @property
    def ok(self) -> bool:
        """True when every input could be read."""
        return self.ingested.ok


def demo_inputs(corpus: Path) -> tuple[list[str], IngestOptions]:
    """The demo corpus's folders (one per format) and the ingest options of its outlets."""
    if not corpus.is_dir():
        raise EverysideError(f"no demo corpus at {corpus} (run from the repository root)")
    inputs = sorted(str(path) for path in corpus.iterdir() if path.is_dir())
    registry = corpus / "outlets.toml"
    return inputs, IngestOptions(outlets_file=registry if registry.is_file() else None)


def run_demo(
    store: Store,
    inputs: list[str],
    options: IngestOptions,
    output: Path,
    *,
    ingest_progress: IngestProgress | None = None,
    analyze_progress: AnalyzeProgress | None = None,
    cluster_progress: AnalyzeProgress | None = None,
) -> Demo:
    """Ingest, analyze and cluster the inputs; compare the richest story; write events.tsv.

    Args:
        store: where the demo's articles, analyses and stories go.
        inputs: what to ingest, with ``options``: ``demo_inputs(corpus)`` gives both.
        output: folder for events.tsv (GDELT 2.0 columns) and the actor network.
        ingest_progress, analyze_progress, cluster_progress: told how each step goes.
    """
    ingested = ingest(inputs, store, options, progress=ingest_progress)
    processed = process_new(
        store, analyze_progress=analyze_progress, cluster_progress=cluster_progress
    )
    output.mkdir(parents=True, exist_ok=True)
    story_id = richest_story(store)
    comparison = compare_story(store, story_id) if story_id is not None else None
    events = real_world_events(store)
    events_file = output / "events.tsv"
    events_file.write_text(gdelt_export(store, events), encoding="utf-8")
    network = write_network(events, output, store=store)
    return Demo(ingested, processed, comparison, events, events_file, network)
