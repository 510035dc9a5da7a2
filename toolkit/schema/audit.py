from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from toolkit.db import Base
from toolkit.timeutil import utcnow


class AuditEvent(Base):
    """What a member of staff changed, when. Never records respondents' answers."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    staff_user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    detail: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
