"""Measure everyside's extractors and clusterer against gold data: precision, recall, F1."""
