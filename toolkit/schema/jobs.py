from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from toolkit.db import Base
from toolkit.timeutil import utcnow


class Job(Base):
    """Long work a person started (a PDF of many copies, a big export, a report), done by a
    queue consumer. Its id is the idempotency key of what it produces: a job retried after a
    crash finds what it already made in `state` instead of making it again."""

    __tablename__ = "job"
    __table_args__ = (
        Index("ix_job_started_by_created_at", "started_by", "created_at"),
        Index("ix_job_status_heartbeat_at", "status", "heartbeat_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    started_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"), nullable=True)
    # "queued", "running", "done" or "failed".
    status: Mapped[str] = mapped_column(String(10), default="queued")
    title: Mapped[str] = mapped_column(String(200))
    # The step it is on, in English; shown through gettext.
    step: Mapped[str] = mapped_column(String(200), default="")
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    # What to make (the handler's input) and what it has made so far (kept across retries).
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The finished file: a path under JOB_FILES_DIR, the name it downloads as, its type.
    result_path: Mapped[str | None] = mapped_column(String(300), nullable=True)
    result_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    result_mimetype: Mapped[str | None] = mapped_column(String(100), nullable=True)
    # Where the person goes back to (the survey's paper page, the workshop's record...).
    back_url: Mapped[str | None] = mapped_column(String(300), nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # Bumped while a consumer works on it; a running job whose heartbeat stopped was orphaned.
    heartbeat_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
