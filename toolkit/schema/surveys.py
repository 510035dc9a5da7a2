from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from toolkit.db import Base
from toolkit.timeutil import utcnow


class Survey(Base):
    __tablename__ = "survey"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    # "survey" or "consultation": a formal consultation has a longer minimum run.
    kind: Mapped[str] = mapped_column(String(20), default="survey")
    # "draft", "live" or "closed".
    status: Mapped[str] = mapped_column(String(10), default="draft")
    opens_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    closes_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # How many responses the lead hopes for; staff are told when it is reached.
    response_target: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # The editable definition (surveys.model.SurveyDefinition as a dict). What
    # respondents see is always a frozen SurveyVersion, never this.
    draft_definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    # The team whose survey this is: its members see and change it (admins see everything).
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"), nullable=True, index=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    # The engagement this survey is part of (none for a survey on its own).
    engagement_id: Mapped[int | None] = mapped_column(ForeignKey("engagement.id"), nullable=True, index=True)
    # Days a response is kept after it is sent; None means the installation's RESPONSE_RETENTION_DAYS.
    retention_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # How respondents can reach the team running it (shown on the start, thank-you, poster and paper pages).
    contact_email: Mapped[str] = mapped_column(String(200), default="", server_default="")
    contact_phone: Mapped[str] = mapped_column(String(200), default="", server_default="")
    contact_address: Mapped[str] = mapped_column(String(500), default="", server_default="")
    contact_text_relay: Mapped[str] = mapped_column(String(200), default="", server_default="")


CONTACT_FIELDS = ("contact_email", "contact_phone", "contact_address", "contact_text_relay")


class SurveyOldSlug(Base):
    """A web address a survey had before: /s/<slug> and the pages under it redirect to its current one."""

    __tablename__ = "survey_old_slug"

    slug: Mapped[str] = mapped_column(String(60), primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    retired_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SurveyVersion(Base):
    """The exact wording respondents saw, frozen when a survey is published."""

    __tablename__ = "survey_version"
    __table_args__ = (UniqueConstraint("survey_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    published_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)


class Channel(Base):
    """A way a survey is distributed (poster, pharmacy bag, advert...), with its own short link."""

    __tablename__ = "channel"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    code: Mapped[str] = mapped_column(String(16), unique=True)
    # The survey's own link (/s/<slug>) answers as the default channel, "web".
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Set when the lead no longer hands it out. Its short link keeps working (posters are
    # printed) and still records this channel; it is listed apart and offers no QR code.
    retired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class Response(Base):
    """One submitted response. Anonymous: no IP address, no account, no cookie id."""

    __tablename__ = "response"
    __table_args__ = (
        Index("ix_response_survey_submitted", "survey_id", "submitted_at"),
        # Reading a survey's responses in id order, a batch at a time (`id > last`), without sorting them all.
        Index("ix_response_survey_id", "survey_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"))
    version_id: Mapped[int] = mapped_column(ForeignKey("survey_version.id"))
    channel_id: Mapped[int] = mapped_column(ForeignKey("channel.id"))
    # Short code shown to the respondent on the confirmation page.
    reference: Mapped[str] = mapped_column(String(12), unique=True)
    # Idempotency key: a second submit of the same draft finds this row instead.
    submission_key: Mapped[str] = mapped_column(String(64), unique=True)
    language: Mapped[str] = mapped_column(String(10), default="en")
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    # "Do not quote my words": staff may count and code the comments but never quote them
    no_quote: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Ids of the questions routing skipped for this respondent (results show them as "not asked",
    # apart from "did not answer"); NULL when none, or for responses stored before it was kept.
    not_asked: Mapped[list[str] | None] = mapped_column(JSON, nullable=True, default=None)


class AnswerDraft(Base):
    """Partial answers kept until submission; the session cookie holds only the token.
    Purged after DRAFT_RETENTION_HOURS."""

    __tablename__ = "answer_draft"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"))
    version_id: Mapped[int] = mapped_column(ForeignKey("survey_version.id"))
    channel_id: Mapped[int] = mapped_column(ForeignKey("channel.id"))
    language: Mapped[str] = mapped_column(String(10), default="en")
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow, index=True)
