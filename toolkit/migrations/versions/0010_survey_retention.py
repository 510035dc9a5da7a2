"""Each survey may keep its responses for its own number of days (else RESPONSE_RETENTION_DAYS).

Revision ID: 0010
Revises: 0070
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0070"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("survey", sa.Column("retention_days", sa.Integer(), nullable=True))


def downgrade() -> None:
    # A plain ALTER TABLE (SQLite 3.35+ drops a column in place): a batch copy of the table would
    # rewrite its foreign keys, and 0030's own downgrade could then no longer drop engagement_id.
    op.drop_column("survey", "retention_days")
