"""FTS5 query syntax translated for PostgreSQL's to_tsquery."""

from __future__ import annotations

import pytest

from everyside.store.dialects import fts5_to_tsquery


@pytest.mark.parametrize(
    ("query", "tsquery"),
    [
        ("harbour", "'harbour'"),
        ("harbour ferry", "('harbour' & 'ferry')"),
        (
            '"strategic partnership" AND Pyongyang',
            "(('strategic' <-> 'partnership') & 'Pyongyang')",
        ),
        ("dredg*", "'dredg':*"),
        ("a OR b c", "('a' | ('b' & 'c'))"),
        ("a OR b NOT c", "('a' | ('b' & !'c'))"),
        ("(a OR b) c", "(('a' | 'b') & 'c')"),
    ],
)
def test_translation_keeps_fts5_precedence(query: str, tsquery: str) -> None:
    assert fts5_to_tsquery(query) == tsquery


@pytest.mark.parametrize("query", ['Port-Wren "', "(a OR b", "a OR", "NOT a", '""', "a)"])
def test_invalid_syntax_is_refused(query: str) -> None:
    with pytest.raises(ValueError):
        fts5_to_tsquery(query)
