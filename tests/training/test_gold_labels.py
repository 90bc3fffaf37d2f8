"""Labels-only gold: full gold -> labels -> full gold again, and the real labels file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from everyside.training.gold_labels import SOURCES, labels_of, materialize, write_jsonl
from tests.conftest import REPO, SHARED

LABELS = REPO / "training" / "alignment_gold_labels.jsonl"

FIRST = "Town fair opens.\nThe fair opened on Sunday with 40 stalls. Share this page"
SECOND = "Fair opens in the old market\nForty-two stalls opened on Sunday. Rain is expected."


def _story() -> dict[str, Any]:
    """A made-up two-article story in the shared README's format."""
    return {
        "story": "toy-1",
        "source": "made up for a test",
        "articles": [
            {
                "id": "a",
                "outlet": "one.example",
                "lang": "en",
                "title": "Town fair opens.",
                "text": FIRST,
                "published": None,
                "url": "https://one.example/fair",
            },
            {
                "id": "b",
                "outlet": "two.example",
                "lang": "en",
                "title": "",
                "text": SECOND,
                "published": "2024-03-03",
                "url": None,
            },
        ],
        "facts": [
            {"id": "f1", "summary": "The fair opened", "kind": "event"},
            {
                "id": "f2",
                "summary": "Number of stalls",
                "kind": "number",
                "values": {"a": "40", "b": "Forty-two"},
                "relation": "conflict",
            },
            {"id": "f3", "summary": "Rain forecast", "kind": "context"},
        ],
        "sentences": [
            {"article": "a", "text": "Town fair opens.", "fact": "f1"},
            {
                "article": "a",
                "text": "The fair opened on Sunday with 40 stalls.",
                "fact": "f2",
                "also": ["f1"],
            },
            {"article": "a", "text": "Share this page", "fact": None, "label": "boilerplate"},
            {"article": "b", "text": "Fair opens in the old market", "fact": "f1"},
            {"article": "b", "text": "Forty-two stalls opened on Sunday.", "fact": "f2"},
            {"article": "b", "text": "Rain is expected.", "fact": "f3"},
        ],
    }


def test_round_trip_on_a_made_up_story(tmp_path: Path) -> None:
    source = tmp_path / SOURCES["semeval22"]
    source.parent.mkdir(parents=True)
    pair = {
        "pair_id": "a_b",
        "lang1": "en",
        "title1": "Town fair opens.",
        "text1": FIRST,
        "lang2": "en",
        "title2": "",
        "text2": SECOND,
    }
    write_jsonl([{"pair_id": "x_a", "text1": "", "text2": "other"}, pair], source)
    story = _story()

    labels = labels_of([story], "semeval22", tmp_path)

    written = json.dumps(labels)
    assert "opened on Sunday" not in written and "Town fair" not in written
    assert [a["ref"] for a in labels[0]["articles"]] == [
        {"semeval22": "a_b", "side": 1},
        {"semeval22": "a_b", "side": 2},
    ]
    assert labels[0]["sentences"][1] == {
        "article": "a",
        "start": 17,
        "end": 58,
        "fact": "f2",
        "also": ["f1"],
    }
    path = tmp_path / "labels.jsonl"
    write_jsonl(labels, path)
    assert materialize(path, tmp_path) == [story]


def test_a_changed_shared_text_is_refused(tmp_path: Path) -> None:
    source = tmp_path / SOURCES["ecbplus"]
    source.parent.mkdir(parents=True)
    record = {"id": "a", "title": "Town fair opens.", "text": FIRST}
    write_jsonl([record], source)
    story = _story()
    story["articles"] = story["articles"][:1]
    story["sentences"] = story["sentences"][:3]
    path = tmp_path / "labels.jsonl"
    write_jsonl(labels_of([story], "ecbplus", tmp_path), path)
    assert materialize(path, tmp_path)[0]["articles"][0]["text"] == FIRST
    write_jsonl([{**record, "text": FIRST.replace("40", "41")}], source)
    with pytest.raises(ValueError, match="changed"):
        materialize(path, tmp_path)


def test_the_real_labels_rebuild_exact_sentences() -> None:
    if not all((SHARED / path).is_file() for path in SOURCES.values()):
        pytest.skip(f"shared source articles not found under {SHARED} (../shared is absent)")
    stories = materialize(LABELS, SHARED)
    assert len(stories) == 49
    assert sum(len(s["sentences"]) for s in stories) == 1486
    for story in stories:
        texts = {a["id"]: a["text"] for a in story["articles"]}
        facts = {f["id"] for f in story["facts"]}
        for sentence in story["sentences"]:
            assert sentence["text"] and sentence["text"] in texts[sentence["article"]]
            assert sentence["text"] == sentence["text"].strip()
            assert sentence["fact"] in facts or sentence["label"] in ("boilerplate", "other")
