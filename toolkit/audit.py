"""The audit trail: who on the staff changed what, and when."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from toolkit import db
from toolkit.schema import AuditEvent


def record(
    session: Session,
    staff_user_id: int | None,
    action: str,
    object_type: str,
    object_id: int | None,
    detail: Mapping[str, Any] | None = None,
) -> None:
    """Add an audit event to the caller's transaction, so it commits or rolls back with the change."""
    session.add(
        AuditEvent(
            staff_user_id=staff_user_id,
            action=action,
            object_type=object_type,
            object_id=object_id,
            detail=dict(detail or {}),
        )
    )


def events_for(object_type: str, object_id: int, limit: int = 200) -> list[AuditEvent]:
    query = (
        select(AuditEvent)
        .where(AuditEvent.object_type == object_type, AuditEvent.object_id == object_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))
