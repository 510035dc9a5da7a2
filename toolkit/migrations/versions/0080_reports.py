"""Reports: the report's narrative and chosen quotes, "You said, we did" commitments, their updates
published versions, and the email addresses of people who asked to hear the outcome

Revision ID: 0080
Revises: 0030
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0080"
down_revision = "0030"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_narrative",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("recommendations", sa.Text(), nullable=False),
        sa.Column("next_steps", sa.Text(), nullable=False),
        sa.Column("evaluation", sa.JSON(), server_default=sa.text("'{}'"), nullable=False),
        sa.Column("quote_keys", sa.JSON(), server_default=sa.text("'[]'"), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagement.id"],
            name=op.f("fk_report_narrative_engagement_id_engagement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"], ["staff_user.id"], name=op.f("fk_report_narrative_updated_by_staff_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_narrative")),
        sa.UniqueConstraint("engagement_id", name=op.f("uq_report_narrative_engagement_id")),
    )
    op.create_table(
        "commitment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("theme_ids", sa.JSON(), server_default=sa.text("'[]'"), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["staff_user.id"], name=op.f("fk_commitment_created_by_staff_user")),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagement.id"],
            name=op.f("fk_commitment_engagement_id_engagement"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitment")),
    )
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_commitment_engagement_id"), ["engagement_id"], unique=False)
    op.create_table(
        "commitment_update",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitment.id"],
            name=op.f("fk_commitment_update_commitment_id_commitment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["staff_user.id"], name=op.f("fk_commitment_update_created_by_staff_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitment_update")),
    )
    with op.batch_alter_table("commitment_update", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_commitment_update_commitment_id"), ["commitment_id"], unique=False)
    op.create_table(
        "feedback_publication",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("change_note", sa.Text(), nullable=False),
        sa.Column("published_by", sa.Integer(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagement.id"],
            name=op.f("fk_feedback_publication_engagement_id_engagement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["published_by"], ["staff_user.id"], name=op.f("fk_feedback_publication_published_by_staff_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_publication")),
        sa.UniqueConstraint("engagement_id", "version", name=op.f("uq_feedback_publication_engagement_id")),
    )
    with op.batch_alter_table("feedback_publication", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_publication_engagement_id"), ["engagement_id"], unique=False)
    op.create_table(
        "outcome_subscription",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagement.id"],
            name=op.f("fk_outcome_subscription_engagement_id_engagement"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outcome_subscription")),
        sa.UniqueConstraint("engagement_id", "email", name=op.f("uq_outcome_subscription_engagement_id")),
    )


def downgrade() -> None:
    op.drop_table("outcome_subscription")
    op.drop_table("feedback_publication")
    op.drop_table("commitment_update")
    op.drop_table("commitment")
    op.drop_table("report_narrative")
