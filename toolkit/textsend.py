"""Sending the outbox's text messages and letters through GOV.UK Notify (toolkit/notify.py), from the queue.

Like the mailer, each message is claimed ("queued" -> "sending", committed) before it is handed
to Notify and marked "sent" right after Notify accepts it. A claim left by a consumer that died
goes stale after MAIL_SENDING_LEASE_SECONDS; before sending such a message again the sender asks
Notify for a notification with the message's reference (`outbox-<id>`), and if Notify has one,
marks it sent instead: so nobody gets the same text or letter twice.

Without a Notify key nothing is sent from here: texts stay queued (admins read them at
/staff/outbox) and letters are printed from a PDF mail merge (toolkit/letters.py).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from toolkit import db, letters
from toolkit.mailer import MAX_ATTEMPTS, NOT_EMAIL, Sent, claim, mark
from toolkit.notify import NotifyRefused, NotifySender, NotifyUnavailable, notify_settings
from toolkit.schema import OutboxMessage
from toolkit.timeutil import utcnow

log = logging.getLogger(__name__)


def sender() -> NotifySender | None:
    settings = notify_settings(current_app.config)
    return NotifySender(settings) if settings is not None else None


def reference(message_id: int) -> str:
    return f"outbox-{message_id}"


def settle_stale_claims(session: Session, notify: NotifySender, lease_seconds: int) -> None:
    """Texts and letters left "sending" by a consumer that died: sent if Notify has them, else queued again."""
    cutoff = utcnow() - timedelta(seconds=lease_seconds)
    stale = session.scalars(
        select(OutboxMessage.id).where(
            OutboxMessage.status == "sending", OutboxMessage.claimed_at < cutoff, OutboxMessage.kind.in_(NOT_EMAIL)
        )
    ).all()
    for message_id in stale:
        try:
            found = notify.find(reference(message_id))
        except (NotifyUnavailable, NotifyRefused) as error:
            log.warning("textsend: cannot ask Notify about message %s: %s", message_id, error)
            continue
        if found is not None:
            mark(session, message_id, "sent", "Interrupted after Notify took it: not sent again.")
        else:
            mark(session, message_id, "queued", "Interrupted before Notify took it: sent again.")


def _deliver(session: Session, notify: NotifySender, message: OutboxMessage) -> None:
    if message.kind == "sms":
        notify.send_text(message.to_address, message.body, reference(message.id))
        return
    name, address = letters.address_of(session, message.to_address)
    notify.send_letter(f"{name}\n{address}" if name else address, message.subject, message.body, reference(message.id))


def send_pending(limit: int = 50) -> Sent:
    """Send up to `limit` queued texts and letters through Notify; nothing without a Notify key."""
    notify = sender()
    outcome = Sent()
    if notify is None:
        return outcome
    with Session(db.engine(), expire_on_commit=False) as session:
        settle_stale_claims(session, notify, current_app.config["MAIL_SENDING_LEASE_SECONDS"])
        ids = session.scalars(
            select(OutboxMessage.id)
            .where(OutboxMessage.status == "queued", OutboxMessage.kind.in_(NOT_EMAIL))
            .order_by(OutboxMessage.id)
            .limit(limit)
        ).all()
        for message_id in ids:
            if not _send_one(session, notify, message_id, outcome):
                break
    return outcome


def _send_one(session: Session, notify: NotifySender, message_id: int, outcome: Sent) -> bool:
    """Claim, send and mark one message; False when Notify cannot take more now."""
    if not claim(session, message_id):
        return True
    message = session.get(OutboxMessage, message_id, populate_existing=True)
    assert message is not None
    try:
        _deliver(session, notify, message)
    except NotifyUnavailable as error:
        final = message.attempts >= MAX_ATTEMPTS
        mark(session, message_id, "failed" if final else "queued", str(error))
        outcome.failed += final
        outcome.deferred += not final
        return False
    except (NotifyRefused, letters.NoAddress) as error:
        mark(session, message_id, "failed", str(error) or "No postal address.")
        outcome.failed += 1
        return True
    mark(session, message_id, "sent")
    outcome.sent += 1
    return True
