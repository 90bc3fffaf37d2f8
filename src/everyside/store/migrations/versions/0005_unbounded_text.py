"""unbounded text: names, bylines, places and entity ids become TEXT

SQLite never enforced VARCHAR lengths, so what it stored may be longer than they
say; PostgreSQL enforces them and would refuse such values (and a copy of such a
store). On PostgreSQL the columns become TEXT, which costs no table rewrite; on
SQLite there is nothing to change.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# (table, column, the length it had)
COLUMNS = (
    ("outlets", "name", 200),
    ("outlets", "domain", 255),
    ("articles", "place", 200),
    ("articles", "author", 500),
    ("entities", "id", 200),
    ("entities", "name", 300),
    ("mentions", "entity_id", 200),
    ("quotes", "speaker_entity_id", 200),
    ("quotes", "cue", 100),
    ("quotes", "medium", 200),
    ("claims", "unit", 64),
    ("claims", "time_text", 100),
    ("events", "source_entity_id", 200),
    ("events", "target_entity_id", 200),
    ("events", "location", 200),
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, column, length in COLUMNS:
        op.alter_column(table, column, type_=sa.Text(), existing_type=sa.String(length))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, column, length in reversed(COLUMNS):
        op.alter_column(table, column, type_=sa.String(length), existing_type=sa.Text())
