"""Candidate indexes: add, query, replace, remove, for both vector backends."""

from __future__ import annotations

import pytest

from everyside.cluster.index import CandidateIndex, KeyIndex, VectorIndex
from tests.cluster.helpers import unit


@pytest.mark.parametrize("backend", ["usearch", "exact"])
def test_vector_index_finds_the_nearest_and_forgets_removed(backend: str) -> None:
    index = VectorIndex(512, backend=backend)  # type: ignore[arg-type]
    index.add("a", unit((0, 1.0)))
    index.add("b", unit((1, 1.0)))
    index.add("c", unit((0, 1.0), (1, 0.2)))
    assert len(index) == 3
    found = index.query(unit((0, 1.0)), 2)
    assert [key for key, _ in found] == ["a", "c"]
    assert found[0][1] == pytest.approx(1.0, abs=1e-5)
    index.remove("a")
    assert "a" not in index and len(index) == 2
    assert index.query(unit((0, 1.0)), 1)[0][0] == "c"
    index.add("c", unit((2, 1.0)))  # replacing moves it
    assert index.query(unit((2, 1.0)), 1)[0][0] == "c"
    assert len(index) == 2


def test_vector_index_checks_its_settings() -> None:
    with pytest.raises(ValueError, match="backend"):
        VectorIndex(512, backend="annoy")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        VectorIndex(0)


def test_key_index_ranks_by_shared_key_weight_and_reads_only_recent_postings() -> None:
    index = KeyIndex(max_scan=2)
    index.add("s1", ["e:putin", "e:kim"])
    index.add("s2", ["e:putin", "e:hanoi"])
    index.add("s3", ["e:putin"])
    found = index.query({"e:putin": 1.0, "e:hanoi": 3.0}, 5)
    assert found[0] == ("s2", 4.0)
    # Only the two newest postings of "e:putin" are read: s1 is not proposed by it.
    assert "s1" not in dict(index.query({"e:putin": 1.0}, 5))
    index.remove("s2")
    assert "s2" not in dict(index.query({"e:hanoi": 1.0}, 5))
    assert len(index) == 2


def test_candidate_index_unites_both_indexes() -> None:
    index = CandidateIndex(512, backend="exact", neighbours=1, key_candidates=1)
    index.add("near", unit((0, 1.0)), ["t:quake"])
    index.add("shared", unit((5, 1.0)), ["e:hualien"])
    assert index.query(unit((0, 1.0)), {"e:hualien": 2.0}) == ["near", "shared"]
    index.remove("near")
    assert "near" not in index and len(index) == 1
