"""A comparison rendered as JSON, Markdown and HTML: complete, versioned, and safe."""

from __future__ import annotations

import json
from dataclasses import replace

from everyside.compare.results import ArticleRef, Comparison, Statement
from everyside.report.html import comparison_html
from everyside.report.json import COMPARISON_SCHEMA_VERSION, comparison
from everyside.report.markdown import comparison_markdown

HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'


def _hostile(found: Comparison) -> Comparison:
    """The same comparison with an article text and URL an attacker wrote."""
    group = found.groups[0]
    statement: Statement = replace(group.statements[0], text=HOSTILE)
    article: ArticleRef = replace(found.articles[0], title=HOSTILE, url="javascript:alert(1)")
    return replace(
        found,
        articles=[article, *found.articles[1:]],
        groups=[replace(group, statements=[statement]), *found.groups[1:]],
    )


def test_json_is_versioned_and_complete(ferry_comparison: Comparison) -> None:
    data = json.loads(json.dumps(comparison(ferry_comparison)))
    assert data["schema"] == "everyside.comparison"
    assert data["version"] == COMPARISON_SCHEMA_VERSION
    for key in (
        "articles", "outlets", "groups", "quote_variants", "numbers", "voices",
        "actor_labels", "headlines", "tone", "timeline", "summary", "omissions",
    ):  # fmt: skip
        assert key in data
    statement = data["groups"][0]["statements"][0]
    assert isinstance(statement["span"], list) and statement["outlet"] in data["outlets"]
    assert data["numbers"][0]["verdict"] == "conflict"


def test_markdown_has_every_section(ferry_comparison: Comparison) -> None:
    text = comparison_markdown(ferry_comparison)
    for heading in (
        "## Summary", "## What most outlets report", "## Reported by one outlet only",
        "## Quote variants", "## Numbers", "## Who gets a voice", "## Timeline",
    ):  # fmt: skip
        assert heading in text
    assert "~~not~~" in text  # the negation dropped by one outlet, struck through


def test_html_is_self_contained(ferry_comparison: Comparison) -> None:
    page = comparison_html(ferry_comparison)
    assert page.startswith("<!doctype html>")
    assert "<script" not in page and "http://" not in page and "https://" not in page
    assert "<del>not</del>" in page
    assert page.count('<th scope="col">Wren Courier</th>') == 2  # side by side and labels


def test_html_escapes_hostile_article_text(ferry_comparison: Comparison) -> None:
    page = comparison_html(_hostile(ferry_comparison))
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;" in page
    assert "javascript:" not in page
