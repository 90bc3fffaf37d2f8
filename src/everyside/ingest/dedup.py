"""Exact duplicates by content hash, near duplicates by MinHash LSH.

Signatures are datasketch MinHashes; the LSH bands are datasketch's for the threshold,
kept as (band, hash) keys that the store indexes (``jobs.ingest``) and Spark joins
(``scale.ingest``), so both find the candidates an in-memory ``MinHashLSH`` would.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from functools import cache

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

# Article ids are this many hex digits of the content hash: 64 bits, no collision in
# practice below billions of articles, short enough to type.
ID_LENGTH = 16
_NON_WORD = re.compile(r"[\W_]+")
_MINHASH_SEED = 1
# Stored signatures are only comparable under the scheme that made them; fix it.
_MINHASH_SCHEME = "affine32"
_SIGNATURE_DTYPE = np.uint32


def normalize_text(text: str) -> str:
    """Unicode-fold, lower-case and reduce text to words so that layout changes do not matter."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_NON_WORD.split(folded)).strip()


def content_hash(body: str) -> str:
    """The SHA-256 of an article's normalized body: its identity."""
    return hashlib.sha256(normalize_text(body).encode("utf-8")).hexdigest()


def article_id(hash_hex: str) -> str:
    """The short id derived from a content hash."""
    return hash_hex[:ID_LENGTH]


def shingles(text: str, size: int) -> set[bytes]:
    """Overlapping runs of ``size`` words from the normalized text."""
    words = normalize_text(text).split()
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def minhash_signature(text: str, *, num_perm: int, shingle_size: int) -> LeanMinHash:
    """The MinHash of a text's word shingles."""
    minhash = MinHash(
        num_perm=num_perm,
        seed=_MINHASH_SEED,
        scheme=_MINHASH_SCHEME,
        permutations=_permutations(num_perm),
    )
    minhash.update_batch(list(shingles(text, shingle_size)))
    return LeanMinHash(minhash)


@cache
def _permutations(num_perm: int) -> np.ndarray:
    """The seed's permutation parameters, drawn once: every signature shares them."""
    drawn = MinHash(num_perm=num_perm, seed=_MINHASH_SEED, scheme=_MINHASH_SCHEME)
    return np.asarray(drawn.permutations)


def signature_to_bytes(signature: LeanMinHash) -> bytes:
    """Serialize a signature's hash values for storage."""
    return np.asarray(signature.hashvalues, dtype=_SIGNATURE_DTYPE).tobytes()


def signature_from_bytes(data: bytes) -> LeanMinHash:
    """Rebuild a signature stored by :func:`signature_to_bytes`."""
    return LeanMinHash(
        seed=_MINHASH_SEED,
        hashvalues=np.frombuffer(data, dtype=_SIGNATURE_DTYPE),
        scheme=_MINHASH_SCHEME,
    )


@cache
def lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows per band): what datasketch's ``MinHashLSH(threshold, num_perm)`` picks."""
    if not 0.0 < threshold <= 1.0:
        raise ValueError("threshold must be in (0, 1]")
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


def band_keys(signature: LeanMinHash, *, bands: int, width: int) -> list[tuple[int, int]]:
    """A signature's LSH bands as (band number, signed 64-bit hash of the band's values).

    Two signatures share a key exactly when MinHashLSH would put them in one bucket
    (a 64-bit hash collision aside); the width is hashed in, so keys of bands of
    different widths never meet. A signature too short for the bands has none.
    """
    values = np.asarray(signature.hashvalues, dtype=np.uint64)
    if len(values) < bands * width:
        return []
    person = width.to_bytes(2, "big")
    return [
        (
            band,
            int.from_bytes(
                hashlib.blake2b(
                    values[band * width : (band + 1) * width].tobytes(),
                    digest_size=8,
                    person=person,
                ).digest(),
                "big",
                signed=True,
            ),
        )
        for band in range(bands)
    ]


def earliest_near_copy(
    signature: LeanMinHash, candidates: Iterable[tuple[str, LeanMinHash]], threshold: float
) -> tuple[str, float] | None:
    """The first candidate whose estimated Jaccard similarity reaches ``threshold``, and it.

    ``candidates`` come earliest stored first; signatures of another length are skipped.
    """
    for key, other in candidates:
        if len(other.hashvalues) != len(signature.hashvalues):
            continue
        similarity = float(signature.jaccard(other))
        if similarity >= threshold:
            return key, similarity
    return None
