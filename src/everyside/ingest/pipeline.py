"""The ingest of one input, without the store: read it, triage its failures, prepare each article.

``everyside.jobs.ingest`` stores what these functions return; the Spark backfill
(``everyside.scale``) reads its inputs with them too. Imports ``model`` and the readers,
never the store.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol, TypeVar

from datasketch import LeanMinHash

from everyside.counting import counted
from everyside.errors import IngestError
from everyside.escaping import MAX_LOCATOR_CHARS, clip
from everyside.ingest.dedup import minhash_signature
from everyside.ingest.feed import read_feed
from everyside.ingest.html import read_html
from everyside.ingest.language import detect_language
from everyside.ingest.outlets import OutletRegistry
from everyside.ingest.sources import InputFile, detect_format, expand_pattern
from everyside.ingest.tabular import NoText, read_csv, read_jsonl
from everyside.ingest.text import read_text
from everyside.ingest.warc import read_warc
from everyside.model import Article
from everyside.settings import IngestOptions

logger = logging.getLogger(__name__)

T = TypeVar("T")

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
    # A JSONL or CSV input none of whose records has a text field: not a file of articles
    # (gold answers, a config), one event for the whole input, not a failure per record.
    NOT_ARTICLES = "not_articles"


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
    # For a stored article: whether it has a publication time (None for other outcomes).
    dated: bool | None = None


@dataclass(slots=True)
class IngestReport:
    """Everything an ingest did, in order."""

    events: list[IngestEvent] = field(default_factory=list)
    files: int = 0

    def count(self, outcome: Outcome) -> int:
        """How many events had this outcome."""
        return sum(1 for event in self.events if event.outcome is outcome)

    @property
    def stored(self) -> int:
        """How many articles were newly stored (near-copies included)."""
        return self.count(Outcome.ADDED) + self.count(Outcome.NEAR_DUPLICATE)

    @property
    def undated(self) -> int:
        """How many newly stored articles have no publication time."""
        return sum(1 for event in self.events if event.dated is False)

    @property
    def errors(self) -> list[IngestEvent]:
        """The failures, each naming its input and problem."""
        return [event for event in self.events if event.outcome is Outcome.FAILED]

    @property
    def not_articles(self) -> list[str]:
        """The inputs skipped as holding no articles (records without text), in order."""
        return [e.locator for e in self.events if e.outcome is Outcome.NOT_ARTICLES]

    @property
    def ok(self) -> bool:
        """True when nothing failed."""
        return not self.errors


def undated_note(undated: int, stored: int) -> str | None:
    """One line saying how many new articles lack a date and what that does to stories."""
    if not undated:
        return None
    return (
        f"note: {undated:,} of {stored:,} new articles have no publication date; time cannot "
        "keep them apart, so recurring stories (daily counts, weekly roundups) may merge. "
        "Give dates in the input: a published or date field, feed dates, or dated URLs "
        "(/2024/06/18/)."
    )


def failure(locator: str, message: str) -> IngestEvent:
    """The FAILED event of an input; every ingest failure is made here, clipped to one line.

    Messages may quote the input (warcio puts a whole header line in its errors), so
    locator and message are held to a bounded length before anyone prints or sends them.
    """
    return IngestEvent(
        locator=clip(locator, MAX_LOCATOR_CHARS, one_line=False),
        outcome=Outcome.FAILED,
        message=clip(message),
    )


def _failure(error: IngestError) -> IngestEvent:
    return failure(error.locator, error.problem)


class IngestProgress(Protocol):
    """Receives progress of an ingest, for a progress bar."""

    def start(self, total_inputs: int) -> None:
        """Called once, with the number of inputs found."""

    def advance(self, input_file: InputFile, events: list[IngestEvent]) -> None:
        """Called after each input, with what happened to it."""


def list_inputs(patterns: Iterable[str]) -> tuple[list[InputFile], list[IngestEvent]]:
    """Every input the patterns name, in order, and a FAILED event for each that names none."""
    inputs: list[InputFile] = []
    failures = []
    for pattern in patterns:
        try:
            inputs.extend(expand_pattern(pattern))
        except IngestError as error:
            failures.append(_failure(error))
    return inputs, failures


def read_input(
    input_file: InputFile,
    options: IngestOptions,
    outlets: OutletRegistry | None,
    handle: Callable[[Article], T],
) -> Iterator[T | IngestEvent]:
    """Read one input with its reader and ``handle`` each article (its outlet named first).

    A bad record is a FAILED event and the reader goes on; an input that cannot be read
    at all, or an article whose handling raises, ends the input with one FAILED event.
    Never raises: a batch never stops for one bad input.
    """
    # Records without text are held until the input's first article: if none comes, the
    # input is not a file of articles and gets one NOT_ARTICLES event instead.
    held: list[IngestError] = []
    articles = 0
    try:
        fmt = options.format or detect_format(input_file)
        for item in READERS[fmt](input_file, options):
            if isinstance(item, NoText) and not articles:
                held.append(item)
            elif isinstance(item, IngestError):
                yield _failure(item)
            else:
                yield from (_failure(error) for error in held)
                held = []
                articles += 1
                if outlets is not None:
                    item.outlet = outlets.outlet_of(item, input_file.path)
                yield handle(item)
        if held:
            yield IngestEvent(
                locator=clip(input_file.locator, MAX_LOCATOR_CHARS, one_line=False),
                outcome=Outcome.NOT_ARTICLES,
                message=clip(
                    f"not articles: none of its {counted(len(held), 'record')} has "
                    f"{held[0].problem.removeprefix('no ')}"
                ),
            )
    except IngestError as error:
        yield _failure(error)
    except OSError as error:
        yield failure(input_file.locator, error.strerror or str(error))
    except Exception as error:  # a batch never stops for one bad input
        logger.exception("unexpected error reading %s", clip(input_file.locator))
        yield failure(input_file.locator, f"unexpected {type(error).__name__}: {error}")


def prepare_article(article: Article, options: IngestOptions) -> LeanMinHash | None:
    """Detect the article's language (set on it); return its MinHash, if near-copies are sought.

    The slow per-article work of an ingest, done before anything is stored.
    """
    article.language, article.language_confidence = detect_language(
        f"{article.title}\n{article.body}"
    )
    if not options.near_duplicates:
        return None
    return minhash_signature(
        article.body, num_perm=options.num_perm, shingle_size=options.shingle_size
    )
