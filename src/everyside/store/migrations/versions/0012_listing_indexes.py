"""articles and mentions: indexes for the newest-first article list and entity counts

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 16:00:00

Measured with ``python -m benchmarks.scale`` (issue 23): the article list sorted its whole
table for every page (its order begins with ``published_at IS NULL``, which no index had),
and counting an entity's articles read every mention row of it; the mention index now
holds the article too, so those counts read the index alone.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_articles_newest",
        "articles",
        [sa.text("(published_at IS NULL)"), sa.text("published_at DESC"), "ingested_at", "id"],
    )
    op.create_index("ix_mentions_entity_article", "mentions", ["entity_id", "article_id"])
    op.drop_index("ix_mentions_entity_id", table_name="mentions")


def downgrade() -> None:
    op.create_index("ix_mentions_entity_id", "mentions", ["entity_id"])
    op.drop_index("ix_mentions_entity_article", table_name="mentions")
    op.drop_index("ix_articles_newest", table_name="articles")
