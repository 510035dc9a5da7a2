"""The equality tallies also count, per survey, channel and day, the people who gave any equality
answer (field `_answered`): the engagement report's "people who answered the equality questions"
tables are summed from them instead of reading every response's answers. Counted again from the
stored answers through surveys.equality.tally_repository.rebuild, the code the app keeps them with
(about 15 s at a million responses here, on either engine). Nothing else reads the new rows.

Revision ID: 0250
Revises: 0240
"""

from __future__ import annotations

from alembic import op

revision = "0250"
down_revision = "0240"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from surveys.equality import tally_repository

    tally_repository.rebuild(op.get_bind())


def downgrade() -> None:
    """The extra rows are harmless to the code before this revision (it reads only its fields)."""
