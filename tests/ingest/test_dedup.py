"""Content hashes and the MinHash LSH near-duplicate index."""

from __future__ import annotations

import pytest

from everyside.ingest.dedup import (
    NearDuplicateIndex,
    content_hash,
    minhash_signature,
    normalize_text,
    signature_from_bytes,
    signature_to_bytes,
)
from tests.ingest import samples

TEXT = " ".join(samples.PARAGRAPHS)


def _signature(text: str):  # type: ignore[no-untyped-def]
    return minhash_signature(text, num_perm=128, shingle_size=3)


def test_layout_and_case_do_not_change_the_hash() -> None:
    assert content_hash("Port  Wren\n\nvoted.") == content_hash("port wren voted")
    assert content_hash("Port Wren voted.") != content_hash("Port Wren voted against.")
    assert normalize_text("“Ａ”  b—c") == "a b c"


def test_near_copy_is_found_and_linked_to_the_first_seen() -> None:
    index = NearDuplicateIndex(threshold=0.7, num_perm=128)
    index.add("original", _signature(TEXT))
    index.add("later-copy", _signature(TEXT))
    edited = TEXT.replace("on Tuesday", "on Tuesday evening") + " Reporting by the wire desk."
    match = index.query(_signature(edited))
    assert match is not None
    key, similarity = match
    assert key == "original" and 0.7 <= similarity < 1.0


def test_different_text_is_not_a_near_copy() -> None:
    index = NearDuplicateIndex(threshold=0.7, num_perm=128)
    index.add("a", _signature(TEXT))
    other = "Ferry crews in the northern islands began a two-day strike over new rest rules."
    assert index.query(_signature(other)) is None
    assert len(index) == 1 and "a" in index


def test_signatures_survive_storage() -> None:
    signature = _signature(TEXT)
    restored = signature_from_bytes(signature_to_bytes(signature))
    assert restored.jaccard(signature) == 1.0


def test_bad_threshold_is_refused() -> None:
    with pytest.raises(ValueError, match="threshold"):
        NearDuplicateIndex(threshold=1.5, num_perm=128)
