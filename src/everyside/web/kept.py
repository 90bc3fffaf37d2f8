"""Response bodies kept in memory by what they were made from: story pages, comparisons.

A story's comparison is kept in the store per story version, but reading it back and
rendering it (a page) or validating it (the API's JSON) costs ~35-50 ms of CPU a request:
under 20 connections that queues to a second. The bodies made from it are kept here,
under a digest of everything they were made from, the least recently used dropped first.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class KeptBody:
    """A response body as made, and the entity names it shows (read when it was)."""

    body: bytes
    names: dict[str, str]


class KeptBodies:
    """The bodies made last, by the digest of what they were made from, up to a total size.

    Bounded by bytes, not by count: a page of a story of hundreds of articles weighs
    megabytes, one of a few articles a hundred kilobytes.
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._bodies: OrderedDict[str, KeptBody] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @staticmethod
    def key(*made_from: Any) -> str:
        """What a body is made from (JSON-ready parts), as one digest."""
        text = json.dumps(made_from, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()

    def get(self, key: str) -> KeptBody | None:
        """The body kept under this key, or None."""
        with self._lock:
            kept = self._bodies.get(key)
            if kept is not None:
                self._bodies.move_to_end(key)
            return kept

    def put(self, key: str, kept: KeptBody) -> None:
        """Keep a body, dropping the least recently used while the total is over the bound."""
        if len(kept.body) > self.max_bytes:
            return
        with self._lock:
            if (old := self._bodies.pop(key, None)) is not None:
                self._bytes -= len(old.body)
            self._bodies[key] = kept
            self._bytes += len(kept.body)
            while self._bytes > self.max_bytes:
                _, dropped = self._bodies.popitem(last=False)
                self._bytes -= len(dropped.body)
