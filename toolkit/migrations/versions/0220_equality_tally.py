"""Equality tallies: per survey, day and channel, how many responses gave each equality answer and
their record keys' sum, so the representativeness page sums a small table; counted from every
stored response.

Revision ID: 0220
Revises: 0210

The backfill counts through surveys.equality.tally_repository.rebuild, the same code the app
keeps the tallies with, so the two cannot disagree.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0220"
down_revision = "0210"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "equality_tally",
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("channel_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=120), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("key_sum", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["channel_id"], ["channel.id"], name=op.f("fk_equality_tally_channel_id_channel"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["survey_id"], ["survey.id"], name=op.f("fk_equality_tally_survey_id_survey"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("survey_id", "day", "channel_id", "field", "value", name=op.f("pk_equality_tally")),
    )
    from surveys.equality import tally_repository

    tally_repository.rebuild(op.get_bind())


def downgrade() -> None:
    op.drop_table("equality_tally")
