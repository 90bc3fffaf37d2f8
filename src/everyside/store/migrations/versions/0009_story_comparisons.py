"""story_comparisons: each story's comparison, kept until its stamp no longer matches

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 14:00:00

A cache: the table starts empty and each story's comparison is computed when first read.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "story_comparisons",
        sa.Column("story_id", sa.String(length=32), nullable=False),
        sa.Column("stamp", sa.String(length=64), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("story_id"),
    )


def downgrade() -> None:
    op.drop_table("story_comparisons")
