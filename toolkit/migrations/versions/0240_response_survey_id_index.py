"""An index on response (survey_id, id): reading a survey's responses a batch at a time in id order
(weighting, the equality rows) went through the (survey_id, submitted_at) index and sorted every
response of the survey for each batch, so a million responses took minutes instead of seconds.

Revision ID: 0240
Revises: 0230
"""

from __future__ import annotations

from alembic import op

revision = "0240"
down_revision = "0230"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_response_survey_id", "response", ["survey_id", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_response_survey_id", table_name="response")
