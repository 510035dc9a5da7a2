"""Bounces: what the mail system says, after accepting a message, about a message it could not
deliver. A permanent refusal while sending is recorded by the sender (toolkit/mailer.py); a bounce
arrives later, as a delivery status notification (RFC 3464) sent back to MAIL_FROM.

Have the mail server deliver MAIL_FROM's mail into a Maildir and set MAIL_BOUNCE_MAILDIR to it.
Every five minutes the queue reads what is new there: each report whose recipient "failed" marks
the outbox message with the Message-ID it returns as "bounced", with the status code and the
server's words, shown on the admin outbox page. A read file moves to the Maildir's cur/ folder;
anything that is not a bounce report, or names no message of ours, is left marked as read.
"""

from __future__ import annotations

import email
import logging
import os
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage, Message
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import update
from sqlalchemy.orm import Session

from toolkit import db
from toolkit.queue import crontab, huey, in_app_context
from toolkit.schema import OutboxMessage

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Bounce:
    message_id: str  # the Message-ID of our message that bounced
    status: str  # e.g. "5.1.1"
    diagnostic: str  # the receiving server's own words, e.g. "smtp; 550 5.1.1 No such user"
    recipient: str


def parse(raw: bytes) -> Bounce | None:
    """The failure a delivery status notification reports, or None for anything else."""
    report = email.message_from_bytes(raw, policy=policy.default)
    if report.get_content_type() != "multipart/report" or report.get_param("report-type") != "delivery-status":
        return None
    failed: dict[str, str] | None = None
    message_id = ""
    for part in report.walk():
        kind = part.get_content_type()
        if kind == "message/delivery-status":
            failed = failed or _failed_recipient(part)
        elif kind == "message/rfc822":
            returned: list[Any] = part.get_payload()  # type: ignore[assignment]
            message_id = message_id or _message_id(returned[0])
        elif kind == "text/rfc822-headers":
            message_id = message_id or _message_id(email.message_from_string(_text(part), policy=policy.default))
    if failed is None or not message_id:
        return None
    return Bounce(message_id, failed.get("status", ""), failed.get("diagnostic-code", ""), failed["final-recipient"])


def _text(part: Message) -> str:
    payload = part.get_payload(decode=True)
    return payload.decode("utf-8", "replace") if isinstance(payload, bytes) else str(part.get_payload())


def _failed_recipient(part: Message) -> dict[str, str] | None:
    """The first per-recipient block whose Action is "failed" (RFC 3464 section 2.3)."""
    blocks: list[Any] = part.get_payload()  # type: ignore[assignment]
    for block in blocks[1:]:
        fields = {name.lower(): " ".join(str(value).split()) for name, value in block.items()}
        if fields.get("action", "").lower() == "failed" and "final-recipient" in fields:
            return fields
    return None


def _message_id(headers: EmailMessage | Message) -> str:
    return " ".join(str(headers.get("Message-ID", "")).split())


def record(session: Session, bounce: Bounce) -> bool:
    """Mark our message bounced; False when the report names no message of ours."""
    problem = f"Bounced ({bounce.status or 'no status'}) for {bounce.recipient}: {bounce.diagnostic}".strip()
    statement = (
        update(OutboxMessage)
        .where(OutboxMessage.message_id == bounce.message_id)
        .values(status="bounced", last_error=problem[:2000])
    )
    return bool(session.execute(statement).rowcount)  # type: ignore[attr-defined]


def read_maildir(folder: Path) -> int:
    """Read the Maildir's new files; how many marked a message bounced."""
    new, cur = folder / "new", folder / "cur"
    cur.mkdir(parents=True, exist_ok=True)
    marked = 0
    for path in sorted(new.glob("*")) if new.is_dir() else []:
        if path.name.startswith("."):
            continue
        bounce = parse(path.read_bytes())
        if bounce is not None:
            with db.transaction() as session:
                marked += record(session, bounce)
        os.replace(path, cur / f"{path.name}:2,S")  # Maildir for "seen"
    return marked


@huey.periodic_task(crontab(minute="*/5"))
@in_app_context
def read_bounces() -> None:
    folder = current_app.config["MAIL_BOUNCE_MAILDIR"]
    if folder:
        log.info("bounces: %s outbox messages marked bounced", read_maildir(Path(folder)))
