"""The scale benchmarks' article generator: deterministic, news-shaped, analyses that fit."""

from __future__ import annotations

from collections import Counter
from itertools import islice

from benchmarks.generator import generate, synthetic_analysis
from everyside.ingest.tabular import record_to_article
from everyside.model import SourceRef
from everyside.settings import IngestOptions


def test_same_seed_same_stream_other_seed_other() -> None:
    first = [item.record for item in generate(300, seed=7)]
    assert first == [item.record for item in generate(300, seed=7)]
    assert first != [item.record for item in generate(300, seed=8)]


def test_stream_has_news_shape() -> None:
    items = list(generate(3_000, seed=1))
    assert len(items) == 3_000
    published = [item.record["published"] for item in items]
    assert published == sorted(published)
    sizes = Counter(item.story for item in items)
    # Power-law sizes: most stories have one article, a few many.
    assert sum(1 for size in sizes.values() if size == 1) > len(sizes) / 2
    assert max(sizes.values()) >= 20
    kinds = Counter(item.kind for item in items)
    assert 0.01 < kinds["exact_copy"] / 3_000 < 0.04
    assert 0.03 < kinds["near_copy"] / 3_000 < 0.08
    assert set(Counter(item.record["lang"] for item in items)) == {"en", "de", "es", "id"}
    assert len({item.record["outlet"] for item in items}) >= 30
    words = sorted(len(item.record["text"].split()) for item in items)
    assert 150 < words[len(words) // 2] < 900


def test_synthetic_analysis_spans_are_in_the_stored_text() -> None:
    options = IngestOptions()
    for number, item in enumerate(islice(generate(200, seed=3), 50)):
        source = SourceRef(locator=f"generated:{number}", format="jsonl")
        article = record_to_article(item.record, source, options)
        found = synthetic_analysis(article, item)
        assert found.mentions, "every article names its story's people, groups or places"
        for record in [*found.mentions, *found.quotes, *found.claims]:
            assert article.body[record.span.start : record.span.end] == record.text
        assert {m.entity_id for m in found.mentions} <= set(found.entities)
