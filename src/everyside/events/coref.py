"""Event coreference: the reports of one real-world event, across sentences, articles, outlets.

Two coded events report the same real-world event when they have the same source and
target actors, a compatible action (the same CAMEO root: "sign formal agreement" 057 and
"express intent to cooperate" 03x are different, 057 and 05 are the same kind), dates no
more than ``max_days`` apart (the event's resolved date, else its article's publication
date), and no conflicting places. Merging is transitive within those limits and runs in
time order, so the result does not depend on the order events are given in.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date

from everyside.model import EventMood, EventReport, RealWorldEvent

# Reports of one event rarely date it more than a day apart (time zones, "yesterday").
DEFAULT_MAX_DAYS = 1


def _root(code: str | None) -> str | None:
    return code[:2] if code else None


def _compatible(report: EventReport, event: RealWorldEvent, max_days: int) -> bool:
    found = report.event
    if (found.source_actor, found.target_actor) != (event.source_actor, event.target_actor):
        return False
    if _root(found.cameo_code) != _root(event.cameo_code):
        return False
    if found.location and event.location and found.location != event.location:
        return False
    day = report.day
    if day is None or event.day is None:
        return report.story_id is not None and any(
            r.story_id == report.story_id for r in event.reports
        )
    return abs((day - event.day).days) <= max_days


def merge_reports(
    reports: Iterable[EventReport], *, max_days: int = DEFAULT_MAX_DAYS
) -> list[RealWorldEvent]:
    """Merge reports of the same real-world event; only events reported as having happened."""
    asserted = [r for r in reports if r.event.mood is EventMood.ASSERTED]
    asserted.sort(key=lambda r: (r.day or date.max, r.event.article_id, r.event.span.start))
    events: list[RealWorldEvent] = []
    for report in asserted:
        match = next((e for e in reversed(events) if _compatible(report, e, max_days)), None)
        if match is None:
            match = _new_event(report)
            events.append(match)
        match.reports.append(report)
        if report.event.location and not match.location:
            match.location = report.event.location
    for event in events:
        _settle_code(event)
    return events


def _new_event(report: EventReport) -> RealWorldEvent:
    found = report.event
    key = f"{found.article_id}:{found.span.start}:{found.cameo_code}:{found.source_actor}"
    return RealWorldEvent(
        id="event-" + hashlib.sha256(key.encode()).hexdigest()[:12],
        source_actor=found.source_actor,
        target_actor=found.target_actor,
        cameo_code=found.cameo_code,
        goldstein=found.goldstein,
        quad_class=found.quad_class,
        plover=found.plover,
        day=report.day,
        location=found.location,
    )


def _settle_code(event: RealWorldEvent) -> None:
    """The event's code is the one most reports give (the most specific among equals)."""
    if not event.codes:
        return
    code, _ = max(event.codes.items(), key=lambda item: (item[1], len(item[0]), item[0]))
    reference = next(r.event for r in event.reports if r.event.cameo_code == code)
    event.cameo_code = code
    event.goldstein = reference.goldstein
    event.quad_class = reference.quad_class
    event.plover = reference.plover
