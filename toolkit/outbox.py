"""The mail outbox. Code that needs to email someone calls `enqueue` inside the transaction of
the change that causes the email, so the message exists if and only if the change commits.
Nothing here sends anything: a background job reads `pending` messages and sends them."""

from __future__ import annotations

import secrets
import uuid

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from toolkit import audit
from toolkit.schema import OutboxMessage

STATUSES = ("queued", "sending", "sent", "failed", "bounced")  # bounced: toolkit/bounces.py
MESSAGE_ID_DOMAIN = "engagement-toolkit.invalid"


def enqueue(session: Session, *, to: str, subject: str, body: str, kind: str, key: str | None = None) -> OutboxMessage:
    """Add an email to the caller's transaction. With a `key`, enqueueing the same key again
    returns the message already queued instead of adding a second one."""
    idempotency_key = f"{kind}:{key}" if key else f"{kind}:{secrets.token_hex(16)}"
    if key:
        existing = session.scalar(select(OutboxMessage).where(OutboxMessage.idempotency_key == idempotency_key))
        if existing is not None:
            return existing
    message = OutboxMessage(
        kind=kind,
        to_address=to.strip(),
        subject=subject,
        body=body,
        idempotency_key=idempotency_key,
        message_id=f"<{uuid.uuid4().hex}@{MESSAGE_ID_DOMAIN}>",
        status="queued",
        attempts=0,
        last_error="",
    )
    session.add(message)
    session.flush()
    return message


def pending(session: Session, limit: int = 100) -> list[OutboxMessage]:
    """Messages waiting to be sent, oldest first."""
    query = select(OutboxMessage).where(OutboxMessage.status == "queued").order_by(OutboxMessage.id).limit(limit)
    return list(session.scalars(query))


def recent(session: Session, limit: int = 100) -> list[OutboxMessage]:
    """The newest messages of any status, newest first (the admin outbox page)."""
    return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)))


def get(session: Session, message_id: int) -> OutboxMessage | None:
    return session.get(OutboxMessage, message_id)


REASON_LENGTH = 500


def mark_bounced(session: Session, message_id: int, reason: str, staff_user_id: int | None) -> bool:
    """An admin heard (from the person, or from a bounce that reached a mailbox rather than the
    bounce folder) that a sent message never arrived: mark it bounced with their reason, in the
    audit trail. False when the message is not one that was sent (only a sent message can bounce)."""
    statement = (
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == "sent")
        .values(status="bounced", last_error=f"Marked bounced by staff: {reason.strip()}"[:2000])
    )
    if not session.execute(statement).rowcount:  # type: ignore[attr-defined]
        return False
    audit.record(session, staff_user_id, "mark_mail_bounced", "outbox_message", message_id, {"reason": reason.strip()})
    return True
