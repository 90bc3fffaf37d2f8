"""Read articles from text, HTML, RSS/Atom, WARC, JSONL and CSV: inputs in, ``Article`` records out.

The readers, decoding, boilerplate removal, metadata, language detection, outlets and
near-duplicate signatures. Imports ``model``, ``settings`` and ``errors``, never the store:
``everyside.jobs.ingest`` (``ingest``, ``Ingester``) stores what this package reads.
"""

from everyside.ingest.boilerplate import classify_paragraph
from everyside.ingest.pipeline import (
    READERS,
    IngestEvent,
    IngestProgress,
    IngestReport,
    Outcome,
    list_inputs,
    prepare_article,
    read_input,
)

__all__ = [
    "READERS",
    "IngestEvent",
    "IngestProgress",
    "IngestReport",
    "Outcome",
    "classify_paragraph",
    "list_inputs",
    "prepare_article",
    "read_input",
]
