"""Benchmarks, kept outside the package; run them with ``make bench``."""
