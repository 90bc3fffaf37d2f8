"""Story clustering: group articles that report the same real-world event.

``extract_features`` turns an article and its analysis into :class:`ArticleFeatures`;
:class:`StoryClusterer` assigns articles to stories as they arrive; ``rebuild``
re-clusters everything in batch; ``summarize_story`` describes a story. See
docs/clustering.md.

A stage: may import ``everyside.model``, ``parallel``, ``errors`` and its own data (the
learned weights); never the store, ``jobs``, the interfaces, ``evaluate`` or
``training`` (``make lint`` checks it).
"""

from __future__ import annotations

from everyside.cluster.batch import Rebuild, rebuild
from everyside.cluster.features import DocumentFrequencies, extract_features
from everyside.cluster.options import ClusterOptions
from everyside.cluster.profile import StoryProfile
from everyside.cluster.scoring import ModelFileError, PairModel, load_model
from everyside.cluster.stream import Assignment, StoryClusterer, arrival_order, story_id_for
from everyside.cluster.summary import summarize_story
from everyside.model import ArticleFeatures, ChangeKind, StoryChange, StorySummary

__all__ = [
    "ArticleFeatures",
    "Assignment",
    "ChangeKind",
    "ClusterOptions",
    "DocumentFrequencies",
    "ModelFileError",
    "PairModel",
    "Rebuild",
    "StoryChange",
    "StoryClusterer",
    "StoryProfile",
    "StorySummary",
    "arrival_order",
    "extract_features",
    "load_model",
    "rebuild",
    "story_id_for",
    "summarize_story",
]
