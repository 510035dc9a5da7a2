"""The citizens' panel: people who chose to be asked, how to reach them, and who they are.

Personal contact details live in ONE table, `panel_contact`: leaving (or being removed after a
consent renewal goes unanswered) deletes that row and the member's equality profile at once, so
what is left of a former member is an anonymous row (status, dates, recruitment channel) that
still counts towards the panel's figures. Tokens (the member page link, the confirmation link)
are stored only as SHA-256 hashes. Equality profiles are used only in aggregate, after disclosure
control (toolkit.stats.disclosure), outside the sampling itself.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column

from toolkit.db import Base
from toolkit.stats.disclosure import new_record_key
from toolkit.timeutil import utcnow


class Panel(Base):
    """One team's citizens' panel and its rules."""

    __tablename__ = "panel"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id", ondelete="SET NULL"), nullable=True, index=True)
    name: Mapped[str] = mapped_column(String(200))
    # The public join page is /panel/<slug>/join.
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    # One or more local authority codes (toolkit.population.list_areas): the panel's area.
    area_codes: Mapped[list[str]] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    # Which census population the panel is compared with: "16+", "18+" or "all".
    base: Mapped[str] = mapped_column(String(10), default="16+", server_default="16+")
    suppression_threshold: Mapped[int] = mapped_column(Integer, default=5, server_default="5")
    # Consent is renewed every `renewal_months`; unanswered renewals are reminded every
    # `renewal_reminder_days` up to `renewal_reminders` times, then the member is removed.
    renewal_months: Mapped[int] = mapped_column(Integer, default=12, server_default="12")
    renewal_reminder_days: Mapped[int] = mapped_column(Integer, default=14, server_default="14")
    renewal_reminders: Mapped[int] = mapped_column(Integer, default=2, server_default="2")
    # No member is invited again within this many days of their last invitation.
    rest_days: Mapped[int] = mapped_column(Integer, default=90, server_default="90")
    # The consent wording shown on the join page now (panel.model.CONSENT_WORDINGS).
    consent_version: Mapped[str] = mapped_column(String(20), default="2026-1", server_default="2026-1")
    open_to_join: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PanelRecruitmentChannel(Base):
    """Where people heard about the panel (a poster, a GP practice, a community group): the join
    link carries its code, so new members are attributed like survey channels."""

    __tablename__ = "panel_recruitment_channel"

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panel.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    code: Mapped[str] = mapped_column(String(20), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class PanelProfile(Base):
    """A member's optional equality answers (harmonised question id -> stored value, as
    toolkit.equality.answers_to_store) and where they live, coarsely. Deleted when they leave."""

    __tablename__ = "panel_profile"

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panel.id", ondelete="CASCADE"), index=True)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, server_default=text("'{}'"))
    postcode_district: Mapped[str | None] = mapped_column(String(8), nullable=True)
    local_authority: Mapped[str | None] = mapped_column(String(9), nullable=True)
    icb: Mapped[str | None] = mapped_column(String(9), nullable=True)
    # The cell-key method's record key (toolkit.stats.disclosure): fixed, never shown.
    record_key: Mapped[int] = mapped_column(Integer, default=new_record_key, nullable=False)
    # The member agreed that these answers may pre-fill a survey's equality section.
    may_prefill: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class PanelMember(Base):
    """A member of a panel. Holds no contact details (those are in `panel_contact`)."""

    __tablename__ = "panel_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panel.id", ondelete="CASCADE"), index=True)
    # panel.model.MemberStatus: pending (not yet confirmed), confirmed, left.
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    # A confirmed member may pause: not invited before this date.
    paused_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    # panel.model.JoinSource: online, paper, phone, import.
    source: Mapped[str] = mapped_column(String(20), default="online")
    joined_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    left_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # panel.model.LeaveReason once left: left, renewal_lapsed, removed_by_staff, never_confirmed.
    left_reason: Mapped[str | None] = mapped_column(String(30), nullable=True)
    # Set by invitations (panel-invites): the rest period counts from here.
    last_invited_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    recruitment_channel_id: Mapped[int | None] = mapped_column(
        ForeignKey("panel_recruitment_channel.id", ondelete="SET NULL"), nullable=True, index=True
    )
    # panel.model.ContactMethod: email, sms, post.
    contact_method: Mapped[str] = mapped_column(String(10), default="email")
    # A supported locale (toolkit.i18n), e.g. "en", "ur".
    language: Mapped[str] = mapped_column(String(10), default="en")
    # panel.model.Format: standard, large_print, easy_read.
    format: Mapped[str] = mapped_column(String(20), default="standard")
    consent_version: Mapped[str] = mapped_column(String(20))
    consented_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    renewal_due: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    # The "do you want to stay?" message: when first sent and how many reminders since.
    renewal_asked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    renewal_reminders_sent: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # SHA-256 of the member page token (the personal link); None once left.
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    # SHA-256 of the double opt-in confirmation token; None once confirmed.
    confirm_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    confirm_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    profile_id: Mapped[int | None] = mapped_column(
        ForeignKey("panel_profile.id", ondelete="SET NULL"), nullable=True, unique=True
    )


class PanelContact(Base):
    """The ONLY table with a member's personal contact details. Email is stored lower-cased and
    phone numbers in E.164 form (+447...), so duplicates are found by equality."""

    __tablename__ = "panel_contact"
    __table_args__ = (
        UniqueConstraint("panel_id", "email", name="uq_panel_contact_email"),
        UniqueConstraint("panel_id", "phone", name="uq_panel_contact_phone"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panel.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("panel_member.id", ondelete="CASCADE"), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str | None] = mapped_column(String(320), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(32), nullable=True)
    address: Mapped[str] = mapped_column(Text, default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")


class PanelConsentEvent(Base):
    """Append-only: each time a member gave, renewed, changed or withdrew consent, with the exact
    wording version. Holds no personal data, so it survives leaving."""

    __tablename__ = "panel_consent_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panel.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("panel_member.id", ondelete="SET NULL"), nullable=True, index=True
    )
    # panel.model.ConsentEvent: joined, confirmed, renewed, paused, resumed, updated, left, removed.
    kind: Mapped[str] = mapped_column(String(20))
    wording_version: Mapped[str] = mapped_column(String(20))
    # How: web, email, sms, post, phone, staff, import, job.
    via: Mapped[str] = mapped_column(String(10), default="web")
    staff_user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
