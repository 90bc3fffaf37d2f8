"""Counts in words: "1 article", "2 articles", "1 story", "3 stories"."""

from __future__ import annotations


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """``count`` with its noun in the right number (``plural`` defaults to ``singular + "s"``)."""
    noun = singular if count == 1 else (plural or f"{singular}s")
    return f"{count:,} {noun}"
