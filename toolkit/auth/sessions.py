"""Server-side records of signed-in browsers. The cookie holds a random token; only its SHA-256
hash is stored, so a copy of the database cannot be used to sign in."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from toolkit import db
from toolkit.auth.policy import session_expired
from toolkit.schema import StaffSession
from toolkit.timeutil import as_utc, utcnow

TOUCH_EVERY = timedelta(seconds=60)  # write last_seen_at at most once a minute per session


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(user_id: int, role: str, *, two_factor_done: bool, user_agent: str = "") -> str:
    """A new session: the token for the cookie."""
    token = secrets.token_urlsafe(32)
    with db.transaction() as session:
        session.add(
            StaffSession(
                token_hash=token_hash(token),
                staff_user_id=user_id,
                role=role,
                two_factor_done=two_factor_done,
                user_agent=user_agent[:200],
            )
        )
    return token


def live(token: str, *, idle: timedelta, absolute: timedelta) -> StaffSession | None:
    """The session this token opens, if it has not ended or timed out; ends it if it has timed out."""
    record = db.session.scalars(select(StaffSession).where(StaffSession.token_hash == token_hash(token))).first()
    if record is None or record.ended_at is not None:
        return None
    now = utcnow()
    if session_expired(as_utc(record.created_at), as_utc(record.last_seen_at), now, idle=idle, absolute=absolute):
        end(token)
        return None
    if now - as_utc(record.last_seen_at) > TOUCH_EVERY:
        with db.transaction():
            record.last_seen_at = now
    return record


def end(token: str) -> None:
    with db.transaction() as session:
        session.execute(
            update(StaffSession)
            .where(StaffSession.token_hash == token_hash(token), StaffSession.ended_at.is_(None))
            .values(ended_at=utcnow())
        )


def end_all(user_id: int, *, keep: str | None = None) -> int:
    """End every session of this person (but `keep`, the token of the one in use); how many ended."""
    query = update(StaffSession).where(StaffSession.staff_user_id == user_id, StaffSession.ended_at.is_(None))
    if keep is not None:
        query = query.where(StaffSession.token_hash != token_hash(keep))
    with db.transaction() as session:
        result = session.execute(query.values(ended_at=utcnow()))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def end_all_in(session: Session, user_id: int) -> None:
    """Inside the caller's transaction (deactivation, password change)."""
    session.execute(
        update(StaffSession)
        .where(StaffSession.staff_user_id == user_id, StaffSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )


def open_sessions(user_id: int) -> list[StaffSession]:
    query = (
        select(StaffSession)
        .where(StaffSession.staff_user_id == user_id, StaffSession.ended_at.is_(None))
        .order_by(StaffSession.last_seen_at.desc())
    )
    return list(db.session.scalars(query))
