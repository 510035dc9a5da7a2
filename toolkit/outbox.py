"""The mail outbox. Code that needs to email someone calls `enqueue` inside the transaction of
the change that causes the email, so the message exists if and only if the change commits.
Nothing here sends anything: a background job reads `pending` messages and sends them."""

from __future__ import annotations

import secrets
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from toolkit.schema import OutboxMessage

STATUSES = ("queued", "sending", "sent", "failed")
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
