"""Read articles from text, HTML, RSS/Atom, WARC, JSONL and CSV into the store."""

from everyside.ingest.pipeline import (
    READERS,
    Ingester,
    IngestEvent,
    IngestProgress,
    IngestReport,
    Outcome,
    ingest,
)

__all__ = [
    "READERS",
    "IngestEvent",
    "IngestProgress",
    "IngestReport",
    "Ingester",
    "Outcome",
    "ingest",
]
