"""The watch configuration: a TOML file of outlets and feeds (or OPML), timing, rules, delivery.

See examples/watch.toml and docs/monitoring.md. Unknown keys are refused, so a typo
never silently turns a setting off.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from everyside.errors import EverysideError
from everyside.watch.deliver import Channel, EmailChannel, TerminalChannel, WebhookChannel
from everyside.watch.fetch import FetchSettings, parse_networks
from everyside.watch.redact import redact_url
from everyside.watch.rules import (
    BlindspotRule,
    BreakingRule,
    ChangesRule,
    MentionRule,
    Rule,
    StoryMatch,
)
from everyside.watch.schedule import Backoff

# 15 minutes: the pace news aggregators commonly poll at, gentle on publishers.
DEFAULT_INTERVAL = 900.0
_WATCH_KEYS = (
    *("interval", "full_page", "concurrency", "retry", "max_backoff"),
    *("process_every", "recluster_every", "pipeline"),
)
_EMAIL_KEYS = (
    *("kind", "host", "port", "from", "to", "starttls"),
    *("username", "password_env", "timeout"),
)
_MATCH_KEYS = ("keywords", "entities", "actors", "event_codes")


class WatchConfigError(EverysideError):
    """The watch configuration cannot be used; the message says where and why."""


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedConfig:
    """One feed to poll, the outlet it belongs to, and how."""

    url: str
    outlet: str | None = None
    groups: tuple[str, ...] = ()
    interval: float = DEFAULT_INTERVAL
    full_page: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class WatchConfig:
    """Everything ``everyside watch`` needs.

    Args:
        feeds: the feeds to poll, each URL once.
        fetch: how to talk to web servers.
        backoff: how long to wait after errors.
        concurrency: requests in flight at once.
        process_every: seconds between runs of analysis, clustering and rules while
            watching continuously (``--once`` runs them once at the end).
        recluster_every: seconds between re-clusterings of the recent window with the
            batch model (:mod:`everyside.cluster.live`) while watching continuously;
            ``--once`` re-clusters at each run.
        pipeline: analyze and cluster new articles; off, the watcher only ingests.
        rules: the alert rules.
        channels: where alerts go, besides the store (which the Atom feed reads).
    """

    feeds: tuple[FeedConfig, ...]
    fetch: FetchSettings = field(default_factory=FetchSettings)
    backoff: Backoff = field(default_factory=Backoff)
    concurrency: int = 8
    process_every: float = 60.0
    recluster_every: float = 600.0
    pipeline: bool = True
    rules: tuple[Rule, ...] = ()
    channels: tuple[Channel, ...] = ()

    def __post_init__(self) -> None:
        if not self.feeds:
            raise WatchConfigError("the configuration lists no feed to watch")
        if self.concurrency < 1:
            raise WatchConfigError("concurrency must be at least 1")
        if self.process_every < 0 or self.recluster_every < 0:
            raise WatchConfigError("process_every and recluster_every cannot be negative")
        names = [rule.name for rule in self.rules]
        if len(set(names)) != len(names):
            raise WatchConfigError("rule names must be unique: alerts are keyed by them")

    def feed(self, url: str) -> FeedConfig:
        """The configuration of the feed at this URL."""
        return next(feed for feed in self.feeds if feed.url == url)


def _take(table: dict[str, Any], where: str, allowed: Iterable[str]) -> dict[str, Any]:
    unknown = set(table) - set(allowed)
    if unknown:
        raise WatchConfigError(
            f"{where}: unknown key(s) {', '.join(sorted(unknown))}; "
            f"known: {', '.join(sorted(allowed))}"
        )
    return table


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise WatchConfigError(f"{where}: expected a string or a list of strings")
    return tuple(value)


def load_config(path: Path) -> WatchConfig:
    """Read and check a watch configuration file; raises WatchConfigError."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise WatchConfigError(f"{path}: {error.strerror or error}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise WatchConfigError(f"{path}: not valid TOML: {error}") from None
    try:
        return config_from_dict(data, base=path.parent)
    except (ValueError, TypeError) as error:
        raise WatchConfigError(f"{path}: {error}") from None


def config_from_dict(data: dict[str, Any], *, base: Path) -> WatchConfig:
    """Build the configuration from parsed TOML; OPML paths are relative to ``base``."""
    _take(data, "top level", ("watch", "fetch", "outlets", "opml", "rules", "deliver"))
    watch = _take(
        data.get("watch", {}),
        "[watch]",
        _WATCH_KEYS,
    )
    interval = float(watch.get("interval", DEFAULT_INTERVAL))
    full_page = bool(watch.get("full_page", False))
    feeds: list[FeedConfig] = []
    for number, outlet in enumerate(data.get("outlets", []), start=1):
        where = f"[[outlets]] #{number}"
        _take(outlet, where, ("name", "groups", "feeds", "interval", "full_page"))
        if "feeds" not in outlet:
            raise WatchConfigError(f"{where}: lists no feeds")
        feeds.extend(
            FeedConfig(
                url=url,
                outlet=outlet.get("name"),
                groups=_strings(outlet.get("groups", []), f"{where} groups"),
                interval=float(outlet.get("interval", interval)),
                full_page=bool(outlet.get("full_page", full_page)),
            )
            for url in _strings(outlet["feeds"], f"{where} feeds")
        )
    for number, entry in enumerate(data.get("opml", []), start=1):
        where = f"[[opml]] #{number}"
        _take(entry, where, ("path", "interval", "full_page", "groups"))
        feeds.extend(
            read_opml(
                base / entry["path"],
                interval=float(entry.get("interval", interval)),
                full_page=bool(entry.get("full_page", full_page)),
                groups=_strings(entry.get("groups", []), f"{where} groups"),
            )
        )
    urls = [feed.url for feed in feeds]
    repeated = {url for url in urls if urls.count(url) > 1}
    if repeated:
        shown = ", ".join(sorted(redact_url(url) for url in repeated))
        raise WatchConfigError(f"feed(s) listed twice: {shown}")
    fetch = dict(
        _take(
            data.get("fetch", {}),
            "[fetch]",
            (
                *("user_agent", "timeout", "max_body_bytes", "max_redirects", "host_delay"),
                "allow_networks",
            ),
        )
    )
    if "allow_networks" in fetch:
        where = "[fetch] allow_networks"
        fetch["allow_networks"] = parse_networks(_strings(fetch["allow_networks"], where))
    return WatchConfig(
        feeds=tuple(feeds),
        fetch=FetchSettings(**fetch),
        backoff=Backoff(
            retry=float(watch.get("retry", 60.0)), cap=float(watch.get("max_backoff", 6 * 3600.0))
        ),
        concurrency=int(watch.get("concurrency", 8)),
        process_every=float(watch.get("process_every", 60.0)),
        recluster_every=float(watch.get("recluster_every", 600.0)),
        pipeline=bool(watch.get("pipeline", True)),
        rules=tuple(
            _rule(rule, number, feeds) for number, rule in enumerate(data.get("rules", []), 1)
        ),
        channels=tuple(
            _channel(entry, number) for number, entry in enumerate(data.get("deliver", []), 1)
        ),
    )


def _match(table: dict[str, Any], where: str) -> StoryMatch | None:
    fields = {key: _strings(table[key], f"{where} {key}") for key in _MATCH_KEYS if key in table}
    return StoryMatch(**fields) if fields else None


def _rule(table: dict[str, Any], number: int, feeds: list[FeedConfig]) -> Rule:
    where = f"[[rules]] #{number}"
    kind = table.get("kind")
    name = str(table.get("name") or f"{kind} rule {number}")
    if kind == "mention":
        _take(table, where, ("kind", "name", *_MATCH_KEYS))
        match = _match(table, where)
        if match is None:
            raise WatchConfigError(f"{where}: a mention rule needs {', '.join(_MATCH_KEYS)}")
        return MentionRule(name=name, match=match)
    if kind == "breaking":
        _take(table, where, ("kind", "name", "outlets", "languages", "hours"))
        return BreakingRule(
            name=name,
            outlets=table.get("outlets"),
            languages=table.get("languages"),
            hours=float(table.get("hours", 6.0)),
        )
    if kind == "changes":
        _take(table, where, ("kind", "name", "stories", *_MATCH_KEYS))
        return ChangesRule(
            name=name,
            stories=_strings(table.get("stories", []), f"{where} stories"),
            match=_match(table, where),
        )
    if kind == "blindspot":
        _take(table, where, ("kind", "name", "min_outlets", "outlets", "groups"))
        outlets = set(_strings(table.get("outlets", []), f"{where} outlets"))
        groups = set(_strings(table.get("groups", []), f"{where} groups"))
        known = {group for feed in feeds for group in feed.groups}
        if groups - known:
            raise WatchConfigError(
                f"{where}: no outlet is in group(s) {', '.join(sorted(groups - known))}"
            )
        outlets |= {feed.outlet for feed in feeds if feed.outlet and groups & set(feed.groups)}
        return BlindspotRule(
            name=name, min_outlets=int(table.get("min_outlets", 3)), missing=frozenset(outlets)
        )
    raise WatchConfigError(
        f"{where}: unknown kind {kind!r}; choose mention, breaking, changes or blindspot"
    )


def _channel(table: dict[str, Any], number: int) -> Channel:
    where = f"[[deliver]] #{number}"
    kind = table.get("kind")
    if kind == "terminal":
        _take(table, where, ("kind",))
        return TerminalChannel()
    if kind == "webhook":
        _take(table, where, ("kind", "url", "timeout"))
        return WebhookChannel(url=str(table["url"]), timeout=float(table.get("timeout", 10.0)))
    if kind == "email":
        _take(
            table,
            where,
            _EMAIL_KEYS,
        )
        return EmailChannel(
            host=str(table["host"]),
            port=int(table.get("port", 25)),
            sender=str(table["from"]),
            recipients=_strings(table["to"], f"{where} to"),
            starttls=bool(table.get("starttls", False)),
            username=table.get("username"),
            password_env=table.get("password_env"),
            timeout=float(table.get("timeout", 20.0)),
        )
    raise WatchConfigError(f"{where}: unknown kind {kind!r}; choose terminal, webhook or email")


def read_opml(
    path: Path,
    *,
    interval: float = DEFAULT_INTERVAL,
    full_page: bool = False,
    groups: tuple[str, ...] = (),
) -> list[FeedConfig]:
    """The feeds of an OPML subscription list; an enclosing outline's title becomes a group."""
    # No entities, no network: a subscription list is someone else's file.
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        root = etree.parse(str(path), parser).getroot()
    except (OSError, etree.XMLSyntaxError) as error:
        raise WatchConfigError(f"{path}: not a readable OPML file: {error}") from None
    feeds = []
    for outline in root.iter("outline"):
        url = outline.get("xmlUrl")
        if not url:
            continue
        enclosing = tuple(
            str(parent.get("title") or parent.get("text"))
            for parent in outline.iterancestors("outline")
            if parent.get("title") or parent.get("text")
        )
        feeds.append(
            FeedConfig(
                url=url,
                outlet=outline.get("title") or outline.get("text") or None,
                groups=groups + enclosing,
                interval=interval,
                full_page=full_page,
            )
        )
    return feeds
