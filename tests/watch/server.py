"""The local servers of the watch tests, from ``everyside.devtools.replay`` (make watch-demo)."""

from everyside.devtools.replay import FeedServer, Route, SmtpServer, jsonl_items, rss

__all__ = ["FeedServer", "Route", "SmtpServer", "jsonl_items", "rss"]
