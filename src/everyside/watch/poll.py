"""The watcher: fetch due feeds concurrently, ingest new items, then analyze, cluster and alert.

Network work (the feed, and article pages when asked) runs in worker threads and never
touches the store; the main thread ingests one item at a time and keeps every feed's
state in the store. Nothing about items is kept in memory between polls: the feed
state holds the content hashes of the items a feed carried last, and the store
deduplicates the rest by content hash.
"""

from __future__ import annotations

import logging
import math
import threading
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import cache
from time import monotonic

from everyside.compare.results import Comparison
from everyside.errors import IngestError
from everyside.ingest.decode import decode_bytes
from everyside.ingest.feed import read_feed
from everyside.ingest.html import parse_html_article
from everyside.ingest.pipeline import Outcome, undated_note
from everyside.ingest.sources import InputFile
from everyside.jobs import Ingester, ProcessOptions, compare_story, process_new
from everyside.model import Article, SourceRef
from everyside.settings import IngestOptions
from everyside.store import stories as story_store
from everyside.store import watch as watch_store
from everyside.store.db import Store
from everyside.store.watch import Alert, FeedState
from everyside.watch.config import FeedConfig, WatchConfig
from everyside.watch.deliver import deliver
from everyside.watch.fetch import Fetcher, FetchError
from everyside.watch.redact import redact_text, redact_url
from everyside.watch.schedule import Schedule

logger = logging.getLogger(__name__)
# Waits for fetches in flight look at the stop event at least this often.
_STOP_CHECK = 0.25


@dataclass(frozen=True, slots=True)
class FetchedInput(InputFile):
    """A feed fetched over HTTP, read by the same reader as feed files."""

    data: bytes = b""

    def read(self, max_bytes: int) -> bytes:
        """The fetched body (the fetcher already held it to its size limit)."""
        return self.data


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedFetch:
    """What one poll of a feed brought: its new items, or that nothing changed."""

    feed: FeedConfig
    not_modified: bool = False
    articles: tuple[Article, ...] = ()
    item_keys: tuple[str, ...] = ()
    etag: str | None = None
    last_modified: str | None = None


@dataclass(slots=True)
class CycleReport:
    """What the watcher did in one ``--once`` cycle, or since ``run`` started: counts only."""

    polled: int = 0
    not_modified: int = 0
    failed: int = 0
    added: int = 0
    duplicates: int = 0
    alerts: int = 0
    errors: list[str] = field(default_factory=list)

    def note_error(self, message: str) -> None:
        """Count a failed poll, keeping only the latest messages: memory stays flat."""
        self.failed += 1
        self.errors = [*self.errors[-19:], message]


def fetch_feed(fetcher: Fetcher, feed: FeedConfig, state: FeedState | None) -> FeedFetch:
    """Fetch and read one feed, keeping only items it did not carry at its last poll.

    Runs in a worker thread: network and parsing only, no store. Raises on any failure.
    The feed's URL is the operator's and is trusted as configured; its redirects and
    its items' links are not (see :mod:`everyside.watch.fetch`). What is kept of the
    articles' URLs and sources has its credentials masked (:mod:`everyside.watch.redact`).
    """
    fetched = fetcher.get(
        feed.url,
        etag=state.etag if state else None,
        last_modified=state.last_modified if state else None,
        trusted=True,
    )
    if fetched.not_modified:
        return FeedFetch(feed=feed, not_modified=True)
    known = set(state.item_keys) if state else set()
    articles, keys = [], []
    options = IngestOptions(outlet=feed.outlet, near_duplicates=False)
    for item in read_feed(FetchedInput(redact_url(feed.url), data=fetched.body), options):
        if isinstance(item, IngestError):
            logger.warning("%s", redact_text(str(item)))
            continue
        keys.append(item.content_hash)
        if item.content_hash not in known:
            known.add(item.content_hash)  # a feed repeating an item carries it once
            if feed.full_page and fetcher.stopped:
                raise FetchError(feed.url, "stopped")
            article = full_page(fetcher, item, feed) if feed.full_page else item
            articles.append(_redacted(article))
    return FeedFetch(
        feed=feed,
        articles=tuple(articles),
        item_keys=tuple(keys),
        etag=fetched.etag,
        last_modified=fetched.last_modified,
    )


def _redacted(article: Article) -> Article:
    """The article with credentials masked in its URL and source, as readers will see them."""
    source = SourceRef(locator=redact_text(article.source.locator), format=article.source.format)
    return replace(article, url=redact_url(article.url) if article.url else None, source=source)


def full_page(fetcher: Fetcher, item: Article, feed: FeedConfig) -> Article:
    """The item's whole article from its page (trafilatura), else the item as the feed gave it."""
    if not item.url:
        return item
    try:
        page = fetcher.get(item.url)
        html, _ = decode_bytes(page.body, item.url)
        article = parse_html_article(
            html,
            SourceRef(locator=item.source.locator, format="html"),
            url=item.url,
            outlet=feed.outlet,
        )
    except Exception as error:  # a page that fails leaves the feed's summary, not nothing
        logger.warning("%s: keeping the feed's summary: %s", redact_url(item.url), error)
        return item
    return replace(
        article,
        outlet=item.outlet or article.outlet,
        published_at=article.published_at or item.published_at,
    )


class Watcher:
    """Polls the configured feeds into a store and raises the configured alerts.

    ``stop`` (set by a signal handler, say) ends ``run`` after the item being ingested;
    everything committed before stays, and the next start resumes from the feed state.
    """

    def __init__(
        self, store: Store, config: WatchConfig, *, stop: threading.Event | None = None
    ) -> None:
        self.store = store
        self.config = config
        self.stop = stop or threading.Event()
        self.fetcher = Fetcher(config.fetch, stop=self.stop)
        self.ingester = Ingester(store)
        self.schedule = Schedule()
        self.report = CycleReport()
        # Feeds already warned about for items without dates: once per feed while running.
        self.undated_feeds: set[str] = set()
        now = datetime.now(UTC)
        with store.session() as session:
            for feed in config.feeds:
                state = watch_store.get_feed_state(session, feed.url)
                self.schedule.put(feed.url, state.next_poll if state and state.next_poll else now)

    def close(self) -> None:
        """Release the HTTP connections."""
        self.fetcher.close()

    def run_once(self) -> CycleReport:
        """Poll every due feed once, then analyze, cluster and alert; for cron."""
        self.report = CycleReport()
        with ThreadPoolExecutor(self.config.concurrency, thread_name_prefix="watch") as pool:
            inflight = self._submit_due(pool)
            while inflight and not self.stop.is_set():
                self._collect(inflight, timeout=None)
            pool.shutdown(cancel_futures=True)
        if not self.stop.is_set():
            self.process(reconcile=True)
        return self.report

    def run(self) -> CycleReport:
        """Poll each feed on its own schedule until ``stop`` is set."""
        last_processed, pending = monotonic(), False
        last_reconciled = -math.inf  # the first run re-clusters
        with ThreadPoolExecutor(self.config.concurrency, thread_name_prefix="watch") as pool:
            inflight: dict[Future[FeedFetch], str] = {}
            while not self.stop.is_set():
                inflight.update(self._submit_due(pool))
                waiting = self.schedule.seconds_until_next(datetime.now(UTC))
                until_process = self.config.process_every - (monotonic() - last_processed)
                timeout = min(
                    waiting if waiting is not None else 60.0,
                    max(until_process, 0.0) if pending else 60.0,
                )
                if inflight:
                    pending |= self._collect(inflight, timeout=timeout) > 0
                else:
                    self.stop.wait(timeout)
                due = monotonic() - last_processed >= self.config.process_every
                if pending and due and not self.stop.is_set():
                    # Like Europe Media Monitor, rebuild the recent stories every few minutes.
                    reconcile = monotonic() - last_reconciled >= self.config.recluster_every
                    self.process(reconcile=reconcile)
                    last_processed, pending = monotonic(), False
                    if reconcile:
                        last_reconciled = last_processed
            pool.shutdown(cancel_futures=True)
        return self.report

    def _submit_due(self, pool: ThreadPoolExecutor) -> dict[Future[FeedFetch], str]:
        submitted = {}
        with self.store.session() as session:
            for url in self.schedule.take_due(datetime.now(UTC)):
                state = watch_store.get_feed_state(session, url)
                feed = self.config.feed(url)
                submitted[pool.submit(fetch_feed, self.fetcher, feed, state)] = url
        return submitted

    def _collect(self, inflight: dict[Future[FeedFetch], str], *, timeout: float | None) -> int:
        """Ingest the polls that finish within ``timeout``; return how many items were new.

        Returns early, ingesting nothing, once ``stop`` is set.
        """
        until = None if timeout is None else monotonic() + timeout
        while True:
            step = _STOP_CHECK if until is None else max(0.0, min(_STOP_CHECK, until - monotonic()))
            done, _ = wait(inflight, timeout=step, return_when=FIRST_COMPLETED)
            if done or self.stop.is_set() or (until is not None and monotonic() >= until):
                break
        added = 0
        for future in done:
            url = inflight.pop(future)
            if self.stop.is_set():
                # Not ingested: the feed state is left as it was, so the next start redoes it.
                continue
            try:
                added += self._ingest(future.result())
            except Exception as error:  # garbage, a dead server, anything: log, back off, go on
                self._failed(url, error)
        return added

    def _ingest(self, fetched: FeedFetch) -> int:
        feed, now = fetched.feed, datetime.now(UTC)
        self.report.polled += 1
        with self.store.session() as session:
            state = watch_store.get_feed_state(session, feed.url) or FeedState(url=feed.url)
        new = stored = undated = 0
        if fetched.not_modified:
            self.report.not_modified += 1
        else:
            for article in fetched.articles:
                if self.stop.is_set():
                    # Stopped mid-feed: keep the old validators so the rest is fetched again.
                    self.schedule.put(feed.url, now)
                    return new
                event = self.ingester.ingest_article(article)
                new += 1
                if event.outcome in (Outcome.ADDED, Outcome.NEAR_DUPLICATE):
                    self.report.added += 1
                    stored += 1
                    undated += event.dated is False
                else:
                    self.report.duplicates += 1
            state.etag, state.last_modified = fetched.etag, fetched.last_modified
            state.item_keys = list(fetched.item_keys)
            state.items_seen += new
            note = undated_note(undated, stored)
            if note is not None and feed.url not in self.undated_feeds:
                self.undated_feeds.add(feed.url)
                logger.warning("%s: %s", redact_url(feed.url), note)
        state.outlet = feed.outlet
        state.last_success, state.failures, state.error = now, 0, None
        state.next_poll = now + timedelta(seconds=feed.interval)
        self._save(state)
        return new

    def _failed(self, url: str, error: Exception) -> None:
        now = datetime.now(UTC)
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        shown = redact_url(url)
        message = redact_text(message if shown in message else f"{shown}: {message}")
        logger.error("%s", message)
        self.report.note_error(message)
        with self.store.session() as session:
            state = watch_store.get_feed_state(session, url) or FeedState(url=url)
        state.outlet = self.config.feed(url).outlet
        state.failures += 1
        state.last_error, state.error = now, message
        state.next_poll = now + timedelta(seconds=self.config.backoff.delay(state.failures))
        self._save(state)

    def _save(self, state: FeedState) -> None:
        with self.store.transaction() as session:
            watch_store.save_feed_state(session, state)
        if state.next_poll is not None:
            self.schedule.put(state.url, state.next_poll)

    def process(self, *, reconcile: bool = True) -> int:
        """Analyze and cluster what is new, then raise and deliver alerts; return how many.

        ``reconcile`` also re-clusters the recent window with the batch model.
        """
        if self.config.pipeline:
            process_new(self.store, ProcessOptions(reconcile=reconcile))
        self._deliver_undelivered()
        with self.store.session() as session:
            checked = watch_store.get_mark(session, watch_store.RULES_MARK)
            reached = watch_store.latest_assignment(session)
            changed = watch_store.stories_assigned_since(session, checked)
        raised = 0
        for story_id in changed:
            with self.store.session() as session:
                aliases = story_store.merged_into(session, story_id)
            for alert in self._alerts_for(story_id):
                with self.store.transaction() as session:
                    recorded = watch_store.record_alert(session, alert, aliases=aliases)
                if recorded is not None:
                    self._send(recorded)
                    raised += 1
        with self.store.transaction() as session:
            watch_store.set_mark(session, watch_store.RULES_MARK, reached)
        self.report.alerts += raised
        return raised

    def _alerts_for(self, story_id: str) -> list[Alert]:
        with self.store.session() as session:
            facts = watch_store.story_facts(session, story_id)
        if facts is None:
            return []

        @cache
        def compare() -> Comparison:
            return compare_story(self.store, story_id)

        alerts = []
        for rule in self.config.rules:
            try:
                alerts.extend(rule.alerts(facts, compare))
            except Exception:  # one rule failing on one story must not stop the others
                logger.exception("rule %r failed on %s", rule.name, story_id)
        return alerts

    def _send(self, alert: Alert) -> None:
        deliver(alert, self.config.channels)
        assert alert.id is not None
        with self.store.transaction() as session:
            watch_store.mark_delivered(session, alert.id)

    def _deliver_undelivered(self) -> None:
        """Send alerts recorded before the watcher last stopped but never delivered."""
        with self.store.session() as session:
            waiting = watch_store.undelivered_alerts(session)
        for alert in waiting:
            self._send(alert)
