"""entity_name_words: entities found by the words of their names

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 18:00:00

Measured with ``python -m benchmarks.scale`` (issue 23): after 0013, quotes of a speaker
still matched ``%name%`` against every entity's name (26,000 entities at 15,000 generated
articles, about 20 ms, growing with the store). The words of each name are split here
once, as ``store.analysis.name_words`` splits them.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# store.analysis.name_words at this revision: a migration keeps its own copy.
_WORD = re.compile(r"\w+")
_BATCH = 5000


def upgrade() -> None:
    words = op.create_table(
        "entity_name_words",
        sa.Column(
            "word",
            sa.Text().with_variant(sa.Text(collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("entity_id", sa.Text(), sa.ForeignKey("entities.id"), nullable=False),
        sa.PrimaryKeyConstraint("word", "entity_id"),
        sqlite_with_rowid=False,
    )
    connection = op.get_bind()
    page = sa.text("SELECT id, name FROM entities WHERE id > :last ORDER BY id LIMIT :batch")
    last = ""
    while batch := connection.execute(page, {"last": last, "batch": _BATCH}).all():
        last = batch[-1][0]
        rows = [
            {"word": word, "entity_id": entity_id}
            for entity_id, name in batch
            for word in set(_WORD.findall(name.lower()))
        ]
        if rows:
            connection.execute(sa.insert(words), rows)


def downgrade() -> None:
    op.drop_table("entity_name_words")
