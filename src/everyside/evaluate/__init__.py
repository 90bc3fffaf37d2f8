"""Measure everyside's extractors, clusterer and comparison against gold data.

The ``everyside eval`` scorers. Outside the runtime path: may import the jobs and the
stages; nothing at run time imports it (only the CLI's ``eval`` command group).
"""
