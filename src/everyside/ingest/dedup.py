"""Exact duplicates by content hash, near duplicates by MinHash LSH (datasketch)."""

from __future__ import annotations

import hashlib
import re
import unicodedata

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
    minhash = MinHash(num_perm=num_perm, seed=_MINHASH_SEED, scheme=_MINHASH_SCHEME)
    minhash.update_batch(list(shingles(text, shingle_size)))
    return LeanMinHash(minhash)


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


class NearDuplicateIndex:
    """Finds the first-seen article whose text is nearly the same as a new one.

    Args:
        threshold: estimated Jaccard similarity at or above which texts are near-copies.
        num_perm: MinHash permutations of the signatures added and queried.

    Example:
        >>> index = NearDuplicateIndex(threshold=0.7, num_perm=128)
        >>> index.add("a1", minhash_signature("some text", num_perm=128, shingle_size=3))
    """

    def __init__(self, *, threshold: float, num_perm: int) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError("threshold must be in (0, 1]")
        self.threshold = threshold
        self.num_perm = num_perm
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._order: dict[str, int] = {}
        self._signatures: dict[str, LeanMinHash] = {}

    def __len__(self) -> int:
        return len(self._order)

    def __contains__(self, key: object) -> bool:
        return key in self._order

    def add(self, key: str, signature: LeanMinHash) -> None:
        """Index an article's signature; later queries may return it."""
        if key in self._order:
            return
        self._lsh.insert(key, signature)
        self._order[key] = len(self._order)
        self._signatures[key] = signature

    def query(self, signature: LeanMinHash) -> tuple[str, float] | None:
        """The earliest-added near-copy of ``signature`` and its estimated similarity."""
        matches = []
        for key in self._lsh.query(signature):
            similarity = signature.jaccard(self._signatures[key])
            if similarity >= self.threshold:
                matches.append((self._order[key], key, similarity))
        if not matches:
            return None
        _, key, similarity = min(matches)
        return key, similarity
