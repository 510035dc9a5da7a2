"""Reports (issue 14): the narrative staff write for an engagement's report, the commitments of
its "You said, we did" with their dated updates, and each published version of that page."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from toolkit.db import Base
from toolkit.timeutil import utcnow


class ReportNarrative(Base):
    """What staff write for the report (plain text with headings and lists) and the quotes they chose."""

    __tablename__ = "report_narrative"

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagement.id", ondelete="CASCADE"), unique=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    recommendations: Mapped[str] = mapped_column(Text, default="")
    next_steps: Mapped[str] = mapped_column(Text, default="")
    # the guidance's evaluation questions answered at the close: {question key: answer}
    evaluation: Mapped[dict[str, str]] = mapped_column(JSON, default=dict, server_default=text("'{}'"))
    # comment keys ("response-12-why", "note-3"...) of the quotes staff chose, in order
    quote_keys: Mapped[list[str]] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Commitment(Base):
    """What was done or decided in answer to what people said, with its owner and status."""

    __tablename__ = "commitment"

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagement.id", ondelete="CASCADE"), index=True)
    what: Mapped[str] = mapped_column(Text)
    why: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(200))
    decided_by: Mapped[str] = mapped_column(String(200), default="")
    decided_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # agreed / in_progress / done / not_possible (with the reason)
    status: Mapped[str] = mapped_column(String(20), default="agreed")
    reason: Mapped[str] = mapped_column(Text, default="")
    # codebook theme ids it answers
    theme_ids: Mapped[list[int]] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CommitmentUpdate(Base):
    """A dated line of progress on a commitment."""

    __tablename__ = "commitment_update"

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitment.id", ondelete="CASCADE"), index=True)
    happened_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class FeedbackPublication(Base):
    """One published version of an engagement's "You said, we did": a snapshot, never changed."""

    __tablename__ = "feedback_publication"
    __table_args__ = (UniqueConstraint("engagement_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagement.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    change_note: Mapped[str] = mapped_column(Text, default="")
    published_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class OutcomeSubscription(Base):
    """An email address a participant left to hear the outcome: stored apart from any answers, used
    only for this, and deleted when the engagement's loop is closed or on request."""

    __tablename__ = "outcome_subscription"
    __table_args__ = (UniqueConstraint("engagement_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagement.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
