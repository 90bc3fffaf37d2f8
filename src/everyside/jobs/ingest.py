"""Ingest into the store: read each input, detect language and duplicates, store each article."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from everyside.ingest.dedup import NearDuplicateIndex, signature_from_bytes, signature_to_bytes
from everyside.ingest.outlets import OutletRegistry
from everyside.ingest.pipeline import (
    IngestEvent,
    IngestProgress,
    IngestReport,
    Outcome,
    list_inputs,
    prepare_article,
    read_input,
)
from everyside.ingest.sources import InputFile
from everyside.model import Article, DuplicateKind
from everyside.settings import IngestOptions
from everyside.store import repository
from everyside.store.db import Store


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
        yield from read_input(input_file, self.options, self.outlets, self.ingest_article)

    def ingest_article(self, article: Article) -> IngestEvent:
        """Store one article in its own transaction, or link it to its stored copy."""
        event = IngestEvent(
            locator=article.source.locator, outcome=Outcome.ADDED, title=article.title
        )
        # The slow work happens before the transaction, which on a shared store holds the
        # writers' lock: other processes wait only for the writes.
        signature = prepare_article(article, self.options)
        if self.near_duplicates is not None and signature is not None:
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
            dated=article.published_at is not None,
        )


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
    inputs, failures = list_inputs(patterns)
    return _ingest_each(ingester, inputs, IngestReport(events=failures), progress)


def ingest_inputs(
    inputs: Iterable[InputFile],
    store: Store,
    options: IngestOptions | None = None,
    *,
    progress: IngestProgress | None = None,
) -> IngestReport:
    """Ingest inputs already found (uploads saved to files, say) exactly as ``ingest`` does."""
    ingester = Ingester(store, options)
    return _ingest_each(ingester, list(inputs), IngestReport(), progress)


def _ingest_each(
    ingester: Ingester,
    inputs: list[InputFile],
    report: IngestReport,
    progress: IngestProgress | None,
) -> IngestReport:
    if progress is not None:
        progress.start(len(inputs))
    for input_file in inputs:
        events = list(ingester.ingest_file(input_file))
        report.events.extend(events)
        report.files += 1
        if progress is not None:
            progress.advance(input_file, events)
    return report
