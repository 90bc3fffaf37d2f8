"""article_features.embedding: the sentence embedding as float32 bytes, out of the JSON

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 18:40:00

Measured with ``benchmarks.scale`` (issue 23): clustering features took ~10 kB an
article, mostly the 512 floats of the embedding written as JSON text. They move here into
a binary column (little-endian float32, 2,048 bytes), a batch of rows at a time so a big
store is never read at once. The JSON had rounded them to 6 decimals; the bytes hold
those values, and new features keep exactly what was computed. A downgrade writes each
float's shortest decimal that reads back as the same float32.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

# store.stories.EMBEDDING_DTYPE at this revision: a migration keeps its own copy.
_DTYPE = np.dtype("<f4")
_BATCH = 1000

_features = sa.table(
    "article_features",
    sa.column("article_id", sa.String),
    sa.column("data", sa.JSON),
    sa.column("embedding", sa.LargeBinary),
)


_Convert = Callable[[str, dict[str, Any], bytes | None], dict[str, Any]]


def _rewrite(convert: _Convert) -> None:
    """Each row's (data, embedding) replaced by ``convert``'s, in key order, a batch at a time."""
    connection = op.get_bind()
    key = _features.c.article_id
    page = sa.select(key, _features.c.data, _features.c.embedding).order_by(key).limit(_BATCH)
    update = (
        sa.update(_features)
        .where(key == sa.bindparam("key"))
        .values(data=sa.bindparam("new_data"), embedding=sa.bindparam("new_embedding"))
    )
    last = ""
    while batch := connection.execute(page.where(key > last)).all():
        last = batch[-1][0]
        connection.execute(
            update, [convert(article_id, data, blob) for article_id, data, blob in batch]
        )


def _to_bytes(article_id: str, data: dict[str, Any], blob: bytes | None) -> dict[str, Any]:
    kept = {k: v for k, v in data.items() if k != "embedding"}
    vector = data.get("embedding")
    new = None if vector is None else np.asarray(vector, _DTYPE).tobytes()
    return {"key": article_id, "new_data": kept, "new_embedding": new}


def _to_json(article_id: str, data: dict[str, Any], blob: bytes | None) -> dict[str, Any]:
    # Each float's shortest decimal that reads back as the same float32 (as_dict's form).
    if blob is not None:
        data = {**data, "embedding": [float(str(x)) for x in np.frombuffer(blob, _DTYPE)]}
    return {"key": article_id, "new_data": data, "new_embedding": None}


def upgrade() -> None:
    op.add_column("article_features", sa.Column("embedding", sa.LargeBinary(), nullable=True))
    _rewrite(_to_bytes)


def downgrade() -> None:
    _rewrite(_to_json)
    with op.batch_alter_table("article_features", schema=None) as batch_op:
        batch_op.drop_column("embedding")
