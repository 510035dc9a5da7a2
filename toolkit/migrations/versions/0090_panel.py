"""The citizens' panel: panels, recruitment channels, members, their contact details (one
table, deleted on leaving), equality profiles and the append-only consent record

Revision ID: 0090
Revises: 0020
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0090"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "panel",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("area_codes", sa.JSON(), server_default=sa.text("'[]'"), nullable=False),
        sa.Column("base", sa.String(length=10), server_default="16+", nullable=False),
        sa.Column("suppression_threshold", sa.Integer(), server_default="5", nullable=False),
        sa.Column("renewal_months", sa.Integer(), server_default="12", nullable=False),
        sa.Column("renewal_reminder_days", sa.Integer(), server_default="14", nullable=False),
        sa.Column("renewal_reminders", sa.Integer(), server_default="2", nullable=False),
        sa.Column("rest_days", sa.Integer(), server_default="90", nullable=False),
        sa.Column("consent_version", sa.String(length=20), server_default="2026-1", nullable=False),
        sa.Column("open_to_join", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["staff_user.id"], name=op.f("fk_panel_created_by_staff_user")),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"], name=op.f("fk_panel_team_id_team"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_panel")),
        sa.UniqueConstraint("slug", name=op.f("uq_panel_slug")),
    )
    with op.batch_alter_table("panel", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_panel_team_id"), ["team_id"], unique=False)

    op.create_table(
        "panel_profile",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("panel_id", sa.Integer(), nullable=False),
        sa.Column("answers", sa.JSON(), server_default=sa.text("'{}'"), nullable=False),
        sa.Column("postcode_district", sa.String(length=8), nullable=True),
        sa.Column("local_authority", sa.String(length=9), nullable=True),
        sa.Column("icb", sa.String(length=9), nullable=True),
        sa.Column("record_key", sa.Integer(), nullable=False),
        sa.Column("may_prefill", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.ForeignKeyConstraint(
            ["panel_id"], ["panel.id"], name=op.f("fk_panel_profile_panel_id_panel"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_panel_profile")),
    )
    with op.batch_alter_table("panel_profile", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_panel_profile_panel_id"), ["panel_id"], unique=False)

    op.create_table(
        "panel_recruitment_channel",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("panel_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["panel_id"], ["panel.id"], name=op.f("fk_panel_recruitment_channel_panel_id_panel"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_panel_recruitment_channel")),
        sa.UniqueConstraint("code", name=op.f("uq_panel_recruitment_channel_code")),
    )
    with op.batch_alter_table("panel_recruitment_channel", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_panel_recruitment_channel_panel_id"), ["panel_id"], unique=False)

    op.create_table(
        "panel_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("panel_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("paused_until", sa.Date(), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("left_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("left_reason", sa.String(length=30), nullable=True),
        sa.Column("last_invited_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("recruitment_channel_id", sa.Integer(), nullable=True),
        sa.Column("contact_method", sa.String(length=10), nullable=False),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.Column("format", sa.String(length=20), nullable=False),
        sa.Column("consent_version", sa.String(length=20), nullable=False),
        sa.Column("consented_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("renewal_due", sa.Date(), nullable=True),
        sa.Column("renewal_asked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("renewal_reminders_sent", sa.Integer(), server_default="0", nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=True),
        sa.Column("confirm_token_hash", sa.String(length=64), nullable=True),
        sa.Column("confirm_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("profile_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["panel_id"], ["panel.id"], name=op.f("fk_panel_member_panel_id_panel"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["panel_profile.id"],
            name=op.f("fk_panel_member_profile_id_panel_profile"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["recruitment_channel_id"],
            ["panel_recruitment_channel.id"],
            name=op.f("fk_panel_member_recruitment_channel_id_panel_recruitment_channel"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_panel_member")),
        sa.UniqueConstraint("confirm_token_hash", name=op.f("uq_panel_member_confirm_token_hash")),
        sa.UniqueConstraint("profile_id", name=op.f("uq_panel_member_profile_id")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_panel_member_token_hash")),
    )
    with op.batch_alter_table("panel_member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_panel_member_panel_id"), ["panel_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_panel_member_recruitment_channel_id"), ["recruitment_channel_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_panel_member_renewal_due"), ["renewal_due"], unique=False)
        batch_op.create_index(batch_op.f("ix_panel_member_status"), ["status"], unique=False)

    op.create_table(
        "panel_consent_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("panel_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("wording_version", sa.String(length=20), nullable=False),
        sa.Column("via", sa.String(length=10), nullable=False),
        sa.Column("staff_user_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["panel_member.id"],
            name=op.f("fk_panel_consent_event_member_id_panel_member"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["panel_id"], ["panel.id"], name=op.f("fk_panel_consent_event_panel_id_panel"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["staff_user_id"], ["staff_user.id"], name=op.f("fk_panel_consent_event_staff_user_id_staff_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_panel_consent_event")),
    )
    with op.batch_alter_table("panel_consent_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_panel_consent_event_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_panel_consent_event_panel_id"), ["panel_id"], unique=False)

    op.create_table(
        "panel_contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("panel_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("postcode", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["panel_member.id"], name=op.f("fk_panel_contact_member_id_panel_member"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["panel_id"], ["panel.id"], name=op.f("fk_panel_contact_panel_id_panel"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_panel_contact")),
        sa.UniqueConstraint("member_id", name=op.f("uq_panel_contact_member_id")),
        sa.UniqueConstraint("panel_id", "email", name="uq_panel_contact_email"),
        sa.UniqueConstraint("panel_id", "phone", name="uq_panel_contact_phone"),
    )
    with op.batch_alter_table("panel_contact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_panel_contact_panel_id"), ["panel_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("panel_contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_panel_contact_panel_id"))

    op.drop_table("panel_contact")
    with op.batch_alter_table("panel_consent_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_panel_consent_event_panel_id"))
        batch_op.drop_index(batch_op.f("ix_panel_consent_event_member_id"))

    op.drop_table("panel_consent_event")
    with op.batch_alter_table("panel_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_panel_member_status"))
        batch_op.drop_index(batch_op.f("ix_panel_member_renewal_due"))
        batch_op.drop_index(batch_op.f("ix_panel_member_recruitment_channel_id"))
        batch_op.drop_index(batch_op.f("ix_panel_member_panel_id"))

    op.drop_table("panel_member")
    with op.batch_alter_table("panel_recruitment_channel", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_panel_recruitment_channel_panel_id"))

    op.drop_table("panel_recruitment_channel")
    with op.batch_alter_table("panel_profile", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_panel_profile_panel_id"))

    op.drop_table("panel_profile")
    with op.batch_alter_table("panel", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_panel_team_id"))

    op.drop_table("panel")
