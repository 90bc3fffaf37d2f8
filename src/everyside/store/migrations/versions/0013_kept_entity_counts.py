"""entities: kept mention and article counts; quote_speaker_words: speakers by word

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 17:30:00

Measured with ``python -m benchmarks.scale`` (issue 23): the entity list counted every
mention of every entity of a kind, and quotes of a speaker matched ``%name%`` against
every quote. The counts are now kept on the entity row (counted here once), and a
speaker's words point at their quotes (split here once, as ``store.analysis`` splits them).
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

# store.analysis.speaker_words at this revision: a migration keeps its own copy.
_WORD = re.compile(r"\w+")
_BATCH = 5000


def upgrade() -> None:
    for column in ("mentions", "articles"):
        op.add_column(
            "entities", sa.Column(column, sa.Integer(), nullable=False, server_default="0")
        )
    op.execute(
        "UPDATE entities SET"
        " mentions = (SELECT count(*) FROM mentions WHERE mentions.entity_id = entities.id),"
        " articles = (SELECT count(DISTINCT article_id) FROM mentions"
        " WHERE mentions.entity_id = entities.id)"
    )
    op.create_index(
        "ix_entities_kind_articles",
        "entities",
        ["kind", sa.text("articles DESC"), "name", "id"],
    )
    op.create_index("ix_entities_articles", "entities", [sa.text("articles DESC"), "name", "id"])
    words = op.create_table(
        "quote_speaker_words",
        sa.Column(
            "word",
            sa.Text().with_variant(sa.Text(collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("quote_id", sa.Integer(), sa.ForeignKey("quotes.id"), nullable=False),
        sa.PrimaryKeyConstraint("word", "quote_id"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_quote_speaker_words_quote_id", "quote_speaker_words", ["quote_id"])
    connection = op.get_bind()
    page = sa.text(
        "SELECT id, speaker_text FROM quotes WHERE speaker_text IS NOT NULL AND id > :last"
        " ORDER BY id LIMIT :batch"
    )
    last = 0
    while batch := connection.execute(page, {"last": last, "batch": _BATCH}).all():
        last = batch[-1][0]
        rows = [
            {"word": word, "quote_id": quote_id}
            for quote_id, text in batch
            for word in set(_WORD.findall(text.lower()))
        ]
        if rows:
            connection.execute(sa.insert(words), rows)


def downgrade() -> None:
    op.drop_index("ix_quote_speaker_words_quote_id", table_name="quote_speaker_words")
    op.drop_table("quote_speaker_words")
    op.drop_index("ix_entities_articles", table_name="entities")
    op.drop_index("ix_entities_kind_articles", table_name="entities")
    op.drop_column("entities", "articles")
    op.drop_column("entities", "mentions")
