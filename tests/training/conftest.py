"""The English pipeline the attribution training reads (built once, cached)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from everyside.analyze.pipeline import build_pipeline


@pytest.fixture(scope="session")
def english() -> Language:
    """The full English analysis pipeline."""
    return build_pipeline("en")
