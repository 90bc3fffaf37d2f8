"""everyside: read one news event through every outlet that covered it."""

from __future__ import annotations

import logging

from everyside.model import Article, Outlet, Story

__version__ = "0.1.0"
__all__ = ["Article", "Outlet", "Story", "__version__"]

logging.getLogger(__name__).addHandler(logging.NullHandler())
