"""Work on batches in worker processes, results in order: what analysis and clustering share."""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

_Batch = TypeVar("_Batch")
_Result = TypeVar("_Result")


def map_batches(
    work: Callable[[_Batch], _Result], batches: Iterable[_Batch], processes: int = 1
) -> Iterator[_Result]:
    """``work`` applied to each batch, in order: here, or in ``processes`` spawned workers.

    ``work`` must be picklable (a module-level function, or a ``functools.partial`` of
    one); each worker keeps whatever ``work`` caches (pipelines, models) between batches.
    """
    if processes < 1:
        raise ValueError("processes must be at least 1")
    if processes == 1:
        yield from (work(batch) for batch in batches)
        return
    # Spawned, not forked: the caller may hold threads (a progress bar) and store
    # connections that a forked child must not inherit.
    pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn"))
    try:
        # A bounded window of batches in flight keeps every worker busy while memory
        # stays flat, however many batches the iterable holds.
        running: deque[Future[_Result]] = deque()
        for batch in batches:
            running.append(pool.submit(work, batch))
            if len(running) >= 2 * processes:
                yield running.popleft().result()
        while running:
            yield running.popleft().result()
    finally:  # a consumer that stops early (or an error) does not wait for queued batches
        pool.shutdown(cancel_futures=True)
