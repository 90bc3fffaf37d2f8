"""Where articles, analyses, stories and events live: SQLite or PostgreSQL via SQLAlchemy.

Tables (``models``), migrations (Alembic), dialect adapters (full-text search), and
repository functions that write and read the records of ``everyside.model``.

May import only ``everyside.model`` (and ``settings``, ``errors``): importing the store
loads no stage and no NLP model (``make lint`` and tests/store check it).
"""
