"""stories: coverage columns (outlets, languages, score, ranked with recency) and their indexes

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24 10:00:00

Existing stories are filled as ``store.stories.save_story`` fills new ones: each
summary gains its outlets' countries from the outlets table, and the row its counts,
coverage score and rank. The formulas are written out here, as they stood at this
revision, so that a later change to them does not change what this migration did.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# Stories read and rewritten per batch: memory stays flat on a store of a million stories.
BATCH = 1000
HALF_LIFE_DAYS = 2.0
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _coverage(summary: dict[str, Any], countries: dict[str, str]) -> tuple[dict[str, Any], float]:
    outlets = list(summary.get("outlets", []))
    pairs = {outlet: countries[outlet] for outlet in outlets if countries.get(outlet)}
    languages = len(summary.get("languages", []))
    distinct = len(set(pairs.values()))
    score = float(len(outlets) + max(languages - 1, 0) + max(distinct - 1, 0))
    return {**summary, "outlet_countries": pairs}, score


def _rank(score: float, last_seen: datetime | str | None) -> float:
    if isinstance(last_seen, str):
        last_seen = datetime.fromisoformat(last_seen)
    days = 0.0
    if last_seen is not None:
        moment = last_seen.replace(tzinfo=UTC) if last_seen.tzinfo is None else last_seen
        days = (moment - EPOCH).total_seconds() / 86400
    return math.log2(max(score, 1.0)) + days / HALF_LIFE_DAYS


def _fill() -> None:
    bind = op.get_bind()
    stories = sa.table(
        "stories",
        sa.column("id", sa.String),
        sa.column("last_seen", sa.DateTime(timezone=True)),
        sa.column("summary", sa.JSON),
        sa.column("outlet_count", sa.Integer),
        sa.column("language_count", sa.Integer),
        sa.column("coverage", sa.Float),
        sa.column("coverage_rank", sa.Float),
    )
    outlets = sa.table("outlets", sa.column("name", sa.Text), sa.column("country", sa.String))
    countries = {
        name: country
        for name, country in bind.execute(sa.select(outlets.c.name, outlets.c.country))
        if country
    }
    update = (
        sa.update(stories)
        .where(stories.c.id == sa.bindparam("key"))
        .values(
            summary=sa.bindparam("new_summary", type_=sa.JSON),
            outlet_count=sa.bindparam("outlets"),
            language_count=sa.bindparam("languages"),
            coverage=sa.bindparam("score"),
            coverage_rank=sa.bindparam("rank"),
        )
    )
    after = ""
    while True:
        rows = bind.execute(
            sa.select(stories.c.id, stories.c.last_seen, stories.c.summary)
            .where(stories.c.id > after)
            .order_by(stories.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        changes = []
        for story_id, last_seen, summary in rows:
            filled, score = _coverage(summary or {}, countries)
            changes.append(
                {
                    "key": story_id,
                    "new_summary": filled if summary else summary,
                    "outlets": len(filled.get("outlets", [])),
                    "languages": len(filled.get("languages", [])),
                    "score": score,
                    "rank": _rank(score, last_seen),
                }
            )
        bind.execute(update, changes)
        after = rows[-1][0]


def upgrade() -> None:
    with op.batch_alter_table("stories", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("outlet_count", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(
            sa.Column("language_count", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("coverage", sa.Float(), server_default="0", nullable=False))
        batch_op.add_column(
            sa.Column("coverage_rank", sa.Float(), server_default="0", nullable=False)
        )
    _fill()
    nulls = " NULLS LAST" if op.get_bind().dialect.name == "postgresql" else ""
    op.create_index("ix_stories_coverage_rank", "stories", [sa.text("coverage_rank DESC"), "id"])
    op.create_index(
        "ix_stories_widest",
        "stories",
        [sa.text("coverage DESC"), sa.text(f"last_seen DESC{nulls}"), "id"],
    )


def downgrade() -> None:
    op.drop_index("ix_stories_widest", table_name="stories")
    op.drop_index("ix_stories_coverage_rank", table_name="stories")
    with op.batch_alter_table("stories", schema=None) as batch_op:
        batch_op.drop_column("coverage_rank")
        batch_op.drop_column("coverage")
        batch_op.drop_column("language_count")
        batch_op.drop_column("outlet_count")
