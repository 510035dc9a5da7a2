"""Workshop sessions have a finish time and a closed state, so participants' pages stop taking
answers: closed by staff, or a day after the session ends (`workshops.closing`).

All nullable: sessions already stored have no finish time and are not marked closed; a session
that ended more than a day ago is still closed when its pages are read, and the hourly check
marks it.

Revision ID: 0190
Revises: 0160
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0190"
down_revision = "0160"
branch_labels = None
depends_on = None

COLUMNS = ("ends_at", "closed_at", "reopened_at")


def upgrade() -> None:
    with op.batch_alter_table("workshop_session", schema=None) as batch_op:
        for name in COLUMNS:
            batch_op.add_column(sa.Column(name, sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("workshop_session", schema=None) as batch_op:
        for name in reversed(COLUMNS):
            batch_op.drop_column(name)
