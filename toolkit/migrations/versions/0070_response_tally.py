"""Response tallies: per version, day, channel and language, what the results page sums; counted from every stored response

Revision ID: 0070
Revises: 0080

The backfill counts through surveys.results.tally_repository.rebuild, the same code the app keeps
the tallies with, so the two cannot disagree. About a minute per million responses.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0070"
down_revision = "0080"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "response_tally",
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("channel_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["channel_id"], ["channel.id"], name=op.f("fk_response_tally_channel_id_channel"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["survey_id"], ["survey.id"], name=op.f("fk_response_tally_survey_id_survey"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["survey_version.id"],
            name=op.f("fk_response_tally_version_id_survey_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "survey_id",
            "day",
            "channel_id",
            "language",
            "version_id",
            "question_id",
            "kind",
            "value",
            name=op.f("pk_response_tally"),
        ),
    )
    from surveys.results import tally_repository

    tally_repository.rebuild(op.get_bind())


def downgrade() -> None:
    op.drop_table("response_tally")
