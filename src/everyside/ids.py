"""Id fragments made from names: entity ids and the keys clustering derives from names.

One transliteration for both, so that a surname key ("person:~walesa") and an entity id
("person:lech-walesa") spell a name alike. This module imports nothing from everyside, so
every layer may use it.
"""

from __future__ import annotations

import re

from anyascii import anyascii


def slug(name: str) -> str:
    """A stable, URL-safe id fragment from a name: transliterated, lower case, hyphenated."""
    # Transliterated, not stripped of what has no ASCII decomposition: "ł", "ı", "ß" and
    # whole scripts (Cyrillic, Arabic) were dropped, and names in them all became "unnamed".
    # Apostrophes (written, or anyascii's for "ь", "ع") join their word: "obrien", "eltsin".
    ascii_name = re.sub(r"['`]", "", anyascii(name).lower())
    return re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-") or "unnamed"
