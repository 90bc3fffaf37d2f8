"""events: coded actor-action-target events

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 14:55:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("source_actor", sa.String(length=32), nullable=True),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("target_actor", sa.String(length=32), nullable=True),
        sa.Column("cameo_code", sa.String(length=8), nullable=True),
        sa.Column("goldstein", sa.Float(), nullable=True),
        sa.Column("quad_class", sa.Integer(), nullable=True),
        sa.Column("plover", sa.String(length=32), nullable=True),
        sa.Column("source_entity_id", sa.String(length=200), nullable=True),
        sa.Column("target_entity_id", sa.String(length=200), nullable=True),
        sa.Column("action_start", sa.Integer(), nullable=True),
        sa.Column("action_end", sa.Integer(), nullable=True),
        sa.Column("mood", sa.String(length=16), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=True),
        sa.Column("occurred_on", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.String(length=16), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        for column in ("article_id", "source_actor", "target_actor", "cameo_code", "occurred_on"):
            batch_op.create_index(batch_op.f(f"ix_events_{column}"), [column], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        for column in ("article_id", "source_actor", "target_actor", "cameo_code", "occurred_on"):
            batch_op.drop_index(batch_op.f(f"ix_events_{column}"))
    op.drop_table("events")
