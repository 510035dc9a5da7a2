"""Paper copies: the references printed, what staff keyed from each returned copy,
and how a supervisor settled two keyings that disagreed. Nothing keyed is deleted."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from toolkit.db import Base
from toolkit.timeutil import utcnow


class PaperSettings(Base):
    """Per survey: whether every returned copy must be keyed twice."""

    __tablename__ = "paper_settings"

    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), primary_key=True)
    double_keying: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class PaperCopy(Base):
    """A printed copy's reference, recorded when the PDF is made, so data entry can
    check a typed reference really was printed for this survey (and which version)."""

    __tablename__ = "paper_copy"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("survey_version.id"))
    reference: Mapped[str] = mapped_column(String(12), unique=True)
    # "standard", "large-print" or "easy-read"; the language it was printed in.
    variant: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(10), default="en")
    issued_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PaperEntry(Base):
    """One keying of one returned copy: exactly what was typed, by whom."""

    __tablename__ = "paper_entry"
    __table_args__ = (UniqueConstraint("survey_id", "copy_reference", "keying"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"))
    copy_reference: Mapped[str] = mapped_column(String(12))
    keying: Mapped[int] = mapped_column(Integer)  # 1 or 2
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    staff_user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PaperSettlement(Base):
    """A supervisor's decision on two keyings that disagreed: which keying was right
    for each differing question ("1", "2" or "none"), and the answers it produced."""

    __tablename__ = "paper_settlement"
    __table_args__ = (UniqueConstraint("survey_id", "copy_reference"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"))
    copy_reference: Mapped[str] = mapped_column(String(12))
    choices: Mapped[dict[str, str]] = mapped_column(JSON)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    settled_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    settled_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
