"""Numbers across outlets: the same quantity with different values, and figures one outlet gives.

A quantity is recognised in two ways. First inside aligned statements: when sentences
that say the same thing carry numbers of the same unit, those numbers measure the same
quantity. Then across the story: numbers with the same unit, the same thing counted
(``about``) and the same reference time. Years are dates, not quantities, and are left
to the timeline.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from everyside.model import Claim

from .results import NumberReport, NumberSighting, NumberVerdict, StatementGroup

# Values within half a percent are the same figure rounded differently ("1.37%" vs "1.4%"
# is still a conflict, "2.7m" vs "2,700,000" is not).
RELATIVE_TOLERANCE = 0.005

_Key = TypeVar("_Key")


def sighting_of(claim: Claim, outlet: str) -> NumberSighting:
    """A claim as the comparison shows it."""
    return NumberSighting(
        article_id=claim.article_id,
        outlet=outlet,
        span=claim.span,
        text=claim.text,
        value=claim.value,
        unit=claim.unit,
        low=claim.low,
        about=claim.about,
        time_value=claim.time_value,
    )


def _same_value(a: NumberSighting, b: NumberSighting) -> bool:
    return math.isclose(a.value, b.value, rel_tol=RELATIVE_TOLERANCE) and (
        a.low is None or b.low is None or math.isclose(a.low, b.low, rel_tol=RELATIVE_TOLERANCE)
    )


def _verdict(sightings: Sequence[NumberSighting]) -> NumberVerdict:
    first = sightings[0]
    return (
        NumberVerdict.AGREE
        if all(_same_value(first, s) for s in sightings[1:])
        else NumberVerdict.CONFLICT
    )


def compare_numbers(
    sightings: Iterable[NumberSighting], groups: Sequence[StatementGroup]
) -> list[NumberReport]:
    """Conflicts first, then agreements, then numbers only one outlet gives."""
    remaining = [s for s in sightings if s.unit != "year"]
    reports: list[NumberReport] = []
    # 1. Numbers of one unit inside one aligned statement group.
    for group in groups:
        if len(group.outlets) < 2:
            continue
        spans = {(s.article_id, s.span.start, s.span.end) for s in group.statements}
        inside = [s for s in remaining if _inside(s, spans)]
        for unit, found in _by(inside, lambda s: s.unit or "").items():
            if len({s.outlet for s in found}) > 1:
                reports.append(_report(found, unit or None, group.id))
                remaining = [s for s in remaining if s not in found]
    # 2. The same unit, thing counted and time, anywhere in the story.
    keyed = [s for s in remaining if s.about]
    for (unit, about, _), found in _by(
        keyed, lambda s: (s.unit or "", (s.about or "").lower(), s.time_value)
    ).items():
        if len({s.outlet for s in found}) > 1:
            reports.append(_report(found, unit or None, None, about=about))
            remaining = [s for s in remaining if s not in found]
    # 3. What is left and no other outlet gives, by value and unit, anywhere.
    outlets_of: dict[tuple[float, str | None], set[str]] = defaultdict(set)
    for s in remaining:
        outlets_of[(round(s.value, 6), s.unit)].add(s.outlet)
    for s in remaining:
        if len(outlets_of[(round(s.value, 6), s.unit)]) == 1 and not _trivial(s):
            reports.append(
                NumberReport(
                    verdict=NumberVerdict.OUTLET_ONLY, unit=s.unit, about=s.about, sightings=[s]
                )
            )
    order = {NumberVerdict.CONFLICT: 0, NumberVerdict.AGREE: 1, NumberVerdict.OUTLET_ONLY: 2}
    return sorted(reports, key=lambda r: order[r.verdict])


def _trivial(sighting: NumberSighting) -> bool:
    """ "two countries", "one of them": small counts written as words are not figures."""
    return sighting.value < 3 and not any(c.isdigit() for c in sighting.text)


def _inside(sighting: NumberSighting, spans: set[tuple[str, int, int]]) -> bool:
    return any(
        article_id == sighting.article_id and start <= sighting.span.start < end
        for article_id, start, end in spans
    )


def _by(
    items: Iterable[NumberSighting], key: Callable[[NumberSighting], _Key]
) -> dict[_Key, list[NumberSighting]]:
    buckets: dict[_Key, list[NumberSighting]] = defaultdict(list)
    for item in items:
        buckets[key(item)].append(item)
    return dict(buckets)


def _report(
    found: list[NumberSighting], unit: str | None, group_id: int | None, *, about: str | None = None
) -> NumberReport:
    return NumberReport(
        verdict=_verdict(found),
        unit=unit,
        about=about or next((s.about for s in found if s.about), None),
        sightings=found,
        group_id=group_id,
    )
