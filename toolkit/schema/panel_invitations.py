"""Invitations of panel members to answer a survey (panel/invitations.py).

An invitation links a member to a survey, never to a response: the personal link's code is
stored only as a SHA-256 hash, and answering marks `responded` on the invitation while the
response row gets neither the member id nor the code. So response rates by group and reminders
to those who have not answered work, and no one can tell which response is whose.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, mapped_column

from toolkit.db import Base
from toolkit.timeutil import utcnow


class PanelInvitationBatch(Base):
    """One draw of members invited to one survey: what was asked for, the seed that drew it, and
    the sample against the population and the panel as shown before sending (aggregate only)."""

    __tablename__ = "panel_invitation_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panel.id", ondelete="CASCADE"), index=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    # How many were asked for; None: every member who may be invited.
    requested: Mapped[int | None] = mapped_column(Integer, nullable=True)
    seed: Mapped[int] = mapped_column(Integer)
    dimensions: Mapped[list[str]] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    # Days after sending on which those who have not answered are reminded, e.g. [7, 14].
    reminder_days: Mapped[list[int]] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    # panel.sampling's margins and shortfalls as drawn (counts of the sample, no member ids).
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, server_default=text("'{}'"))
    # drawn -> sending -> sent
    status: Mapped[str] = mapped_column(String(20), default="drawn", server_default="drawn")
    # The survey's channel the personal links count responses for (so panel responses can be weighted).
    channel_id: Mapped[int | None] = mapped_column(ForeignKey("channel.id", ondelete="SET NULL"), nullable=True)
    job_id: Mapped[int | None] = mapped_column(ForeignKey("job.id", ondelete="SET NULL"), nullable=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class PanelInvitation(Base):
    """One member invited to one survey. Never linked to a response."""

    __tablename__ = "panel_invitation"
    __table_args__ = (UniqueConstraint("batch_id", "member_id", name="uq_panel_invitation_member"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("panel_invitation_batch.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("panel_member.id", ondelete="SET NULL"), nullable=True, index=True
    )
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    # email, sms or post: how the member asked to hear from us, when the batch was sent.
    channel: Mapped[str] = mapped_column(String(10), default="email")
    # SHA-256 of the personal link's code; set when the invitation is written to the outbox.
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    reminders_sent: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_reminded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    responded: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
