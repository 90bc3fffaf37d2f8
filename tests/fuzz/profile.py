"""The Hypothesis budgets of the fuzz tests: ``fast`` in ``make test``, ``long`` in ``make fuzz``.

``EVERYSIDE_FUZZ=long`` (set by ``make fuzz``) selects the long one; anything else, or
nothing, the fast one. Each test takes ``@fuzz`` (or ``@fuzz_slow`` for the few whose
examples cost a parse by a language pipeline or a store write) instead of its own
settings, so one variable changes every budget. The fast profile is derandomized: the
same examples on every run, so ``make test`` is repeatable; the long one explores, and
keeps what failed in .pytest_cache (ignored by git) to try first next time.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis.database import DirectoryBasedExampleDatabase

FUZZ_ENV = "EVERYSIDE_FUZZ"
LONG = os.environ.get(FUZZ_ENV, "fast") == "long"
# Seconds one example may take before the "bounded time" invariant fails: far above what
# an example needs (the first HTML page pays for htmldate compiling dateparser's patterns
# of every locale, some 20 s on a busy machine), far below what a bomb would take. The
# hostile-corpus tests (tests/ingest/test_hostile.py) time the large inputs closely.
EXAMPLE_SECONDS = 60.0

_COMMON = {
    "deadline": None,  # timing is checked by each test against EXAMPLE_SECONDS instead
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    "print_blob": True,
}
if LONG:
    fuzz = settings(
        max_examples=2_000,
        database=DirectoryBasedExampleDatabase(".pytest_cache/hypothesis"),
        **_COMMON,
    )
    fuzz_slow = settings(fuzz, max_examples=300)
else:
    fuzz = settings(max_examples=30, derandomize=True, database=None, **_COMMON)
    fuzz_slow = settings(fuzz, max_examples=8)
