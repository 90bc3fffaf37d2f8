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
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import cache
from time import monotonic
from typing import TypeVar

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
from everyside.watch.heartbeat import counted
from everyside.watch.redact import redact_text, redact_url
from everyside.watch.schedule import Schedule

logger = logging.getLogger(__name__)
# Waits for fetches in flight look at the stop event at least this often.
_STOP_CHECK = 0.25
# Feeds due this close to one another are polled in the same cycle.
_TOGETHER = timedelta(seconds=1)
# A watcher that never goes idle (fetches always in flight) still reports this often.
HEARTBEAT_EVERY = 60.0
_Item = TypeVar("_Item")
# How many of the latest errors and alerts a report keeps: memory stays flat.
_KEPT = 20


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
    raised: list[Alert] = field(default_factory=list)

    def note_error(self, message: str) -> None:
        """Count a failed poll, keeping only the latest messages: memory stays flat."""
        self.failed += 1
        self.errors = [*self.errors[-(_KEPT - 1) :], message]

    def note_alert(self, alert: Alert) -> None:
        """Count a raised alert, keeping only the latest ones: memory stays flat."""
        self.alerts += 1
        self.raised = [*self.raised[-(_KEPT - 1) :], alert]

    def copy(self) -> CycleReport:
        """A snapshot of these counts, to tell later what happened since."""
        return replace(self, errors=list(self.errors), raised=list(self.raised))

    def since(self, before: CycleReport) -> CycleReport:
        """What happened after the snapshot ``before``: the counts' difference, newer items."""
        return CycleReport(
            polled=self.polled - before.polled,
            not_modified=self.not_modified - before.not_modified,
            failed=self.failed - before.failed,
            added=self.added - before.added,
            duplicates=self.duplicates - before.duplicates,
            alerts=self.alerts - before.alerts,
            errors=_newest(self.errors, self.failed - before.failed),
            raised=_newest(self.raised, self.alerts - before.alerts),
        )


def _newest(items: list[_Item], count: int) -> list[_Item]:
    return items[len(items) - min(max(count, 0), len(items)) :]


# Told of each poll cycle: what it did, and the seconds until the next poll (None: none due).
CycleCallback = Callable[[CycleReport, float | None], None]


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
        self,
        store: Store,
        config: WatchConfig,
        *,
        stop: threading.Event | None = None,
        on_cycle: CycleCallback | None = None,
    ) -> None:
        self.store = store
        self.config = config
        self.stop = stop or threading.Event()
        self.on_cycle = on_cycle
        self.fetcher = Fetcher(config.fetch, stop=self.stop)
        self.ingester = Ingester(store)
        self.schedule = Schedule()
        self.report = CycleReport()
        # The report as it stood at the last heartbeat, and when that was.
        self._told = CycleReport()
        self._told_at = monotonic()
        self._unprocessed = 0  # articles stored since the last processing
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
        self.report, self._told = CycleReport(), CycleReport()
        with ThreadPoolExecutor(self.config.concurrency, thread_name_prefix="watch") as pool:
            inflight = self._submit_due(pool)
            while inflight and not self.stop.is_set():
                self._collect(inflight, timeout=None)
            pool.shutdown(cancel_futures=True)
        if not self.stop.is_set():
            self.process(reconcile=True)
        self._heartbeat(always=True)
        return self.report

    def run(self) -> CycleReport:
        """Poll each feed on its own schedule until ``stop`` is set.

        A poll cycle ends when no fetch is in flight and what they brought is processed:
        ``on_cycle`` then hears what it did (and at least every ``HEARTBEAT_EVERY``
        seconds while fetches never stop).
        """
        # The first new articles are processed as soon as their polls are in; after that
        # at most every process_every seconds, so a feed trickling in is not re-clustered
        # for each item.
        last_processed, pending_since = -math.inf, None
        last_reconciled = -math.inf  # the first run re-clusters
        with ThreadPoolExecutor(self.config.concurrency, thread_name_prefix="watch") as pool:
            inflight: dict[Future[FeedFetch], str] = {}
            while not self.stop.is_set():
                inflight.update(self._submit_due(pool))
                waiting = self.schedule.seconds_until_next(datetime.now(UTC))
                until_process = self.config.process_every - (monotonic() - last_processed)
                timeout = min(
                    waiting if waiting is not None else 60.0,
                    max(until_process, 0.0) if pending_since is not None else 60.0,
                    HEARTBEAT_EVERY,
                )
                if inflight:
                    if self._collect(inflight, timeout=timeout) > 0 and pending_since is None:
                        pending_since = monotonic()
                else:
                    self.stop.wait(timeout)
                if self.stop.is_set():
                    break
                now = monotonic()
                due = pending_since is not None and now - last_processed >= (
                    self.config.process_every
                )
                # Wait for the polls still in flight, unless they keep the work waiting.
                waited = now - (pending_since or now)
                if due and (not inflight or waited >= self.config.process_every):
                    reconcile = now - last_reconciled >= self.config.recluster_every
                    self.process(reconcile=reconcile)
                    last_processed, pending_since = monotonic(), None
                    if reconcile:
                        last_reconciled = last_processed
                idle = not inflight and pending_since is None
                if idle or monotonic() - self._told_at >= HEARTBEAT_EVERY:
                    self._heartbeat()
            pool.shutdown(cancel_futures=True)
        return self.report

    def _heartbeat(self, *, always: bool = False) -> None:
        """Tell ``on_cycle`` what happened since it was last told, if anything did."""
        cycle = self.report.since(self._told)
        if not (always or cycle.polled or cycle.failed or cycle.alerts):
            return
        self._told, self._told_at = self.report.copy(), monotonic()
        if self.on_cycle is not None:
            self.on_cycle(cycle, self.schedule.seconds_until_next(datetime.now(UTC)))

    def _submit_due(self, pool: ThreadPoolExecutor) -> dict[Future[FeedFetch], str]:
        submitted = {}
        with self.store.session() as session:
            now = datetime.now(UTC)
            due = self.schedule.take_due(now)
            if due:  # feeds due within a second of these are polled with them, as one cycle
                due += self.schedule.take_due(now + _TOGETHER)
            for url in due:
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
                    self._unprocessed += 1
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
        # The last error and its message stay, for --status: a feed that recovered shows
        # what went wrong last, and ``failures`` (0) says it no longer does.
        state.last_success, state.failures = now, 0
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
            if self._unprocessed:
                # The first run loads the models: say why the watcher is quiet meanwhile.
                logger.info(
                    "analyzing and clustering %s", counted(self._unprocessed, "new article")
                )
            process_new(self.store, ProcessOptions(reconcile=reconcile))
        self._unprocessed = 0
        self._deliver_undelivered()
        with self.store.session() as session:
            checked = watch_store.get_mark(session, watch_store.RULES_MARK)
            reached = watch_store.latest_assignment(session)
            changed = watch_store.stories_assigned_since(session, checked)
            aliases = story_store.merged_into(session, changed)
        raised = 0
        for story_id in changed:
            for alert in self._alerts_for(story_id):
                with self.store.transaction() as session:
                    recorded = watch_store.record_alert(session, alert, aliases=aliases[story_id])
                if recorded is not None:
                    self._send(recorded)
                    self.report.note_alert(recorded)
                    raised += 1
        with self.store.transaction() as session:
            watch_store.set_mark(session, watch_store.RULES_MARK, reached)
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
