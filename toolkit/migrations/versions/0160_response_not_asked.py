"""Responses keep the questions routing skipped, so results show "not asked" apart from "did not answer".

Nullable and empty for the responses already stored: who was not asked was not recorded then, so
they stay counted as "did not answer", as before.

Revision ID: 0160
Revises: 0091 (main's head when rebased; the brief named 0150)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0160"
down_revision = "0091"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.add_column(sa.Column("not_asked", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.drop_column("not_asked")
