"""Staff chart SVGs (toolkit/chart_files.py), named by the SHA-256 of their content, so every app
instance behind a load balancer can serve a chart another instance drew."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from toolkit.db import Base
from toolkit.timeutil import utcnow


class ChartFile(Base):
    __tablename__ = "chart_file"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    svg: Mapped[bytes] = mapped_column(LargeBinary)
    # When a page last showed it (renewed at most daily): unused charts are pruned after CHART_DAYS.
    used_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
