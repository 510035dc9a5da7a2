"""Staff chart SVGs kept in the database, so every app instance can serve a chart another drew.

Revision ID: 0150
Revises: 0090
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0150"
down_revision = "0090"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "chart_file",
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("svg", sa.LargeBinary(), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("digest", name=op.f("pk_chart_file")),
    )
    with op.batch_alter_table("chart_file", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_chart_file_used_at"), ["used_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("chart_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_chart_file_used_at"))
    op.drop_table("chart_file")
