"""A survey's seldom-heard groups to put first on its representativeness dashboard.

Nullable: surveys already set up have named none, and their dashboards stay as they were.

Revision ID: 0210
Revises: 0180
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0210"
down_revision = "0180"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("survey_population", schema=None) as batch_op:
        batch_op.add_column(sa.Column("priority_groups", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("survey_population", schema=None) as batch_op:
        batch_op.drop_column("priority_groups")
