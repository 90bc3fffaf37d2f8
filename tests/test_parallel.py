"""Batches in worker processes come back in order, as they would from one process."""

from __future__ import annotations

import pytest

from everyside.parallel import map_batches

BATCHES = [[1, 2], [3], [4, 5, 6], [], [7]]


@pytest.mark.parametrize("processes", [1, 2])
def test_results_come_back_in_batch_order(processes: int) -> None:
    assert list(map_batches(sum, BATCHES, processes)) == [3, 3, 15, 0, 7]


def test_at_least_one_process() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        list(map_batches(sum, BATCHES, 0))
