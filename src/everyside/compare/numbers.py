"""Numbers across outlets: the same quantity with different values, and figures one outlet gives.

Two numbers measure the same quantity when they have the same unit and count the same
thing (``about``, from the analysis), and either sit in sentences the alignment found
to say the same thing, or count something specific ("utility workers", not "people")
at the same time anywhere in the story. Within such a
set, equal values are an agreement; when each article has one value left and they
differ, the moment decides: a higher value at a later moment (a later reference date, an
article published hours later, or "rose to", "now" beside it) is an **update**, a count
that moved on between reports; different values of one moment, or of moments nothing
dates, are a **conflict**. Years are dates, not quantities, and are left to the timeline.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any, TypeVar

from everyside.model import Claim, as_utc

from .results import NumberReport, NumberSighting, NumberVerdict, Statement, StatementGroup

_Key = TypeVar("_Key")
QuantityKey = tuple[str, str]

FIGURES_FILE = Path(__file__).parent / "data" / "figures.json"
# Articles published this far apart report different moments of a running count; closer
# together they are one news cycle, where different tolls are a disagreement (breaking
# tolls are revised over hours, so a day would miss most updates).
UPDATE_GAP = timedelta(hours=3)
# Characters either side of a figure searched for update words: its clause, not the
# sentence's other figures.
CUE_WINDOW = 50
_BOUNDS = {"at least": 1, "more than": 1, "at most": -1, "less than": -1}


def sighting_of(claim: Claim, outlet: str, published_at: datetime | None = None) -> NumberSighting:
    """A claim as the comparison shows it; ``published_at`` is its article's."""
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
        qualifier=claim.qualifier,
        time_text=claim.time_text,
        published_at=published_at,
    )


def _significant_digits(value: float, approximate: bool = False) -> int:
    written = f"{abs(value):.10g}"
    digits = written.replace(".", "").lstrip("0")
    # Trailing zeros of a large round figure are rounding ("2.2 million"); of a small
    # count they are digits ("10 dead" is not "14 dead"), unless the outlet says the
    # figure is approximate ("about 300").
    if "." in written or abs(value) >= 1000 or approximate:
        digits = digits.rstrip("0")
    return max(len(digits), 1)


def _round_to(value: float, digits: int) -> float:
    if value == 0:
        return 0.0
    # Half away from zero, as people round (Python's round() goes to even: 2.65 -> 2.6).
    scale = 10.0 ** (digits - 1 - math.floor(math.log10(abs(value))))
    return math.copysign(math.floor(abs(value) * scale + 0.5) / scale, value)


def same_figure(a: float, b: float, approximate: bool = False) -> bool:
    """Equal at the precision of the less precise figure: 67 and 66.6 agree, 182 and 168 don't.

    ``approximate``: one figure is said to be approximate, so its trailing zeros are rounding.
    """
    digits = min(_significant_digits(a, approximate), _significant_digits(b, approximate))
    return _round_to(a, digits) == _round_to(b, digits)


def _agree(a: NumberSighting, b: NumberSighting) -> bool:
    approximate = "approximately" in (a.qualifier, b.qualifier)
    return same_figure(a.value, b.value, approximate) and (
        a.low is None or b.low is None or same_figure(a.low, b.low, approximate)
    )


def _quantity(sighting: NumberSighting) -> QuantityKey | None:
    """What a number measures; None when neither unit nor counted thing is known."""
    words = (sighting.about or "").lower().split()
    # "of crude oil" and "worth of crude oil" count one thing.
    while words and words[0] in _word_lists()["leading"]:
        words.pop(0)
    about = " ".join(words)
    if not sighting.unit and not about:
        return None
    return (sighting.unit or "", about)


def compare_numbers(
    sightings: Iterable[NumberSighting], groups: Sequence[StatementGroup]
) -> list[NumberReport]:
    """Conflicts first, then updates, agreements, and numbers only one outlet gives."""
    statements = [st for group in groups for st in group.statements]
    remaining = [_with_cue(s, statements) for s in sightings if s.unit != "year"]
    reports: list[NumberReport] = []
    # 1. Inside sentences that say the same thing.
    for group in groups:
        if len(group.outlets) < 2:
            continue
        spans = {(s.article_id, s.span.start, s.span.end) for s in group.statements}
        # A sentence can state two groups' facts: its figures go to the first group only.
        taken = {id(s) for r in reports for s in r.sightings}
        inside = [s for s in remaining if _inside(s, spans) and id(s) not in taken]
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
    order = {
        NumberVerdict.CONFLICT: 0,
        NumberVerdict.UPDATE: 1,
        NumberVerdict.AGREE: 2,
        NumberVerdict.OUTLET_ONLY: 3,
    }
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
        reports.append(_differing(leftovers, group_id))
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
    verdict: NumberVerdict,
    found: list[NumberSighting],
    group_id: int | None,
    same_moment: bool | None = None,
) -> NumberReport:
    return NumberReport(
        verdict=verdict,
        unit=found[0].unit,
        about=next((s.about for s in found if s.about), None),
        sightings=found,
        group_id=group_id,
        same_moment=same_moment,
    )


def _differing(found: list[NumberSighting], group_id: int | None) -> NumberReport:
    """One differing value per article: an update, values within each other's bounds, or a conflict.

    An update needs each higher value to be of a later moment, and a quantity that grows
    as news comes in (a count, or a figure said to be running or risen). With nothing
    to date the figures the default is a conflict, flagged ``same_moment=None``: outlets
    covering one story speak of its moment unless they say otherwise, and the reader
    sees each value with its article to judge.
    """
    rising = sorted(found, key=lambda s: (s.value, s.low or s.value))
    steps = list(pairwise(rising))
    orders = [_order(a, b) for a, b in steps]
    if all(order == -1 for order in orders) and _can_grow(rising):
        return _report(NumberVerdict.UPDATE, rising, group_id, same_moment=False)
    if all(_within_bounds(a, b) for a, b in steps):
        return _report(NumberVerdict.AGREE, found, group_id)
    known = all(order is not None for order in orders)
    return _report(NumberVerdict.CONFLICT, found, group_id, same_moment=True if known else None)


def _order(a: NumberSighting, b: NumberSighting) -> int | None:
    """-1 when a's figure is of an earlier moment than b's, 0 for one moment, 1 later, None unknown.

    Reference dates decide first, then publications hours apart, then a word that says a
    figure is the newer one ("rose to", "now"). Equal reference dates alone do not make
    one moment: a toll keeps rising after the day of the attack it counts.
    """
    if a.time_value and b.time_value and a.time_value != b.time_value:
        return -1 if a.time_value < b.time_value else 1
    first, second = as_utc(a.published_at), as_utc(b.published_at)
    if first and second and abs(second - first) >= UPDATE_GAP:
        return -1 if first < second else 1
    rise_a, rise_b = _cue_kind(a) == "rise", _cue_kind(b) == "rise"
    if rise_a != rise_b:
        return 1 if rise_a else -1
    if (first and second) or (a.time_value and a.time_value == b.time_value):
        return 0
    return None


def _can_grow(found: Sequence[NumberSighting]) -> bool:
    """Counts grow as news comes in; money and shares only when a word says so."""
    unit = found[0].unit or ""
    count = unit != "percent" and not (len(unit) == 3 and unit.isupper())
    return count or any(s.cue for s in found)


def _within_bounds(low: NumberSighting, high: NumberSighting) -> bool:
    """ "at least 16" and "17", or "17" and "nearly 18": one figure inside the other's bound."""
    return (
        _BOUNDS.get(low.qualifier or "") == 1 and _BOUNDS.get(high.qualifier or "") is None
    ) or (_BOUNDS.get(high.qualifier or "") == -1 and _BOUNDS.get(low.qualifier or "") is None)


@lru_cache(maxsize=1)
def _word_lists(path: Path = FIGURES_FILE) -> dict[str, Any]:
    """The figures' word lists (data/figures.json), read once."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=32)
def _cue_pattern(language: str, kind: str) -> re.Pattern[str] | None:
    """Whole-word alternation of a language's update words of one kind, or None if it has none."""
    words = _word_lists()["cues"].get(language, {}).get(kind, [])
    if not words:
        return None
    ordered = sorted((re.escape(w) for w in words), key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{'|'.join(ordered)})(?!\w)")


def _with_cue(sighting: NumberSighting, statements: Sequence[Statement]) -> NumberSighting:
    """The sighting with the first update word beside it in its sentence, rise words first."""
    where = next(
        (
            st
            for st in statements
            if st.article_id == sighting.article_id
            and st.span.start <= sighting.span.start < st.span.end
        ),
        None,
    )
    if where is None or not where.language:
        return sighting
    start = sighting.span.start - where.span.start
    window = where.text[max(0, start - CUE_WINDOW) : start + len(sighting.text) + CUE_WINDOW]
    for kind in ("rise", "running"):
        pattern = _cue_pattern(where.language, kind)
        found = pattern.search(window.lower()) if pattern else None
        if found:
            return replace(sighting, cue=f"{kind}:{found.group()}")
    return sighting


def _cue_kind(sighting: NumberSighting) -> str | None:
    return sighting.cue.split(":", 1)[0] if sighting.cue else None
