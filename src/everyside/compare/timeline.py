"""The story in time: when each article appeared, the dated events it reports, figures that rose."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from itertools import pairwise

from everyside.model import Article, TimeMention

from .results import NumberReport, NumberVerdict, Statement, StatementGroup, TimelineEntry


def _sort_key(entry: TimelineEntry) -> tuple[date, time, int]:
    when = entry.when
    if isinstance(when, datetime):
        return (when.date(), when.time().replace(tzinfo=None), 1)
    return (when, time.min, 0)  # an event dated to a day comes before that day's articles


def build_timeline(
    articles: Sequence[tuple[str, Article]],
    times: Sequence[TimeMention],
    groups: Sequence[StatementGroup],
    numbers: Sequence[NumberReport] = (),
) -> list[TimelineEntry]:
    """Publications, reported events and updated figures in time order.

    One entry per reported date and statement, and one per figure an update raised.
    """
    entries = [
        TimelineEntry(
            when=article.published_at,
            kind="published",
            text=article.title,
            article_id=article.id,
            outlets=[outlet],
        )
        for outlet, article in articles
        if article.published_at is not None
    ]
    located: dict[str, list[tuple[StatementGroup, Statement]]] = {}
    for group in groups:
        for statement in group.statements:
            located.setdefault(statement.article_id, []).append((group, statement))
    reported: dict[tuple[date, int], TimelineEntry] = {}
    for mention in times:
        if mention.value is None or mention.granularity not in (None, "day"):
            continue
        found = next(
            (
                (group, statement)
                for group, statement in located.get(mention.article_id, [])
                if statement.span.start <= mention.span.start < statement.span.end
            ),
            None,
        )
        if found is None:
            continue
        group, statement = found
        key = (mention.value, group.id)
        if key not in reported:
            reported[key] = TimelineEntry(
                when=mention.value,
                kind="reported",
                text=statement.text,
                article_id=statement.article_id,
                outlets=list(group.outlets),
            )
    return sorted([*entries, *reported.values(), *_updates(numbers)], key=_sort_key)


def _updates(numbers: Sequence[NumberReport]) -> list[TimelineEntry]:
    """Each later figure of an update, at its reference date or its article's publication."""
    entries = []
    for report in numbers:
        if report.verdict is not NumberVerdict.UPDATE:
            continue
        what = report.about or report.unit or "figure"
        for earlier, later in pairwise(report.sightings):
            when = later.time_value or later.published_at
            if when is None:  # risen by its own words only: no place in time to show it
                continue
            entries.append(
                TimelineEntry(
                    when=when,
                    kind="update",
                    text=f"{what}: {later.text} (earlier {earlier.text}, {earlier.outlet})",
                    article_id=later.article_id,
                    outlets=[later.outlet],
                )
            )
    return entries
