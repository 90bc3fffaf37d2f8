"""Content hashes, MinHash signatures, LSH band keys and the near-copy decision."""

from __future__ import annotations

import numpy as np
import pytest
from datasketch import MinHashLSH
from hypothesis import given, settings
from hypothesis import strategies as st

from everyside.ingest.dedup import (
    band_keys,
    content_hash,
    earliest_near_copy,
    lsh_bands,
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


def test_near_copy_is_linked_to_the_first_seen_match() -> None:
    edited = TEXT.replace("on Tuesday", "on Tuesday evening") + " Reporting by the wire desk."
    other = "Ferry crews in the northern islands began a two-day strike over new rest rules."
    stored = [
        ("other", _signature(other)),
        ("original", _signature(TEXT)),
        ("copy", _signature(TEXT)),
    ]
    match = earliest_near_copy(_signature(edited), stored, 0.7)
    assert match is not None
    key, similarity = match
    assert key == "original" and 0.7 <= similarity < 1.0
    assert earliest_near_copy(_signature(other), stored[1:], 0.7) is None


def test_bands_are_datasketchs() -> None:
    for threshold in (0.5, 0.7, 0.9):
        lsh = MinHashLSH(threshold=threshold, num_perm=128)
        assert lsh_bands(threshold, 128) == (lsh.b, lsh.r)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, 40), min_size=1, max_size=30),
    st.lists(st.integers(0, 40), min_size=1, max_size=30),
)
def test_two_signatures_share_a_key_where_datasketch_shares_a_bucket(
    a: list[int], b: list[int]
) -> None:
    bands, width = lsh_bands(0.5, 128)
    first, second = (_signature(" ".join(f"w{n}" for n in words)) for words in (a, b))
    keys_a = band_keys(first, bands=bands, width=width)
    keys_b = band_keys(second, bands=bands, width=width)
    for band in range(bands):
        window = slice(band * width, (band + 1) * width)
        same = np.array_equal(first.hashvalues[window], second.hashvalues[window])
        assert (keys_a[band] == keys_b[band]) is same


def test_keys_of_another_width_never_meet() -> None:
    signature = _signature(TEXT)
    narrow = band_keys(signature, bands=2, width=5)
    assert narrow == band_keys(signature, bands=25, width=5)[:2]
    assert not set(narrow) & set(band_keys(signature, bands=2, width=9))
    assert band_keys(signature, bands=30, width=5) == []  # more bands than values


def test_signatures_survive_storage() -> None:
    signature = _signature(TEXT)
    restored = signature_from_bytes(signature_to_bytes(signature))
    assert restored.jaccard(signature) == 1.0


def test_bad_threshold_is_refused() -> None:
    with pytest.raises(ValueError, match="threshold"):
        lsh_bands(1.5, 128)
