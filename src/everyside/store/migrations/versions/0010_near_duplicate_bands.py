"""near_duplicate_bands: the LSH band keys of stored MinHash signatures, and their layouts

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 15:00:00

Both tables start empty: the first ingest that finds near duplicates fills the bands of
every stored signature for its layout (``jobs.ingest``), since computing them is the
ingest stage's business, not the store's.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "near_duplicate_bands",
        sa.Column("band", sa.SmallInteger(), nullable=False),
        sa.Column("hash", sa.BigInteger(), nullable=False),
        sa.Column("article_id", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"]),
        sa.PrimaryKeyConstraint("band", "hash", "article_id"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "near_duplicate_layouts",
        sa.Column("width", sa.SmallInteger(), nullable=False),
        sa.Column("bands", sa.SmallInteger(), nullable=False),
        sa.PrimaryKeyConstraint("width"),
    )


def downgrade() -> None:
    op.drop_table("near_duplicate_layouts")
    op.drop_table("near_duplicate_bands")
