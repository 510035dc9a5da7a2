"""Engagements: the one record of a piece of involvement work (what decision it informs, who
decides, how people were involved and what they said). It owns the workshop sessions, the
surveys created for it and its other activities (drop-ins, letters, petitions...), the
checklist ticks, and the codebook every comment is coded against."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from toolkit.db import Base
from toolkit.timeutil import utcnow

EMPTY = text("''")


class Engagement(Base):
    """One engagement (or formal consultation) from plan to findings. Workshop sessions hang
    off it (it began as the workshops' "series of sessions" and kept its table and rows)."""

    __tablename__ = "engagement"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    # The team whose engagement this is: its members see and change it (admins see everything).
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"), nullable=True, index=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # "engagement" or "consultation" (a formal consultation: Gunning gate, 12-week minimum)
    kind: Mapped[str] = mapped_column(String(20), default="engagement", server_default=text("'engagement'"))
    # "planning", "launched" or "closed"
    status: Mapped[str] = mapped_column(String(20), default="planning", server_default=text("'planning'"))
    # The decision it informs and who takes it
    decision: Mapped[str] = mapped_column(Text, default="", server_default=EMPTY)
    decision_maker: Mapped[str] = mapped_column(String(200), default="", server_default=EMPTY)
    decision_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # inform / listen / discuss / collaborate / empower; neighbourhood / place / system ("" = not set)
    level: Mapped[str] = mapped_column(String(20), default="", server_default=EMPTY)
    system_level: Mapped[str] = mapped_column(String(20), default="", server_default=EMPTY)
    objectives: Mapped[str] = mapped_column(Text, default="", server_default=EMPTY)
    already_known: Mapped[str] = mapped_column(Text, default="", server_default=EMPTY)
    # ids of earlier engagements this one builds on
    related_ids: Mapped[list[int]] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    in_scope: Mapped[str] = mapped_column(Text, default="", server_default=EMPTY)
    out_of_scope: Mapped[str] = mapped_column(Text, default="", server_default=EMPTY)
    audiences: Mapped[str] = mapped_column(Text, default="", server_default=EMPTY)
    stakeholders: Mapped[str] = mapped_column(Text, default="", server_default=EMPTY)
    seldom_heard: Mapped[str] = mapped_column(Text, default="", server_default=EMPTY)
    budget_pence: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Key dates: planning starts, fieldwork planned and actual, the report
    planning_starts_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    planned_opens_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    planned_closes_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    actual_opens_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    actual_closes_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    report_due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # The legal-duty assessment: does the duty to involve apply ("yes", "no", "" = not assessed)
    duty_applies: Mapped[str] = mapped_column(String(10), default="", server_default=EMPTY)
    duty_reasoning: Mapped[str] = mapped_column(Text, default="", server_default=EMPTY)
    duty_signed_off_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    duty_signed_off_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # {checklist key: version} fixed when the engagement starts; a later adoption leaves it alone
    checklist_versions: Mapped[dict[str, str]] = mapped_column(JSON, default=dict, server_default=text("'{}'"))


class EngagementActivity(Base):
    """Anything other than a survey or a workshop: a drop-in, a meeting with a group, a
    listening event, letters and emails, social media comments, a readers' panel review, a petition."""

    __tablename__ = "engagement_activity"

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagement.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))
    place: Mapped[str] = mapped_column(String(300), default="")
    planned_starts_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    planned_ends_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    actual_starts_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    actual_ends_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # How many people were reached, and who (e.g. "carers, two Urdu speakers")
    people_reached: Mapped[int | None] = mapped_column(Integer, nullable=True)
    who_reached: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ActivityComment(Base):
    """One thing someone said at an activity (or wrote in a letter, post or petition), kept
    exactly as said."""

    __tablename__ = "activity_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("engagement_activity.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    received_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ChecklistUpload(Base):
    """A checklist version an admin uploaded (e.g. one an ICB co-produced with its public).
    Shipped versions live in engagements/checklists/ as files."""

    __tablename__ = "checklist_upload"
    __table_args__ = (UniqueConstraint("checklist_key", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    checklist_key: Mapped[str] = mapped_column(String(40))
    version: Mapped[str] = mapped_column(String(40))
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ChecklistAdoption(Base):
    """An admin's choice of the version new engagements start with; the newest row wins."""

    __tablename__ = "checklist_adoption"

    id: Mapped[int] = mapped_column(primary_key=True)
    checklist_key: Mapped[str] = mapped_column(String(40), index=True)
    version: Mapped[str] = mapped_column(String(40))
    adopted_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    adopted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class EvidenceFile(Base):
    """A file uploaded as evidence for a checklist item, checked by type and size."""

    __tablename__ = "evidence_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagement.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    mime_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ChecklistTick(Base):
    """The state of one checklist item for one engagement: who ticked it, when, why, and the evidence."""

    __tablename__ = "checklist_tick"
    __table_args__ = (UniqueConstraint("engagement_id", "checklist_key", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagement.id", ondelete="CASCADE"))
    checklist_key: Mapped[str] = mapped_column(String(40))
    item_id: Mapped[str] = mapped_column(String(60))
    done: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    evidence_link: Mapped[str] = mapped_column(String(500), default="")
    evidence_file_id: Mapped[int | None] = mapped_column(
        ForeignKey("evidence_file.id", ondelete="SET NULL"), nullable=True
    )
    ticked_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    ticked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CalendarPeriod(Base):
    """A period admins keep as data: a pre-election period or a school holiday, on top of
    the shipped list of scheduled elections."""

    __tablename__ = "calendar_period"

    id: Mapped[int] = mapped_column(primary_key=True)
    # "pre_election" or "school_holiday"
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CodebookCode(Base):
    """A theme (parent_id None) or sub-theme in an engagement's codebook."""

    __tablename__ = "codebook_code"
    __table_args__ = (UniqueConstraint("engagement_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagement.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("codebook_code.id", ondelete="CASCADE"), nullable=True)
    name: Mapped[str] = mapped_column(String(120))
    definition: Mapped[str] = mapped_column(Text, default="")
    include_example: Mapped[str] = mapped_column(Text, default="")
    exclude_example: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CodedComment(Base):
    """One coder's code on one comment. A comment is named by its source ("response",
    "note", "activity_comment"), the row id and, for survey answers, the question id."""

    __tablename__ = "coded_comment"
    __table_args__ = (UniqueConstraint("code_id", "source", "source_id", "question_id", "coder_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagement.id", ondelete="CASCADE"), index=True)
    code_id: Mapped[int] = mapped_column(ForeignKey("codebook_code.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(20))
    source_id: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[str] = mapped_column(String(60), default="")
    coder_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DoubleCodingSample(Base):
    """A random sample of an engagement's comments a second coder codes blind, to measure agreement."""

    __tablename__ = "double_coding_sample"

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagement.id", ondelete="CASCADE"), unique=True)
    second_coder_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_user.id", ondelete="SET NULL"), nullable=True
    )
    size: Mapped[int] = mapped_column(Integer)
    seed: Mapped[int] = mapped_column(Integer)
    # the sampled comments' keys ("response-12-why", "note-3"...)
    keys: Mapped[list[str]] = mapped_column(JSON)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CodingDecision(Base):
    """A lead's decision on a comment the two coders coded differently: these codes stand."""

    __tablename__ = "coding_decision"
    __table_args__ = (UniqueConstraint("engagement_id", "source", "source_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagement.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(String(20))
    source_id: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[str] = mapped_column(String(60), default="")
    code_ids: Mapped[list[int]] = mapped_column(JSON)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CommentRedaction(Base):
    """The words of a comment as they may be published, personal details taken out. The comment
    itself keeps exactly what the person said; only staff who code see that."""

    __tablename__ = "comment_redaction"
    __table_args__ = (UniqueConstraint("engagement_id", "source", "source_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagement.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(String(20))
    source_id: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[str] = mapped_column(String(60), default="")
    text: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(String(300), default="")
    redacted_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    redacted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
