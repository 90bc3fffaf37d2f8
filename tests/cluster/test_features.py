"""Feature extraction parts, document frequencies, the weights file and story summaries."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest

from everyside.cluster import (
    DocumentFrequencies,
    ModelFileError,
    StoryProfile,
    load_model,
    summarize_story,
)
from everyside.cluster.features import (
    embedding_chunks,
    fold,
    salient_number,
    surname_key,
    tokenize,
)
from everyside.cluster.profile import FEATURES, LANGUAGE_FEATURES, pair_features
from everyside.model import ArticleFeatures
from tests.cluster.helpers import article, unit


def test_tokens_are_folded_lemmatized_and_free_of_stop_words() -> None:
    assert fold("Mélenchon") == "melenchon"
    assert tokenize("The elections in Münster were held", "en") == ["election", "munster", "hold"]
    assert "und" not in tokenize("Wahlen und Ergebnisse", "de")


def test_salient_numbers_skip_small_values_and_years() -> None:
    assert salient_number(8_512_345, None) == 8_510_000
    assert salient_number(7.4, "magnitude") is None  # below 10: too common
    assert salient_number(2024, None) is None
    assert salient_number(412, "seats") == 412


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Vincent Jackson", "jackson"),
        ("Lech Wałęsa", "walesa"),
        ("Владимир Путин", "putin"),
        ("Annegret Kramp-Karrenbauer", "kramp-karrenbauer"),
        ("Conan O’Brien", "obrien"),
    ],
)
def test_a_surname_key_is_transliterated_and_url_safe(name: str, key: str) -> None:
    assert surname_key(name) == key


def test_embedding_chunks_cover_title_and_lead_only() -> None:
    chunks = embedding_chunks("Title", "One sentence. " * 200)
    assert chunks[0].startswith("Title")
    assert sum(len(c) for c in chunks) <= 1000 + len(chunks)


def test_idf_grows_with_the_stream_and_moves_its_version() -> None:
    df = DocumentFrequencies(refresh=0.0)
    df.add(["quake", "taiwan"])
    df.add(["quake"])
    assert df.idf("taiwan") > df.idf("quake") >= 1.0
    assert df.idf("unseen") > df.idf("taiwan")
    version = df.version
    df.add(["x"])
    assert df.version > version and len(df) == 3
    again = DocumentFrequencies.from_dict(json.loads(json.dumps(df.as_dict())))
    assert again.idf("quake") == pytest.approx(df.idf("quake"))


def test_features_round_trip_through_json() -> None:
    item = article("a", unit((0, 1.0)), terms={"quake": 1.0}, entities={"place:taiwan": 1.5})
    again = ArticleFeatures.from_dict(json.loads(json.dumps(item.as_dict())))
    assert again.article_id == "a" and again.terms == item.terms
    assert again.entities == item.entities and again.published_at == item.published_at
    assert np.allclose(again.embedding, item.embedding, atol=1e-6)


def test_cross_lingual_pairs_have_no_word_evidence() -> None:
    terms = {"quake": 1.0, "hualien": 1.0}
    english = StoryProfile.of(article("en", unit((0, 1.0)), terms=terms))
    indonesian = StoryProfile.of(article("id", unit((0, 1.0)), terms=terms, language="id"))
    df = DocumentFrequencies()
    df.add(terms)
    row = dict(zip(FEATURES, pair_features(indonesian, english, df, df), strict=True))
    assert row["cross_lingual"] == 1.0
    assert all(row[name] == 0.0 for name in LANGUAGE_FEATURES)
    assert row["embedding_cosine"] == pytest.approx(1.0)
    # What the two languages write alike still meets, in a feature of the cross model.
    assert row["cross_term_cosine"] == pytest.approx(1.0)


def test_shared_forms_count_across_languages_only() -> None:
    df = DocumentFrequencies()
    for terms in ({"trump", "bagdad", "botschaft"}, {"trump", "baghdad", "embassy"}, {"x"}):
        df.add(terms)
    german = StoryProfile.of(
        article("de", unit((0, 1.0)), terms=dict.fromkeys(("trump", "bagdad", "botschaft"), 1.0),
                language="de")
    )  # fmt: skip
    english = StoryProfile.of(
        article("en", unit((0, 1.0)), terms=dict.fromkeys(("trump", "baghdad", "embassy"), 1.0))
    )
    row = dict(zip(FEATURES, pair_features(german, english, df, df), strict=True))
    assert 0.2 < row["cross_term_cosine"] < 0.5  # "trump" alone is shared
    assert "cross_term_cosine" not in LANGUAGE_FEATURES
    same = dict(zip(FEATURES, pair_features(english, english, df, df), strict=True))
    assert same["cross_term_cosine"] == 0.0 and same["lexical_cosine"] == pytest.approx(1.0)


def test_the_packaged_weights_load_and_a_mismatched_file_is_refused(tmp_path: Path) -> None:
    model = load_model()
    assert model.features == FEATURES
    assert 0 < model.join_threshold < 1
    assert "ECB+ 1.0 train split" in model.info["data"]
    # Across languages, the forms both languages write alike count for the same story.
    assert model.cross_coef[FEATURES.index("cross_term_cosine")] > 0
    data = model.as_dict()
    data["features"] = ["lexical_cosine"]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ModelFileError, match="retrain"):
        load_model(path)
    with pytest.raises(ModelFileError, match="cannot read"):
        load_model(tmp_path / "missing.json")


def test_a_summary_names_headline_span_outlets_languages_entities_keywords() -> None:
    profile = StoryProfile()
    profile.add(
        article("a", unit((0, 1.0)), day=3, terms={"quake": 2.0}, entities={"place:hualien": 2.0})
    )
    profile.add(article("b", unit((0, 1.0), (1, 0.5)), day=4, language="id"))
    profile.add(article("c", unit((1, 1.0)), day=5, language="id", terms={"gempa": 1.0}))
    summary = summarize_story("story-a", profile, top=3)
    assert summary.headline == "Title b"  # nearest the mean embedding
    assert summary.size == 3 and summary.languages == ("id", "en")
    assert summary.first_seen is not None and summary.last_seen is not None
    assert summary.last_seen - summary.first_seen == timedelta(days=2)
    assert summary.key_entities == (("place:hualien", "place:hualien"),)
    assert summary.keywords[0] == "quake"
    assert set(summary.outlets) == {"Outlet a", "Outlet b", "Outlet c"}
    assert summary.to_story().article_ids == ["a", "b", "c"]
    assert len(summary.as_dict()["article_ids"]) == 3


def test_idf_kept_per_key_follows_every_add_and_merge() -> None:
    df = DocumentFrequencies()
    df.add(["quake"])
    first = df.idf("quake")
    assert df.idf("quake") == first  # kept
    df.add(["quake", "taiwan"])
    df.add(["x"])
    fresh = DocumentFrequencies.from_dict(df.as_dict())
    assert df.idf("quake") == fresh.idf("quake") != first
    other = DocumentFrequencies()
    other.add(["taiwan"])
    df.merge(other)
    assert df.idf("taiwan") == DocumentFrequencies.from_dict(df.as_dict()).idf("taiwan")
