"""A short extractive summary in which every sentence cites the outlets that carry it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from .results import StatementGroup, SummarySentence


def summarize(
    groups: Sequence[StatementGroup],
    languages: dict[str, str | None],
    *,
    sentences: int,
    credit_probability: float,
) -> list[SummarySentence]:
    """The most widely carried statements, in the order the articles tell them.

    A sentence cites only the outlets whose statement is aligned at ``credit_probability``
    or more: a weak alignment never turns into a credit. Each is written in the story's
    most common language when a credited sentence in that language carries it, so the
    summary reads in one language as far as the sources allow.
    """
    if not groups:
        return []
    language = next(iter(Counter(languages.values()).most_common(1)), (None, 0))[0]
    credited = {g.id: g.credited(credit_probability) or g.outlets[:1] for g in groups}
    chosen = sorted(groups, key=lambda g: (-len(credited[g.id]), -g.importance, g.id))
    chosen = chosen[:sentences]
    chosen.sort(key=lambda g: sum(s.position for s in g.statements) / len(g.statements))
    summary = []
    for group in chosen:
        candidates = [s for s in group.statements if s.outlet in credited[group.id]]
        statement = next(
            (s for s in candidates if languages.get(s.article_id) == language), candidates[0]
        )
        summary.append(
            SummarySentence(
                text=statement.text,
                article_id=statement.article_id,
                outlets=list(credited[group.id]),
                group_id=group.id,
            )
        )
    return summary
