"""A workshop session remembers the last equality answer its tables showed before staff reopened
it (`equality_shown_through`), so answers given after a reopening count only once there are at
least the minimum base of them (`workshops.equality.counted`): one late form would otherwise move
the tables by one person when the session closed again, showing which groups that person is in.

Nullable: sessions already stored have never been reopened under this rule, so every answer counts.

Revision ID: 0260
Revises: 0250
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0260"
down_revision = "0250"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workshop_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("equality_shown_through", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("workshop_session", schema=None) as batch_op:
        batch_op.drop_column("equality_shown_through")
