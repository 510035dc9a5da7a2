"""Workshops: anonymous equality answers collected at a session, kept apart from everything else

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 08:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workshop_equality_response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["workshop_session.id"],
            name=op.f("fk_workshop_equality_response_session_id_workshop_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshop_equality_response")),
    )
    with op.batch_alter_table("workshop_equality_response", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_workshop_equality_response_session_id"), ["session_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("workshop_equality_response", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workshop_equality_response_session_id"))
    op.drop_table("workshop_equality_response")
