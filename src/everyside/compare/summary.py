"""A short extractive summary in which every sentence cites the outlets that carry it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from .results import StatementGroup, SummarySentence


def summarize(
    groups: Sequence[StatementGroup], languages: dict[str, str | None], *, sentences: int
) -> list[SummarySentence]:
    """The most widely carried statements, in the order the articles tell them.

    Each is written in the story's most common language when a sentence in that language
    carries it, so the summary reads in one language as far as the sources allow.
    """
    if not groups:
        return []
    language = Counter(languages.values()).most_common(1)[0][0]
    chosen = sorted(groups, key=lambda g: (-len(g.outlets), -g.importance, g.id))[:sentences]
    chosen.sort(key=lambda g: sum(s.position for s in g.statements) / len(g.statements))
    summary = []
    for group in chosen:
        statement = next(
            (s for s in group.statements if languages.get(s.article_id) == language),
            group.statements[0],
        )
        summary.append(
            SummarySentence(
                text=statement.text,
                article_id=statement.article_id,
                outlets=list(group.outlets),
                group_id=group.id,
            )
        )
    return summary
