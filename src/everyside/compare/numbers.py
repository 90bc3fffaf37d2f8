"""Numbers across outlets: the same quantity with different values, and figures one outlet gives.

Two numbers measure the same quantity when they have the same unit and count the same
thing (``about``, from the analysis), and either sit in sentences the alignment found
to say the same thing, or count something specific ("utility workers", not "people")
at the same time anywhere in the story. Within such a
set, equal values are an agreement; when each article has one value left and they
differ, that is a conflict. Years are dates, not quantities, and are left to the timeline.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import TypeVar

from everyside.model import Claim

from .results import NumberReport, NumberSighting, NumberVerdict, StatementGroup

_Key = TypeVar("_Key")
QuantityKey = tuple[str, str]


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


def _significant_digits(value: float) -> int:
    written = f"{abs(value):.10g}"
    digits = written.replace(".", "").lstrip("0")
    # Trailing zeros of a large round figure are rounding ("2.2 million"); of a small
    # count they are digits ("10 dead" is not "14 dead").
    if "." in written or abs(value) >= 1000:
        digits = digits.rstrip("0")
    return max(len(digits), 1)


def _round_to(value: float, digits: int) -> float:
    if value == 0:
        return 0.0
    # Half away from zero, as people round (Python's round() goes to even: 2.65 -> 2.6).
    scale = 10.0 ** (digits - 1 - math.floor(math.log10(abs(value))))
    return math.copysign(math.floor(abs(value) * scale + 0.5) / scale, value)


def same_figure(a: float, b: float) -> bool:
    """Equal at the precision of the less precise figure: 67 and 66.6 agree, 182 and 168 don't."""
    digits = min(_significant_digits(a), _significant_digits(b))
    return _round_to(a, digits) == _round_to(b, digits)


def _agree(a: NumberSighting, b: NumberSighting) -> bool:
    return same_figure(a.value, b.value) and (
        a.low is None or b.low is None or same_figure(a.low, b.low)
    )


def _quantity(sighting: NumberSighting) -> QuantityKey | None:
    """What a number measures; None when neither unit nor counted thing is known."""
    about = (sighting.about or "").lower()
    if not sighting.unit and not about:
        return None
    return (sighting.unit or "", about)


def compare_numbers(
    sightings: Iterable[NumberSighting], groups: Sequence[StatementGroup]
) -> list[NumberReport]:
    """Conflicts first, then agreements, then numbers only one outlet gives."""
    remaining = [s for s in sightings if s.unit != "year"]
    reports: list[NumberReport] = []
    # 1. Inside sentences that say the same thing.
    for group in groups:
        if len(group.outlets) < 2:
            continue
        spans = {(s.article_id, s.span.start, s.span.end) for s in group.statements}
        inside = [s for s in remaining if _inside(s, spans)]
        for found in _by(inside, _quantity).values():
            reports += _match(found, group.id)
    # 2. The same quantity at the same time anywhere in the story.
    used = {id(s) for r in reports for s in r.sightings}
    left = [s for s in remaining if id(s) not in used]
    for found in _by(left, _dated_quantity).values():
        reports += _match(found, None)
    # 3. Values no other outlet gives anywhere. A count's unit is a word of the article's
    # language ("Sitze", "escaños") and is left out; percentages and money keep theirs.
    used = {id(s) for r in reports for s in r.sightings}
    outlets_of: dict[tuple[float, str], set[str]] = defaultdict(set)
    for s in remaining:
        if not _trivial(s):
            outlets_of[_value_key(s)].add(s.outlet)
    for s in remaining:
        if id(s) not in used and not _trivial(s) and len(outlets_of[_value_key(s)]) == 1:
            reports.append(
                NumberReport(
                    verdict=NumberVerdict.OUTLET_ONLY, unit=s.unit, about=s.about, sightings=[s]
                )
            )
    order = {NumberVerdict.CONFLICT: 0, NumberVerdict.AGREE: 1, NumberVerdict.OUTLET_ONLY: 2}
    return sorted(reports, key=lambda r: order[r.verdict])


def _dated_quantity(sighting: NumberSighting) -> tuple[QuantityKey, date | None] | None:
    # Across sentences the counted thing must be specific: "people" or a unit alone would
    # set the evacuated against the dead; "utility workers" or "share of GDP" would not.
    key = _quantity(sighting)
    return (key, sighting.time_value) if key is not None and len(key[1].split()) > 1 else None


def _match(found: list[NumberSighting], group_id: int | None) -> list[NumberReport]:
    """Agreements among equal values; a conflict when one value per article is left over."""
    if len({s.outlet for s in found}) < 2:
        return []
    reports = []
    left = list(found)
    while left:
        first = left[0]
        equal = [s for s in left if _agree(first, s)]
        if len({s.outlet for s in equal}) > 1:
            reports.append(_report(NumberVerdict.AGREE, equal, group_id))
            left = [s for s in left if s not in equal]
        else:
            left.remove(first)
    leftovers = [s for s in found if not any(s in r.sightings for r in reports)]
    per_article = defaultdict(list)
    for s in leftovers:
        per_article[s.article_id].append(s)
    if len({s.outlet for s in leftovers}) > 1 and all(len(v) == 1 for v in per_article.values()):
        reports.append(_report(NumberVerdict.CONFLICT, leftovers, group_id))
    return reports


def _value_key(sighting: NumberSighting) -> tuple[float, str]:
    unit = sighting.unit or ""
    kind = unit if unit == "percent" or (len(unit) == 3 and unit.isupper()) else "count"
    return (round(sighting.value, 6), kind)


def _trivial(sighting: NumberSighting) -> bool:
    """ "two countries", "one of them": small counts written as words are not figures."""
    return sighting.value < 3 and not any(c.isdigit() for c in sighting.text)


def _inside(sighting: NumberSighting, spans: set[tuple[str, int, int]]) -> bool:
    return any(
        article_id == sighting.article_id and start <= sighting.span.start < end
        for article_id, start, end in spans
    )


def _by(
    items: Iterable[NumberSighting], key: Callable[[NumberSighting], _Key | None]
) -> dict[_Key, list[NumberSighting]]:
    """Items bucketed by key; items whose key is None are left out."""
    buckets: dict[_Key, list[NumberSighting]] = defaultdict(list)
    for item in items:
        value = key(item)
        if value is not None:
            buckets[value].append(item)
    return dict(buckets)


def _report(
    verdict: NumberVerdict, found: list[NumberSighting], group_id: int | None
) -> NumberReport:
    return NumberReport(
        verdict=verdict,
        unit=found[0].unit,
        about=next((s.about for s in found if s.about), None),
        sightings=found,
        group_id=group_id,
    )
