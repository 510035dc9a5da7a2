"""A survey's earlier web addresses (each redirects to its current one) and its contact details
(email, phone, postal address, text relay), shown to respondents on the start, thank-you,
poster and paper pages.

Revision ID: 0110
Revises: 0150
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0110"
down_revision = "0150"
branch_labels = None
depends_on = None

CONTACTS = ("contact_email", "contact_phone", "contact_address", "contact_text_relay")


def upgrade() -> None:
    op.create_table(
        "survey_old_slug",
        sa.Column("slug", sa.String(60), primary_key=True),
        sa.Column("survey_id", sa.Integer(), sa.ForeignKey("survey.id", ondelete="CASCADE"), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_survey_old_slug_survey_id", "survey_old_slug", ["survey_id"])
    for name in CONTACTS:
        length = 500 if name == "contact_address" else 200
        op.add_column("survey", sa.Column(name, sa.String(length), nullable=False, server_default=""))


def downgrade() -> None:
    # Plain ALTER TABLE drops (as 0010 does): a batch copy would rewrite the survey table's foreign keys.
    for name in reversed(CONTACTS):
        op.drop_column("survey", name)
    op.drop_index("ix_survey_old_slug_survey_id", table_name="survey_old_slug")
    op.drop_table("survey_old_slug")
