"""Events across articles: one real-world event from many reports, and the actor network.

Events coded in one article come from ``analyze.cameo``; this package merges their
reports across articles (``coref``), draws the actor network and exports GDELT rows.

A stage: may import ``everyside.model`` and ``analyze.cameo``'s tables; never the store,
``jobs``, the interfaces, ``evaluate`` or ``training`` (``make lint`` checks it). Other
stages use it through this package: ``merge_reports``.
"""

from everyside.events.coref import merge_reports

__all__ = ["merge_reports"]
