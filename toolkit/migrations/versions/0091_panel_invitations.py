"""Panel invitations: batches drawn for a survey and one invitation per member (never linked to a response)

Revision ID: 0091
Revises: 0100
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0091"
down_revision = "0100"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "panel_invitation_batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("panel_id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("requested", sa.Integer(), nullable=True),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("dimensions", sa.JSON(), server_default=sa.text("'[]'"), nullable=False),
        sa.Column("reminder_days", sa.JSON(), server_default=sa.text("'[]'"), nullable=False),
        sa.Column("summary", sa.JSON(), server_default=sa.text("'{}'"), nullable=False),
        sa.Column("status", sa.String(length=20), server_default="drawn", nullable=False),
        sa.Column("channel_id", sa.Integer(), nullable=True),
        sa.Column("job_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["panel_id"], ["panel.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["survey_id"], ["survey.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["channel_id"], ["channel.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["job_id"], ["job.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["created_by"], ["staff_user.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_panel_invitation_batch_panel_id", "panel_invitation_batch", ["panel_id"])
    op.create_index("ix_panel_invitation_batch_survey_id", "panel_invitation_batch", ["survey_id"])
    op.create_table(
        "panel_invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminders_sent", sa.Integer(), server_default="0", nullable=False),
        sa.Column("last_reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("responded", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.ForeignKeyConstraint(["batch_id"], ["panel_invitation_batch.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["member_id"], ["panel_member.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["survey_id"], ["survey.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("batch_id", "member_id", name="uq_panel_invitation_member"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index("ix_panel_invitation_batch_id", "panel_invitation", ["batch_id"])
    op.create_index("ix_panel_invitation_member_id", "panel_invitation", ["member_id"])
    op.create_index("ix_panel_invitation_survey_id", "panel_invitation", ["survey_id"])


def downgrade() -> None:
    op.drop_table("panel_invitation")
    op.drop_table("panel_invitation_batch")
