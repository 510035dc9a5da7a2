"""Jobs on the queue with their progress; when an outbox message was claimed for sending; staff can opt out of
notification emails; a survey can have a response target.

Revision ID: 0050
Revises: 0030
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0050"
down_revision = "0030"
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
    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.create_index("ix_job_started_by_created_at", ["started_by", "created_at"], unique=False)
        batch_op.create_index("ix_job_status_heartbeat_at", ["status", "heartbeat_at"], unique=False)
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notify_by_email", sa.Boolean(), nullable=False, server_default=sa.true()))
    with op.batch_alter_table("survey", schema=None) as batch_op:
        batch_op.add_column(sa.Column("response_target", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("survey", schema=None) as batch_op:
        batch_op.drop_column("response_target")
    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.drop_column("notify_by_email")
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_column("claimed_at")
    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.drop_index("ix_job_status_heartbeat_at")
        batch_op.drop_index("ix_job_started_by_created_at")
    op.drop_table("job")
