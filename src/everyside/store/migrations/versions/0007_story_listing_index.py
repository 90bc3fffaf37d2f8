"""stories: an index in listing order (most recent first, undated last)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 17:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # SQLite puts NULL last in a descending index already and rejects NULLS LAST there.
    nulls = " NULLS LAST" if op.get_bind().dialect.name == "postgresql" else ""
    op.create_index("ix_stories_recent", "stories", [sa.text(f"last_seen DESC{nulls}"), "id"])


def downgrade() -> None:
    op.drop_index("ix_stories_recent", table_name="stories")
