"""document_frequencies: the term and entity counts over the articles in stories

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 15:30:00

The table starts empty, which says the counts were never kept: the next clustering run
counts them once from the stored features (``jobs.cluster``) and keeps them up to date.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_frequencies",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("df", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "key"),
    )


def downgrade() -> None:
    op.drop_table("document_frequencies")
