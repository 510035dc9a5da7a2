"""Time helpers shared by every area (plain Python)."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; treat them as the UTC they were stored as."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
