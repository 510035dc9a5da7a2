"""Sending the outbox (toolkit/outbox.py) through SMTP, from the queue.

Each message is claimed in the database ("queued" -> "sending", committed) before it is handed
to the SMTP server, and marked "sent" right after the server accepts it, so two consumers never
send one message and a message is never sent again once marked sent. The one window no sender
can close is a consumer dying after the server accepted a message but before "sent" is stored:
such a claim goes stale after MAIL_SENDING_LEASE_SECONDS and the message is sent again with the
same Message-ID, which receiving mail systems treat as the same message.

With no SMTP server configured nothing leaves the machine: messages stay queued, readable by
admins at /staff/outbox.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime

from flask import current_app
from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from toolkit import db
from toolkit.mail_settings import SmtpSettings, smtp_settings
from toolkit.queue import crontab, huey, in_app_context
from toolkit.schema import OutboxMessage
from toolkit.timeutil import utcnow

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
# Outbox kinds that are not emails: text messages and letters (toolkit/textsend.py sends them).
NOT_EMAIL = ("sms", "letter")


@dataclass
class Sent:
    sent: int = 0
    failed: int = 0
    deferred: int = 0


class TransientError(Exception):
    """The server could not take the message now (4xx, connection lost): try it again later."""


def settings() -> SmtpSettings | None:
    return smtp_settings(current_app.config)


def build(message: OutboxMessage, sender: str) -> EmailMessage:
    email = EmailMessage()
    email["From"] = sender
    email["To"] = " ".join(message.to_address.split())
    email["Subject"] = " ".join(message.subject.split())  # a title with a line break cannot forge a header
    email["Message-ID"] = message.message_id
    email["Date"] = format_datetime(message.created_at if message.created_at.tzinfo else utcnow())
    email["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies to a notification
    email.set_content(message.body)
    return email


@contextmanager
def connect(config: SmtpSettings) -> Iterator[smtplib.SMTP]:
    if config.tls == "ssl":
        server: smtplib.SMTP = smtplib.SMTP_SSL(
            config.host, config.port, timeout=config.timeout, context=ssl.create_default_context()
        )
    else:
        server = smtplib.SMTP(config.host, config.port, timeout=config.timeout)
    try:
        if config.tls == "starttls":
            server.starttls(context=ssl.create_default_context())
        if config.user:
            server.login(config.user, config.password)
        yield server
    finally:
        try:
            server.quit()
        except (smtplib.SMTPException, OSError):
            server.close()


# --- claims ---------------------------------------------------------------------------------------


def commit(session: Session, statement: object) -> int:
    result = session.execute(statement)  # type: ignore[call-overload]
    session.commit()
    return int(result.rowcount)


def release_stale_claims(session: Session, lease_seconds: int) -> int:
    """Messages left "sending" by a consumer that died: queued again, to go with the same Message-ID."""
    cutoff = utcnow() - timedelta(seconds=lease_seconds)
    statement = (
        update(OutboxMessage)
        .where(
            OutboxMessage.status == "sending", OutboxMessage.claimed_at < cutoff, OutboxMessage.kind.not_in(NOT_EMAIL)
        )
        .values(status="queued", last_error="Interrupted while sending: sent again with the same Message-ID.")
    )
    return commit(session, statement)


def claim(session: Session, message_id: int) -> bool:
    statement = (
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == "queued")
        .values(status="sending", attempts=OutboxMessage.attempts + 1, claimed_at=utcnow())
    )
    return commit(session, statement) == 1


def mark(session: Session, message_id: int, status: str, error: str = "") -> None:
    values: dict[str, object] = {"status": status, "last_error": error[:2000]}
    if status == "sent":
        values["sent_at"] = utcnow()
    commit(session, update(OutboxMessage).where(OutboxMessage.id == message_id).values(**values))


# --- sending --------------------------------------------------------------------------------------


def _deliver(server: smtplib.SMTP, message: OutboxMessage, sender: str) -> None:
    """Hand one message to the server. Raises TransientError (try later) or SMTPException (refused for good)."""
    try:
        server.send_message(build(message, sender), from_addr=sender, to_addrs=[message.to_address])
    except smtplib.SMTPRecipientsRefused as error:
        code = next(iter(error.recipients.values()))[0]
        if 400 <= code < 500:
            raise TransientError(f"{code} {error.recipients}") from error
        raise
    except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as error:
        if 400 <= error.smtp_code < 500:
            raise TransientError(f"{error.smtp_code} {error.smtp_error!r}") from error
        raise
    except (smtplib.SMTPServerDisconnected, smtplib.SMTPResponseException, OSError) as error:
        raise TransientError(str(error) or type(error).__name__) from error


def send_pending(limit: int = 50) -> Sent:
    """Send up to `limit` queued messages; nothing at all when no SMTP server is configured."""
    config = settings()
    outcome = Sent()
    if config is None:
        return outcome
    with Session(db.engine(), expire_on_commit=False) as session:
        release_stale_claims(session, current_app.config["MAIL_SENDING_LEASE_SECONDS"])
        ids = list(
            session.scalars(
                select(OutboxMessage.id)
                .where(OutboxMessage.status == "queued", OutboxMessage.kind.not_in(NOT_EMAIL))
                .order_by(OutboxMessage.id)
                .limit(limit)
            )
        )
        if not ids:
            return outcome
        try:
            with connect(config) as server:
                for message_id in ids:
                    if not _send_one(session, server, message_id, config.sender, outcome):
                        break
        except (smtplib.SMTPException, OSError) as error:  # could not connect or sign in
            log.warning("outbox: cannot reach the SMTP server: %s", error)
    return outcome


def _send_one(session: Session, server: smtplib.SMTP, message_id: int, sender: str, outcome: Sent) -> bool:
    """Claim, send and mark one message; False when the connection is no good for the rest."""
    if not claim(session, message_id):
        return True  # another sender has it
    message = session.get(OutboxMessage, message_id, populate_existing=True)
    assert message is not None
    try:
        _deliver(server, message, sender)
    except TransientError as error:
        final = message.attempts >= MAX_ATTEMPTS
        mark(session, message_id, "failed" if final else "queued", str(error))
        outcome.failed += final
        outcome.deferred += not final
        return False
    except smtplib.SMTPException as error:
        mark(session, message_id, "failed", f"Refused by the mail server: {error}")
        outcome.failed += 1
        return True
    except (ValueError, TypeError) as error:  # a message that cannot be written as an email (a bad address)
        mark(session, message_id, "failed", f"Could not be sent: {error}")
        outcome.failed += 1
        return True
    mark(session, message_id, "sent")
    outcome.sent += 1
    return True


@huey.task()
@in_app_context
def send_outbox() -> None:
    from toolkit import textsend  # it builds on this module

    for send in (send_pending, textsend.send_pending):
        while True:
            outcome = send()
            if outcome.sent + outcome.failed == 0 or outcome.deferred:
                break


@huey.periodic_task(crontab(minute="*"))
@in_app_context
def send_outbox_every_minute() -> None:
    send_outbox.call_local()


@huey.on_startup()
def send_outbox_at_startup() -> None:
    """A consumer that starts (perhaps after one died mid-batch) sends what is waiting straight away."""
    send_outbox()


# --- sending soon after the commit that wrote a message ------------------------------------------------


@event.listens_for(Session, "after_flush")
def _note_new_mail(session: Session, _context: object) -> None:
    if any(isinstance(item, OutboxMessage) for item in session.new):
        session.info["outbox_written"] = True


@event.listens_for(Session, "after_commit")
def _send_soon(session: Session) -> None:
    if session.info.pop("outbox_written", False) and not huey.immediate:
        send_outbox()


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop("outbox_written", None)
