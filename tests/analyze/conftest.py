"""Pipelines shared by the analysis tests (loading the English model takes a second)."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from everyside.analyze.pipeline import build_pipeline


@pytest.fixture(scope="session")
def english() -> Language:
    """The full English analysis pipeline."""
    return build_pipeline("en")


def analyze_text(nlp: Language, text: str, published: date | None = None) -> Doc:
    """Run a pipeline on text with a publication date."""
    doc = nlp.make_doc(text)
    doc._.published_on = published
    return nlp(doc)


def times_in(language: str, text: str, published: date) -> list[tuple[str, date | None]]:
    """The time expressions the language's pipeline finds, with the dates they resolve to."""
    doc = analyze_text(build_pipeline(language), text, published)
    return [(t.text, t.value) for t in doc._.times]
