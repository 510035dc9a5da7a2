"""The mail outbox: every email the toolkit sends is first a row here, written in the same
transaction as the change that causes it, then sent by a background job."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from toolkit.db import Base
from toolkit.timeutil import utcnow


class OutboxMessage(Base):
    """One email waiting to be sent, being sent, sent, or failed. `idempotency_key` makes
    enqueueing the same message twice a no-op; `message_id` is the RFC 5322 Message-ID the
    sender uses, so a retried send can be recognised downstream."""

    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    kind: Mapped[str] = mapped_column(String(60))
    to_address: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    message_id: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # When a sender last claimed it (status "sending"): a claim older than the sending lease was
    # interrupted, and the message is sent again with the same Message-ID.
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
