"""Story-level entity projection measured on same-story pairs: mentions per article.

Each SemEval-2022 pair that people rated the same story (``overall`` ≤ 2) is a story of
two articles; both are analyzed, then ``analyze.projection`` adds the names one found to
the other. The figures are entity mentions per article by language, before and after,
and the projected mentions themselves, to label by hand (``--show``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from everyside.analyze.pipeline import AnalyzeOptions, analyze_articles
from everyside.analyze.projection import project_mentions, with_projected
from everyside.evaluate.corpus import read_jsonl
from everyside.model import Article, Mention, SourceRef

# SemEval's scale: 1 = very similar ... 4 = very dissimilar; ≤ 2 counts as the same story.
SAME_STORY = 2.0


@dataclass(slots=True)
class ProjectionFigures:
    """Articles, mentions before and projected mentions by language and language pair."""

    articles: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    before: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    added: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    # Names of unknown kind that projected mentions replaced (analyze/names.py).
    replaced: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    projected: list[tuple[str, Mention, str]] = field(default_factory=list)

    def per_article(self, language: str) -> tuple[float, float]:
        """Mentions per article of a language ("de in de-en"), before and after projection."""
        count = self.articles[language]
        before = self.before[language] / count if count else 0.0
        net = self.added[language] - self.replaced[language]
        return before, before + (net / count if count else 0.0)


def evaluate_projection(path: Path, *, per_pair: int | None = None) -> ProjectionFigures:
    """Project names within each same-story pair of a SemEval pairs file.

    ``per_pair``: at most that many pairs of each language pair (in file order).
    """
    figures = ProjectionFigures()
    taken: dict[tuple[str, str], int] = defaultdict(int)
    for record in read_jsonl(path):
        languages = (record["lang1"], record["lang2"])
        if record["overall"] > SAME_STORY:
            continue
        if per_pair is not None and taken[languages] >= per_pair:
            continue
        taken[languages] += 1
        articles = [
            Article(
                id=f"{record['pair_id']}:{side}",
                title=record[f"title{side}"] or "",
                body=record[f"text{side}"] or "",
                content_hash=f"{record['pair_id']}:{side}",
                source=SourceRef(locator=record["pair_id"], format="text"),
                language=record[f"lang{side}"],
            )
            for side in (1, 2)
        ]
        analyses = {a.article_id: a for a in analyze_articles(articles, AnalyzeOptions())}
        added = project_mentions(articles, analyses)
        merged = with_projected(articles, analyses)
        for article in articles:
            # By language and story kind: "de in de-en" gains, "de in de-de" cannot.
            language = f"{article.language} in {'-'.join(languages)}"
            figures.articles[language] += 1
            figures.before[language] += len(analyses[article.id].mentions)
            figures.replaced[language] += (
                len(analyses[article.id].mentions)
                + len(added.get(article.id, []))
                - len(merged[article.id].mentions)
            )
            for mention in added.get(article.id, []):
                figures.added[language] += 1
                start, end = mention.span.start, mention.span.end
                context = article.body[max(0, start - 40) : end + 40].replace("\n", " ")
                figures.projected.append((language, mention, context))
    return figures
