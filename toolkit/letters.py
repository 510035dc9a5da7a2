"""Letters from the outbox: sent through GOV.UK Notify when a key is configured (toolkit/textsend.py),
otherwise printed here as one PDF mail merge, a letter a page or more, for staff to post.

An outbox letter's `to_address` is either a postal address or a reference to where the address
is kept ("panel_member:<id>": the panel's contact table), so that nothing personal is copied
into the outbox; it is read only when the letter is printed or sent. A letter's first link is
printed as a QR code beside it, and any personal code in it stays as text to type.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from flask import render_template
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from toolkit import pdf
from toolkit.datauri import svg_data_uri
from toolkit.qr import qr_svg
from toolkit.schema import OutboxMessage, PanelContact
from toolkit.timeutil import utcnow

KIND = "letter"
MEMBER_PREFIX = "panel_member:"
LINK = re.compile(r"https?://\S+")


class NoAddress(LookupError):
    """The person the letter is for has no postal address any more (they left, say)."""


@dataclass(frozen=True)
class Letter:
    message_id: int
    name: str
    address_lines: tuple[str, ...]
    subject: str
    paragraphs: tuple[str, ...]
    link: str | None
    qr: str | None  # data: URI of the link's QR code


def address_of(session: Session, to_address: str) -> tuple[str, str]:
    """(name, postal address) for an outbox letter's `to_address`."""
    if not to_address.startswith(MEMBER_PREFIX):
        return "", to_address
    member_id = int(to_address.removeprefix(MEMBER_PREFIX))
    contact = session.scalar(select(PanelContact).where(PanelContact.member_id == member_id))
    if contact is None or not contact.address.strip():
        raise NoAddress(to_address)
    address = contact.address.strip()
    if contact.postcode and contact.postcode not in address:
        address = f"{address}\n{contact.postcode}"
    return contact.name, address


def letter(session: Session, message: OutboxMessage) -> Letter:
    name, address = address_of(session, message.to_address)
    lines = tuple(line.strip() for line in address.replace(",", "\n").splitlines() if line.strip())
    link_match = LINK.search(message.body)
    link = link_match.group(0).rstrip(".,)") if link_match else None
    return Letter(
        message_id=message.id,
        name=name,
        address_lines=((name,) if name else ()) + lines,
        subject=message.subject,
        paragraphs=tuple(p.strip() for p in message.body.split("\n\n") if p.strip()),
        link=link,
        qr=svg_data_uri(qr_svg(link)) if link else None,
    )


def print_letters(session: Session, message_ids: Sequence[int], organisation: str) -> tuple[bytes, list[int]]:
    """One PDF of these queued letters, and the ids printed (a letter with no address is marked failed)."""
    printable: list[Letter] = []
    for message in session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(message_ids))):
        try:
            printable.append(letter(session, message))
        except NoAddress:
            message.status, message.last_error = "failed", "No postal address (the member may have left)."
    session.flush()
    html = render_template("letters/print.html", letters=printable, organisation=organisation)
    return pdf.to_pdf(html), [item.message_id for item in printable]


def mark_printed(session: Session, message_ids: Sequence[int]) -> None:
    """Printed letters count as sent: they are in the PDF for posting."""
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(message_ids), OutboxMessage.status == "queued")
        .values(status="sent", sent_at=utcnow(), last_error="Printed in a letters PDF for posting.")
    )
