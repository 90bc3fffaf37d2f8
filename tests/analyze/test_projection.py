"""Story-level entity projection: names one article found, found in the story's others."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from everyside.analyze.names import LANGUAGES_VARIABLE
from everyside.analyze.pipeline import AnalyzeOptions, analyze_articles, build_pipeline
from everyside.analyze.projection import project_mentions, with_projected
from everyside.model import Article, ArticleAnalysis, Entity, Mention, SourceRef, Span

STORY = [
    ("en", "President Mahmoud Abbas met Recep Tayyip Erdogan in Ankara. Abbas thanked him."),
    ("de", "Präsident Mahmud Abbas traf Erdogan in Ankara. Abbas lobte Erdogans Regierung."),
    ("ar", "التقى الرئيس محمود عباس بأردوغان في أنقرة."),
    ("ru", "Президент Махмуд Аббас встретился с Эрдоганом в Анкаре."),
    ("tr", "Devlet Başkanı Mahmud Abbas, Erdoğan ile görüştü. Abbas'ın ziyareti sürüyor."),
]


def _articles(bodies: Iterable[tuple[str, str]]) -> list[Article]:
    """One article per (language, body), the language its id."""
    return [
        Article(
            id=language,
            title="",
            body=body,
            content_hash=language,
            source=SourceRef(locator=language, format="text"),
            language=language,
        )
        for language, body in bodies
    ]


@pytest.fixture(scope="module")
def story() -> tuple[list[Article], dict[str, ArticleAnalysis]]:
    """A five-language story, analyzed."""
    articles = _articles(STORY)
    # Projection serves articles that find no names alone: the capitalized-name
    # heuristics (analyze/names.py) are off here, or German would find Abbas itself.
    build_pipeline.cache_clear()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(LANGUAGES_VARIABLE, "")
        analyses = {a.article_id: a for a in analyze_articles(articles, AnalyzeOptions())}
    build_pipeline.cache_clear()
    return articles, analyses


def test_names_are_found_across_scripts_and_case_endings(
    story: tuple[list[Article], dict[str, ArticleAnalysis]],
) -> None:
    articles, analyses = story
    added = project_mentions(articles, analyses)
    found = {
        language: {(m.text, m.entity_id) for m in mentions} for language, mentions in added.items()
    }
    abbas, erdogan = "person:mahmoud-abbas", "person:recep-tayyip-erdogan"
    assert "en" not in found  # the article with a recognizer keeps what it found
    assert found["de"] == {("Abbas", abbas), ("Erdogan", erdogan), ("Erdogans", erdogan)}
    assert {("محمود عباس", abbas), ("بأردوغان", erdogan)} <= found["ar"]
    assert {("Махмуд Аббас", abbas), ("Эрдоганом", erdogan), ("Анкаре", "place:ankara")} <= found[
        "ru"
    ]
    assert {("Abbas", abbas), ("Erdoğan", erdogan)} <= found["tr"]
    # Never over a mention the article has: German "Ankara" is the alias tables' already.
    assert not any(text == "Ankara" for text, _ in found["de"])


def test_projected_mentions_join_the_analysis(
    story: tuple[list[Article], dict[str, ArticleAnalysis]],
) -> None:
    articles, analyses = story
    merged = with_projected(articles, analyses)
    german = merged["de"]
    assert "person:mahmoud-abbas" in german.entities
    starts = [m.span.start for m in german.mentions]
    assert starts == sorted(starts)
    assert len(german.mentions) > len(analyses["de"].mentions)
    assert merged["en"] is analyses["en"]


def test_a_name_of_unknown_kind_gives_way_to_the_recognizers_entity() -> None:
    texts = {"en": "The CDU met in Berlin.", "de": "Die CDU tagte gestern."}
    articles = _articles(texts.items())

    def analysis(language: str, entity: Entity) -> ArticleAnalysis:
        start = texts[language].index("CDU")
        mention = Mention(
            article_id=language, span=Span(start, start + 3), text="CDU", entity_id=entity.id
        )
        return ArticleAnalysis(
            article_id=language, entities={entity.id: entity}, mentions=[mention]
        )

    analyses = {
        "en": analysis("en", Entity(id="org:cdu", name="CDU", kind="ORG")),
        "de": analysis("de", Entity(id="name:cdu", name="CDU", kind="NAME")),
    }
    merged = with_projected(articles, analyses)["de"]
    assert [(m.text, m.entity_id) for m in merged.mentions] == [("CDU", "org:cdu")]
