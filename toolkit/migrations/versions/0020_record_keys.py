"""Each stored set of equality answers gets a record key for cell-key perturbation.

A random number from 0 to 255, fixed once stored and never shown (toolkit.stats.disclosure).
Rows already stored get one now, from the database's random source.

Revision ID: 0020
Revises: 0040
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0040"
branch_labels = None
depends_on = None

TABLES = ("equality_response", "workshop_equality_response")


def _random_key() -> str:
    if op.get_bind().dialect.name == "postgresql":
        return "floor(random() * 256)::integer"
    return "abs(random()) % 256"  # SQLite: random() is a signed 64-bit integer


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("record_key", sa.Integer(), nullable=True))
        op.execute(f"UPDATE {table} SET record_key = {_random_key()}")  # noqa: S608 - fixed table names
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("record_key", existing_type=sa.Integer(), nullable=False)


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("record_key")
