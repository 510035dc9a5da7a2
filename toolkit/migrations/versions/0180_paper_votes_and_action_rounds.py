"""Paper dots and actions from a vote round.

`workshop_ballot.paper`: dots a facilitator entered for people without phones, counted in the tally
and shown apart. `workshop_action.vote_round_id`: the vote round an action came from (optional; set
to null when the round goes).

Revision ID: 0180
Revises: 0190
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0180"
down_revision = "0190"
branch_labels = None
depends_on = None

FOREIGN_KEY = "fk_workshop_action_vote_round_id_workshop_vote_round"


# Batch mode (a table copy on SQLite) is safe for these two tables: no other table refers to them.
def upgrade() -> None:
    with op.batch_alter_table("workshop_ballot") as batch:
        batch.add_column(sa.Column("paper", sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table("workshop_action") as batch:
        batch.add_column(sa.Column("vote_round_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(FOREIGN_KEY, "workshop_vote_round", ["vote_round_id"], ["id"], ondelete="SET NULL")


def downgrade() -> None:
    with op.batch_alter_table("workshop_action") as batch:
        batch.drop_constraint(FOREIGN_KEY, type_="foreignkey")
        batch.drop_column("vote_round_id")
    with op.batch_alter_table("workshop_ballot") as batch:
        batch.drop_column("paper")
