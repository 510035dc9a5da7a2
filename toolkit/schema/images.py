"""Pictures uploaded for a survey's easy-read version (and its easy-read PDF)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from toolkit.db import Base
from toolkit.timeutil import utcnow


class SurveyImage(Base):
    """One picture. Never changed once stored: a new upload is a new row, so the
    public route can let browsers cache it for good."""

    __tablename__ = "survey_image"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    # image/png or image/jpeg from uploads; the demo's own pictograms are image/svg+xml.
    mime_type: Mapped[str] = mapped_column(String(40))
    alt_text: Mapped[str] = mapped_column(String(300), default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
