"""Demo-corpus articles with their clustering features, computed once per test session."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import pytest

from everyside.evaluate.clustering import GoldItem, article_features, load_gold
from everyside.model import ArticleFeatures
from tests.conftest import CORPUS

Featurize = Callable[[list[GoldItem]], list[ArticleFeatures]]


@pytest.fixture(scope="session")
def demo_items() -> list[GoldItem]:
    """Every demo gold line with its article and gold story."""
    return load_gold(CORPUS / "gold.jsonl")


@pytest.fixture(scope="session")
def featurize() -> Featurize:
    """Features of gold items (analysis and embedding), cached by article id."""
    cache: dict[str, ArticleFeatures] = {}

    def compute(items: list[GoldItem]) -> list[ArticleFeatures]:
        todo = [item.article for item in items if item.article.id not in cache]
        for features in article_features(todo):
            cache[features.article_id] = features
        return [cache[item.article.id] for item in items]

    return compute


def story_items(items: list[GoldItem], *stories: str) -> list[GoldItem]:
    """The distinct articles of the named gold stories."""
    seen: set[str] = set()
    chosen = []
    for item in items:
        if item.cluster in stories and item.article.id not in seen:
            seen.add(item.article.id)
            chosen.append(item)
    return chosen


def stories_by_gold(items: list[GoldItem], assigned: dict[str, str]) -> dict[str, set[str]]:
    """Predicted story -> gold stories of its articles."""
    mixed: dict[str, set[str]] = defaultdict(set)
    for item in items:
        mixed[assigned[item.article.id]].add(item.cluster)
    return mixed
