"""Process what is new in the store: analyze the articles not analyzed yet, then cluster them.

``process_new`` is the one "after an ingest" step: ``everyside ingest --cluster``, the
demo, the web ingest route, the watcher and the file comparison all call it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from everyside.analyze.pipeline import AnalyzeOptions
from everyside.cluster.options import ClusterOptions
from everyside.jobs.analyze import AnalyzeProgress, AnalyzeReport, analyze_store
from everyside.jobs.cluster import ClusterReport, cluster_store
from everyside.store.db import Store


@dataclass(frozen=True, slots=True, kw_only=True)
class ProcessOptions:
    """How to process new articles.

    Args:
        analyze: how to analyze; ``analyze.processes`` also computes the clustering
            features in that many workers. None means ``AnalyzeOptions()``.
        cluster: how to cluster; None means ``ClusterOptions()``.
        stories: cluster the analyzed articles into stories; False only analyzes (what
            a comparison of files needs).
        reconcile: re-cluster the recent window with the batch model after every
            ``recluster_window`` streamed articles and at the end
            (:func:`~everyside.jobs.cluster.reconcile_store`).
    """

    analyze: AnalyzeOptions | None = None
    cluster: ClusterOptions | None = None
    stories: bool = True
    reconcile: bool = True

    @property
    def processes(self) -> int:
        """Worker processes for the analysis and the clustering features."""
        return self.analyze.processes if self.analyze is not None else 1


@dataclass(slots=True)
class ProcessReport:
    """What processing did: the analysis, and the clustering unless it was not asked for."""

    analyzed: AnalyzeReport = field(default_factory=AnalyzeReport)
    clustered: ClusterReport | None = None

    @property
    def ok(self) -> bool:
        """True when no article failed its analysis."""
        return self.analyzed.ok


def process_new(
    store: Store,
    options: ProcessOptions | None = None,
    *,
    analyze_progress: AnalyzeProgress | None = None,
    cluster_progress: AnalyzeProgress | None = None,
) -> ProcessReport:
    """Analyze every article not analyzed yet, then assign the new ones to stories.

    Both steps pick up only what is new, so calling this again after a crash (or with
    nothing new) redoes nothing. An article whose analysis fails is named in
    ``report.analyzed.failed`` and the rest go on.
    """
    options = options or ProcessOptions()
    report = ProcessReport(
        analyzed=analyze_store(store, options.analyze, progress=analyze_progress)
    )
    if options.stories:
        report.clustered = cluster_store(
            store,
            options.cluster,
            reconcile=options.reconcile,
            processes=options.processes,
            progress=cluster_progress,
        )
    return report
