"""The representativeness page's published tables, kept per survey with the digest of what they
were worked out from, so every app process shows them without auditing again.

Revision ID: 0230
Revises: 0220
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0230"
down_revision = "0220"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "equality_published",
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("tables", sa.JSON(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["survey_id"], ["survey.id"], name=op.f("fk_equality_published_survey_id_survey"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("survey_id", name=op.f("pk_equality_published")),
    )


def downgrade() -> None:
    op.drop_table("equality_published")
