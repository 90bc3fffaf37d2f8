"""Turn articles into provenance-carrying facts: entities, quotes, numbers, dates, events.

One spaCy pipeline per language (``pipeline``) with everyside's components, each adding
one annotation: ``entities`` (+ alias tables), ``quotes/`` (quotes and speakers),
``numbers``, ``dates``, ``cameo/`` (CAMEO events coded in one article), and
``paragraphs`` (sentence starts at paragraph breaks). Records in, ``ArticleAnalysis`` out.

A stage: may import ``everyside.model``, ``settings``, ``parallel``, ``errors`` and its
own data; never the store, ``jobs``, the interfaces, ``evaluate`` or ``training``
(``make lint`` checks it).
"""
