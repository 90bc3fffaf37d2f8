"""Run an ingest: read every input, detect language and duplicates, store one article at a time."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Protocol

from everyside.errors import IngestError
from everyside.ingest.dedup import (
    NearDuplicateIndex,
    minhash_signature,
    signature_from_bytes,
    signature_to_bytes,
)
from everyside.ingest.feed import read_feed
from everyside.ingest.html import read_html
from everyside.ingest.language import detect_language
from everyside.ingest.outlets import OutletRegistry
from everyside.ingest.sources import InputFile, detect_format, expand_pattern
from everyside.ingest.tabular import read_csv, read_jsonl
from everyside.ingest.text import read_text
from everyside.ingest.warc import read_warc
from everyside.model import Article, DuplicateKind
from everyside.settings import IngestOptions
from everyside.store import repository
from everyside.store.db import Store

logger = logging.getLogger(__name__)

Reader = Callable[[InputFile, IngestOptions], Iterator[Article | IngestError]]

READERS: dict[str, Reader] = {
    "text": read_text,
    "html": read_html,
    "feed": read_feed,
    "warc": read_warc,
    "jsonl": read_jsonl,
    "csv": read_csv,
}


class Outcome(StrEnum):
    """What happened to one article (or one input that failed)."""

    ADDED = "added"
    NEAR_DUPLICATE = "near_duplicate"
    EXACT_DUPLICATE = "exact_duplicate"
    ALREADY_STORED = "already_stored"
    FAILED = "failed"


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestEvent:
    """The outcome for one article or one failed input."""

    locator: str
    outcome: Outcome
    article_id: str | None = None
    title: str | None = None
    duplicate_of: str | None = None
    similarity: float | None = None
    message: str | None = None


@dataclass(slots=True)
class IngestReport:
    """Everything an ingest did, in order."""

    events: list[IngestEvent] = field(default_factory=list)
    files: int = 0

    def count(self, outcome: Outcome) -> int:
        """How many events had this outcome."""
        return sum(1 for event in self.events if event.outcome is outcome)

    @property
    def errors(self) -> list[IngestEvent]:
        """The failures, each naming its input and problem."""
        return [event for event in self.events if event.outcome is Outcome.FAILED]

    @property
    def ok(self) -> bool:
        """True when nothing failed."""
        return not self.errors


class Ingester:
    """Stores articles one transaction each, linking exact and near duplicates to the first seen.

    The near-duplicate index is rebuilt from the signatures in the store, so a new run
    (after a crash, say) finds copies of what earlier runs stored.
    """

    def __init__(self, store: Store, options: IngestOptions | None = None) -> None:
        self.store = store
        self.options = options or IngestOptions()
        self.outlets = (
            OutletRegistry.load(self.options.outlets_file) if self.options.outlets_file else None
        )
        self.near_duplicates: NearDuplicateIndex | None = None
        if self.options.near_duplicates:
            self.near_duplicates = NearDuplicateIndex(
                threshold=self.options.near_duplicate_threshold, num_perm=self.options.num_perm
            )
            with store.session() as session:
                for article_id, data in repository.iter_signatures(session):
                    signature = signature_from_bytes(data)
                    if len(signature.hashvalues) == self.options.num_perm:
                        self.near_duplicates.add(article_id, signature)

    def ingest_file(self, input_file: InputFile) -> Iterator[IngestEvent]:
        """Read one input and store its articles; problems become FAILED events."""
        try:
            fmt = self.options.format or detect_format(input_file)
            for item in READERS[fmt](input_file, self.options):
                if isinstance(item, IngestError):
                    yield _failure(item)
                else:
                    if self.outlets is not None:
                        item.outlet = self.outlets.outlet_of(item, input_file.path)
                    yield self.ingest_article(item)
        except IngestError as error:
            yield _failure(error)
        except OSError as error:
            yield IngestEvent(
                locator=input_file.locator,
                outcome=Outcome.FAILED,
                message=error.strerror or str(error),
            )
        except Exception as error:  # a batch never stops for one bad input
            logger.exception("unexpected error reading %s", input_file.locator)
            yield IngestEvent(
                locator=input_file.locator,
                outcome=Outcome.FAILED,
                message=f"unexpected {type(error).__name__}: {error}",
            )

    def ingest_article(self, article: Article) -> IngestEvent:
        """Store one article in its own transaction, or link it to its stored copy."""
        event = IngestEvent(
            locator=article.source.locator, outcome=Outcome.ADDED, title=article.title
        )
        # The slow work happens before the transaction, which on a shared store holds the
        # writers' lock: other processes wait only for the writes.
        article.language, article.language_confidence = detect_language(
            f"{article.title}\n{article.body}"
        )
        signature = None
        if self.near_duplicates is not None:
            signature = minhash_signature(
                article.body, num_perm=self.options.num_perm, shingle_size=self.options.shingle_size
            )
            match = self.near_duplicates.query(signature)
            if match is not None:
                article.duplicate_of, article.duplicate_similarity = match
                article.duplicate_kind = DuplicateKind.NEAR
        with self.store.transaction() as session:
            existing = repository.find_by_hash(session, article.content_hash)
            if existing is not None:
                status = repository.record_copy(session, existing, article)
                outcome = (
                    Outcome.ALREADY_STORED
                    if status is repository.CopyStatus.ALREADY_STORED
                    else Outcome.EXACT_DUPLICATE
                )
                return replace(event, outcome=outcome, article_id=existing, duplicate_of=existing)
            repository.add_article(
                session,
                self.store.fulltext,
                article,
                minhash=signature_to_bytes(signature) if signature is not None else None,
            )
        if self.near_duplicates is not None and signature is not None:
            self.near_duplicates.add(article.id, signature)
        return replace(
            event,
            outcome=Outcome.NEAR_DUPLICATE if article.duplicate_of else Outcome.ADDED,
            article_id=article.id,
            duplicate_of=article.duplicate_of,
            similarity=article.duplicate_similarity,
        )


def _failure(error: IngestError) -> IngestEvent:
    return IngestEvent(locator=error.locator, outcome=Outcome.FAILED, message=error.problem)


class IngestProgress(Protocol):
    """Receives progress of an ingest, for a progress bar."""

    def start(self, total_inputs: int) -> None:
        """Called once, with the number of inputs found."""

    def advance(self, input_file: InputFile, events: list[IngestEvent]) -> None:
        """Called after each input, with what happened to it."""


def ingest(
    patterns: Iterable[str],
    store: Store,
    options: IngestOptions | None = None,
    *,
    progress: IngestProgress | None = None,
) -> IngestReport:
    """Ingest every input named by paths, directories, glob patterns or ``-`` (stdin).

    Args:
        patterns: what to read, as given on the command line.
        store: where to keep the articles.
        options: how to read and deduplicate; defaults to ``IngestOptions()``.
        progress: told how many inputs there are and what happened to each.

    Returns:
        The report of every article stored or linked and every input that failed.
    """
    ingester = Ingester(store, options)
    report = IngestReport()
    inputs: list[InputFile] = []
    for pattern in patterns:
        try:
            inputs.extend(expand_pattern(pattern))
        except IngestError as error:
            report.events.append(_failure(error))
    if progress is not None:
        progress.start(len(inputs))
    for input_file in inputs:
        events = list(ingester.ingest_file(input_file))
        report.events.extend(events)
        report.files += 1
        if progress is not None:
            progress.advance(input_file, events)
    return report
