"""Watch feeds continuously: poll politely, ingest new items, raise alerts on stories.

An interface layer over the jobs (``process_new`` after every poll); may import the jobs,
the report renderers, the store and the model, never ``evaluate`` or ``training``.
"""

from everyside.watch.config import FeedConfig, WatchConfig, WatchConfigError, load_config
from everyside.watch.poll import CycleReport, Watcher
from everyside.watch.status import feed_status

__all__ = [
    "CycleReport",
    "FeedConfig",
    "WatchConfig",
    "WatchConfigError",
    "Watcher",
    "feed_status",
    "load_config",
]
