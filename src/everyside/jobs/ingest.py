"""Ingest into the store: read each input, detect language and duplicates, store each article."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from datasketch import LeanMinHash
from sqlalchemy.orm import Session

from everyside.ingest.dedup import (
    band_keys,
    earliest_near_copy,
    lsh_bands,
    signature_from_bytes,
    signature_to_bytes,
)
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
from everyside.store import near_duplicates, repository
from everyside.store.db import Store

# Stored signatures read per query while the band keys of an older store are filled in.
BACKFILL_BATCH = 1000


class Ingester:
    """Stores articles one transaction each, linking exact and near duplicates to the first seen.

    Near-copies are looked up in the store's band keys (``store.near_duplicates``), so a
    new run (after a crash, say) finds copies of what earlier runs stored without
    reading every signature; a store whose signatures lack keys for this run's bands
    gets them once, at start.
    """

    def __init__(self, store: Store, options: IngestOptions | None = None) -> None:
        self.store = store
        self.options = options or IngestOptions()
        self.outlets = (
            OutletRegistry.load(self.options.outlets_file) if self.options.outlets_file else None
        )
        # (bands, width) of the LSH, None when near duplicates are not looked for.
        self.bands: tuple[int, int] | None = None
        if self.options.near_duplicates:
            self.bands = lsh_bands(self.options.near_duplicate_threshold, self.options.num_perm)
            fill_band_keys(store, *self.bands)

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
        if self.bands is not None and signature is not None:
            match = self._near_copy_of(signature, *self.bands)
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
            if signature is not None:
                index_signature(session, article.id, signature)
        return replace(
            event,
            outcome=Outcome.NEAR_DUPLICATE if article.duplicate_of else Outcome.ADDED,
            article_id=article.id,
            duplicate_of=article.duplicate_of,
            similarity=article.duplicate_similarity,
            dated=article.published_at is not None,
        )

    def _near_copy_of(
        self, signature: LeanMinHash, bands: int, width: int
    ) -> tuple[str, float] | None:
        """The earliest stored article sharing a band with ``signature`` and similar enough."""
        with self.store.session() as session:
            found = near_duplicates.candidates(
                session, band_keys(signature, bands=bands, width=width)
            )
        return earliest_near_copy(
            signature,
            ((article_id, signature_from_bytes(data)) for article_id, data in found),
            self.options.near_duplicate_threshold,
        )


def index_signature(session: Session, article_id: str, signature: LeanMinHash) -> None:
    """Keep an article's band keys for every band layout the store keeps keys for."""
    for width, bands in near_duplicates.band_layouts(session).items():
        near_duplicates.add_band_keys(
            session, article_id, band_keys(signature, bands=bands, width=width)
        )


def fill_band_keys(store: Store, bands: int, width: int) -> None:
    """Give every stored signature keys for bands ``0 .. bands - 1`` of ``width``, once.

    A store made before the keys were kept, or last used with another threshold, is
    filled here in one transaction, read BACKFILL_BATCH signatures at a time; later
    articles get the keys as they are stored (:func:`index_signature`).
    """
    with store.session() as session:
        if near_duplicates.band_layouts(session).get(width, 0) >= bands:
            return
    with store.transaction() as session:
        have = near_duplicates.band_layouts(session).get(width, 0)
        if have >= bands:
            return  # another process filled them meanwhile
        after = ""
        while batch := near_duplicates.signatures_after(session, after, BACKFILL_BATCH):
            for article_id, data in batch:
                keys = band_keys(signature_from_bytes(data), bands=bands, width=width)
                near_duplicates.add_band_keys(session, article_id, keys[have:])
            after = batch[-1][0]
        near_duplicates.set_band_layout(session, width, bands)


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
