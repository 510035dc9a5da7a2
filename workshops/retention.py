"""Workshop retention: what people wrote at a workshop, and their anonymous equality answers, are
deleted WORKSHOP_RETENTION_DAYS after the session (its start, else when it was set up), by the
same daily purge as survey responses (`toolkit.retention`).

Deleted: every note and idea (participants' and facilitators'), the wording of vote options
copied from a note (replaced by a fixed "removed" label, so vote totals still add up), and every
equality answer given at the session. Kept: the session, its themes (staff wording), actions,
attendance counts and expenses (amounts only, never names), which hold no one's own words."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from toolkit import audit, retention
from toolkit.schema import VoteOption, VoteRound, WorkshopEqualityResponse, WorkshopNote, WorkshopSession

log = logging.getLogger(__name__)

REMOVED_LABEL = "(removed after the retention period)"


def purge_expired(session: Session, now: datetime, *, days: int) -> dict[int, int]:
    """Delete the notes, ideas and equality answers of every session held more than `days` days
    before `now`, in `session`'s transaction. Returns session id -> rows deleted."""
    cutoff = now - timedelta(days=days)
    held = func.coalesce(WorkshopSession.starts_at, WorkshopSession.created_at)
    expired = list(session.scalars(select(WorkshopSession.id).where(held < cutoff)))
    deleted: dict[int, int] = {}
    for session_id in expired:
        notes = select(WorkshopNote.id).where(WorkshopNote.session_id == session_id)
        rounds = select(VoteRound.id).where(VoteRound.session_id == session_id)
        session.execute(
            update(VoteOption)
            .where(VoteOption.round_id.in_(rounds), VoteOption.note_id.in_(notes))
            .values(label=REMOVED_LABEL, note_id=None)
        )
        count = 0
        for kind in (WorkshopNote, WorkshopEqualityResponse):
            result = session.execute(delete(kind).where(kind.session_id == session_id))
            count += int(getattr(result, "rowcount", 0) or 0)
        if count:
            deleted[session_id] = count
            detail = {"before": cutoff.isoformat(), "count": count, "retention_days": days}
            audit.record(session, None, "purge_workshop", "workshop_session", session_id, detail)
            log.info("retention: deleted %d notes and equality answers of workshop %d", count, session_id)
    return deleted


def _purge(session: Session, now: datetime, config: Mapping[str, Any]) -> str:
    deleted = purge_expired(session, now, days=int(config["WORKSHOP_RETENTION_DAYS"]))
    return f"Deleted {sum(deleted.values())} workshop notes, ideas and equality answers (from {len(deleted)} sessions)."


retention.register("workshops", _purge)
