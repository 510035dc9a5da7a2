"""Co-production workshops, each session part of an engagement (toolkit/schema/engagements.py):
sessions, the discussion guide, notes, themes,
votes, actions, attendance and expenses. Participants are never identified: attendance is
counted by role, ballots are keyed by a hash of a random device token, expenses hold no
bank details."""

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
)
from sqlalchemy.orm import Mapped, mapped_column

from toolkit.db import Base
from toolkit.stats.disclosure import new_record_key
from toolkit.timeutil import utcnow


class WorkshopSession(Base):
    """One workshop session. `code` is the short public link participants reach by QR code."""

    __tablename__ = "workshop_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagement.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    venue: Mapped[str] = mapped_column(String(300), default="")
    online_link: Mapped[str] = mapped_column(String(500), default="")
    step_free: Mapped[bool] = mapped_column(Boolean, default=False)
    hearing_loop: Mapped[bool] = mapped_column(Boolean, default=False)
    accessible_toilets: Mapped[bool] = mapped_column(Boolean, default=False)
    near_public_transport: Mapped[bool] = mapped_column(Boolean, default=False)
    quiet_room: Mapped[bool] = mapped_column(Boolean, default=False)
    interpreter_needs: Mapped[str] = mapped_column(Text, default="")
    facilitators: Mapped[str] = mapped_column(Text, default="")
    capacity: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # When it finishes (optional); participants' pages close a day after (`workshops.closing`).
    ends_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # Closed by staff or by the hourly check; a reopening moves the automatic close on a day.
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    reopened_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # The last equality answer (id) its tables showed when staff reopened it; None: every answer
    # counts. Later answers count once there are enough of them (`workshops.equality.counted`).
    equality_shown_through: Mapped[int | None] = mapped_column(Integer, nullable=True)


class WorkshopTopic(Base):
    """One item of a session's discussion guide, in order, with a time box."""

    __tablename__ = "workshop_topic"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("workshop_session.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    questions: Mapped[str] = mapped_column(Text, default="")
    minutes: Mapped[int] = mapped_column(Integer, default=15)


class WorkshopTable(Base):
    __tablename__ = "workshop_table"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("workshop_session.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))


class WorkshopTheme(Base):
    __tablename__ = "workshop_theme"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("workshop_session.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The engagement codebook's theme this board theme stands for: its notes count as coded there.
    code_id: Mapped[int | None] = mapped_column(ForeignKey("codebook_code.id"), nullable=True, index=True)


class WorkshopNote(Base):
    """What someone said. `original_text` is never changed; staff edits change `text` and
    are recorded in the audit trail. `idempotency_key` makes re-sending a note harmless."""

    __tablename__ = "workshop_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("workshop_session.id", ondelete="CASCADE"), index=True)
    table_id: Mapped[int | None] = mapped_column(ForeignKey("workshop_table.id", ondelete="SET NULL"), nullable=True)
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("workshop_topic.id", ondelete="SET NULL"), nullable=True)
    theme_id: Mapped[int | None] = mapped_column(
        ForeignKey("workshop_theme.id", ondelete="SET NULL"), nullable=True, index=True
    )
    text: Mapped[str] = mapped_column(Text)
    original_text: Mapped[str] = mapped_column(Text)
    # "facilitator" or "participant"
    author_kind: Mapped[str] = mapped_column(String(20))
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # "Do not quote my words", said when the note was written
    no_quote: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class VoteRound(Base):
    __tablename__ = "workshop_vote_round"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("workshop_session.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    # "open" or "closed"
    status: Mapped[str] = mapped_column(String(10), default="open")
    dots: Mapped[int] = mapped_column(Integer, default=3)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class VoteOption(Base):
    """A priority participants can vote for: a theme or a note, with its wording frozen."""

    __tablename__ = "workshop_vote_option"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("workshop_vote_round.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(Text)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("workshop_theme.id", ondelete="SET NULL"), nullable=True)
    note_id: Mapped[int | None] = mapped_column(ForeignKey("workshop_note.id", ondelete="SET NULL"), nullable=True)


class Ballot(Base):
    """One device's dots in one round. Only a hash of the device's random token is kept."""

    __tablename__ = "workshop_ballot"
    __table_args__ = (UniqueConstraint("round_id", "device_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("workshop_vote_round.id", ondelete="CASCADE"))
    device_hash: Mapped[str] = mapped_column(String(64))
    # {"<option id>": dots}
    choices: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Dots a facilitator entered from paper for people without phones: no device, a random hash.
    paper: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class WorkshopAction(Base):
    __tablename__ = "workshop_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("workshop_session.id", ondelete="CASCADE"), index=True)
    what: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # "agreed", "in_progress", "done" or "not_possible" (then `reason` says why)
    status: Mapped[str] = mapped_column(String(20), default="agreed")
    reason: Mapped[str] = mapped_column(Text, default="")
    agreed_by_group: Mapped[bool] = mapped_column(Boolean, default=False)
    theme_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    note_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    # The vote round the action came from, if any.
    vote_round_id: Mapped[int | None] = mapped_column(
        ForeignKey("workshop_vote_round.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class WorkshopAttendance(Base):
    """How many people of each role took part: counts only, never names."""

    __tablename__ = "workshop_attendance"
    __table_args__ = (UniqueConstraint("session_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("workshop_session.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(20))
    count: Mapped[int] = mapped_column(Integer, default=0)


class WorkshopExpense(Base):
    """Money owed to a participant: amount and status only, never bank details."""

    __tablename__ = "workshop_expense"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("workshop_session.id", ondelete="CASCADE"), index=True)
    description: Mapped[str] = mapped_column(String(200))
    amount_pence: Mapped[int] = mapped_column(Integer)
    # "owed", "paid" or "declined"
    status: Mapped[str] = mapped_column(String(10), default="owed")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class WorkshopEqualityResponse(Base):
    """One participant's anonymous equality answers at a session (question id -> stored value).

    Kept apart from everything else about the session: no device token, no time, nothing that
    links it to a note or a ballot. Shown only in aggregate, after small-number suppression."""

    __tablename__ = "workshop_equality_response"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("workshop_session.id", ondelete="CASCADE"), index=True)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    # The cell-key method's record key (toolkit.stats.disclosure): random, fixed, never shown.
    record_key: Mapped[int] = mapped_column(Integer, default=new_record_key, nullable=False)
