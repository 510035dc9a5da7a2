"""Jobs on the queue with their progress; when an outbox message was claimed for sending; staff can opt out of
notification emails; a survey can have a response target.

Revision ID: 0050
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0050"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("started_by", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("step", sa.String(length=200), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("result_path", sa.String(length=300), nullable=True),
        sa.Column("result_name", sa.String(length=200), nullable=True),
        sa.Column("result_mimetype", sa.String(length=100), nullable=True),
        sa.Column("back_url", sa.String(length=300), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["started_by"], ["staff_user.id"], name=op.f("fk_job_started_by_staff_user"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job")),
    )
    op.create_index("ix_job_started_by_created_at", "job", ["started_by", "created_at"], unique=False)
    op.create_index("ix_job_status_heartbeat_at", "job", ["status", "heartbeat_at"], unique=False)
    # Plain ALTER TABLE on both engines, never SQLite's batch table copy: copying `survey` would
    # rewrite its foreign keys (0030's engagement_id) as table constraints its downgrade cannot drop.
    op.add_column("outbox_message", sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("staff_user", sa.Column("notify_by_email", sa.Boolean(), nullable=False, server_default=sa.true()))
    op.add_column("survey", sa.Column("response_target", sa.Integer(), nullable=True))


def downgrade() -> None:
    for table, column in (("survey", "response_target"), ("staff_user", "notify_by_email"), ("outbox_message", "claimed_at")):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    op.drop_index("ix_job_status_heartbeat_at", table_name="job")
    op.drop_index("ix_job_started_by_created_at", table_name="job")
    op.drop_table("job")
