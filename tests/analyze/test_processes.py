"""Analysis in worker processes gives what one process gives; one bad article fails alone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import spacy
from spacy.tokens import Doc

from everyside.analyze import pipeline
from everyside.analyze.nlp import (
    ENGLISH_MODEL,
    UNUSED_COMPONENTS,
    TokenRules,
    doc_text,
    load_nlp,
    make_doc,
)
from everyside.analyze.pipeline import (
    AnalysisFailure,
    AnalyzeOptions,
    analyze_articles,
    analyze_each,
)
from everyside.ingest.article import build_article
from everyside.model import Article, ArticleAnalysis, Outlet, SourceRef


def _article(number: int, body: str, language: str = "en") -> Article:
    article = build_article(
        title=f"Harbour report {number}",
        paragraphs=[body],
        source=SourceRef(locator=f"{number}.txt", format="text"),
        outlet=Outlet(name="Wren Courier"),
        published_at=datetime(2024, 6, 19, 9, tzinfo=UTC),
    )
    article.language = language
    return article


def _articles() -> list[Article]:
    english = [
        _article(
            n,
            f'Mayor Ana Ruiz said on Wednesday that {n + 2} ferries would resume. "We are ready," '
            "she told reporters in Port Wren. Vladimir Putin signed an agreement with Kim Jong Un.",
        )
        for n in range(5)
    ]
    german = _article(9, '„Wir sind bereit", sagte Bürgermeisterin Ana Ruiz am Mittwoch.', "de")
    return [*english[:2], german, *english[2:]]


def test_two_processes_find_what_one_finds() -> None:
    articles = _articles()
    one = list(analyze_articles(articles, AnalyzeOptions(batch_size=2)))
    two = list(analyze_articles(articles, AnalyzeOptions(batch_size=2, processes=2)))
    assert two == one
    assert {found.article_id for found in two} == {article.id for article in articles}
    english = [found for found in two if found.article_id != articles[2].id]
    assert all(found.times and found.times[0].value for found in english)  # dates survive pickling
    assert all(found.quotes and found.events for found in english)


def test_a_failing_article_fails_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    articles = _articles()
    bad = articles[1].id
    to_analysis = pipeline.to_analysis

    def failing(article_id: str, doc: Doc) -> ArticleAnalysis:
        if article_id == bad:
            raise ValueError("broken annotation")
        return to_analysis(article_id, doc)

    monkeypatch.setattr(pipeline, "to_analysis", failing)
    results = list(analyze_each(articles, AnalyzeOptions(batch_size=4)))
    assert [r.article_id for r in results if isinstance(r, ArticleAnalysis)] == [
        a.id for a in articles if a.id != bad and a.language == "en"
    ] + [articles[2].id]
    assert [r for r in results if isinstance(r, AnalysisFailure)] == [
        AnalysisFailure(bad, "ValueError: broken annotation")
    ]
    with pytest.raises(ValueError, match="broken annotation"):
        list(analyze_articles(articles, AnalyzeOptions(batch_size=4)))


def test_token_rules_set_what_the_attribute_ruler_sets() -> None:
    text = (
        "But it was not to be. I ain't gonna wait, y'all: there are 3 ferries and "
        "it has done what we did.\n\nShe got  it, and that was that. Which one? Let's go!"
    )
    ours = load_nlp("en")
    assert isinstance(ours.get_pipe("attribute_ruler"), TokenRules)
    spacys = spacy.load(ENGLISH_MODEL, exclude=list(UNUSED_COMPONENTS))
    expected = [(t.pos_, t.tag_, t.dep_, t.ent_type_) for t in spacys(text)]
    assert [(t.pos_, t.tag_, t.dep_, t.ent_type_) for t in ours(text)] == expected


def test_a_text_longer_than_the_model_takes_is_analyzed_up_to_its_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Ingest refuses such texts now; one stored before must not fail on every run.
    article = _articles()[0]
    nlp = pipeline.build_pipeline("en", ())
    monkeypatch.setattr(nlp, "max_length", 60)
    (result,) = analyze_each([article])
    assert isinstance(result, ArticleAnalysis)
    assert all(mention.span.end <= 60 for mention in result.mentions)


def test_doc_text_is_joined_once_and_equals_the_docs_text() -> None:
    nlp = spacy.blank("en")
    doc = nlp.make_doc('Kim said: "we will go".\n\nThen he left.')
    assert doc_text(doc) == doc.text
    doc.user_data["everyside_text"] = "kept"  # what a second call reads, not a new join
    assert doc_text(doc) == "kept"


def test_docs_made_by_the_analysis_know_their_text() -> None:
    text = '  Kim said:\t"we will go".\n\n\nThen  he left. '
    for language in ("en", "de"):
        nlp = pipeline.build_pipeline(language)
        assert doc_text(make_doc(nlp, text)) == nlp.make_doc(text).text == text
