"""How the PLOVER scorer reads an event's mood (the PLOVER manual's categories)."""

from __future__ import annotations

import pytest

from everyside.evaluate.events import plover_category
from everyside.model import EventMood


@pytest.mark.parametrize(
    ("code", "mood", "category"),
    [
        ("057", EventMood.ASSERTED, "SUPPORT"),
        ("190", EventMood.ASSERTED, "ASSAULT"),
        ("040", EventMood.FUTURE, "AGREE"),  # announced cooperation
        ("040", EventMood.NEGATED, "REJECT"),  # refused cooperation
        ("190", EventMood.NEGATED, None),  # an attack denied is no event
        ("057", EventMood.HYPOTHETICAL, None),  # "could sign" is no event
        ("010", EventMood.ASSERTED, None),  # plain statements are outside PLOVER
    ],
)
def test_plover_category(code: str, mood: EventMood, category: str | None) -> None:
    assert plover_category(code, mood) == category
