"""Jobs: the one layer that combines the store with the stages.

Each job reads records from the store, runs a stage over them and stores what it made:
``ingest`` (and ``Ingester``), ``analyze_store``, ``cluster_store``, ``process_new`` (analyze
and cluster what is new: the step after every ingest), ``compare_story`` and
``compare_files``, the events jobs (``real_world_events``, ``gdelt_export``,
``write_network``) and ``run_demo``. The CLI, the web app and the watcher call these.

May import ``everyside.store``, the stage packages (``ingest``, ``analyze``, ``cluster``,
``compare``, ``events``), ``model``, ``settings``, ``parallel`` and ``errors``; never the
interfaces (cli, web, watch, report) and never ``evaluate`` or ``training``.
"""

from everyside.jobs.analyze import AnalyzeProgress, AnalyzeReport, analyze_store, unanalyzed
from everyside.jobs.cluster import ClusterReport, cluster_store, compute_features
from everyside.jobs.compare import (
    UnreadableInputs,
    compare_files,
    compare_story,
    read_files,
    richest_story,
)
from everyside.jobs.demo import Demo, demo_inputs, run_demo
from everyside.jobs.events import NetworkFiles, gdelt_export, real_world_events, write_network
from everyside.jobs.ingest import Ingester, ingest, ingest_inputs
from everyside.jobs.process import ProcessOptions, ProcessReport, process_new

__all__ = [
    "AnalyzeProgress",
    "AnalyzeReport",
    "ClusterReport",
    "Demo",
    "Ingester",
    "NetworkFiles",
    "ProcessOptions",
    "ProcessReport",
    "UnreadableInputs",
    "analyze_store",
    "cluster_store",
    "compare_files",
    "compare_story",
    "compute_features",
    "demo_inputs",
    "gdelt_export",
    "ingest",
    "ingest_inputs",
    "process_new",
    "read_files",
    "real_world_events",
    "richest_story",
    "run_demo",
    "unanalyzed",
    "write_network",
]
