"""The local servers of the watch tests: they live in the product, for ``make watch-demo``."""

from everyside.watch.replay import FeedServer, Route, SmtpServer, jsonl_items, rss

__all__ = ["FeedServer", "Route", "SmtpServer", "jsonl_items", "rss"]
