"""Bounces: a delivery status notification (RFC 3464) dropped into the bounce Maildir marks the
outbox message it returns as bounced, with the status code and the server's words on the admin
outbox page; other mail in the Maildir changes nothing."""

from __future__ import annotations

from sqlalchemy import select

from tests.helpers import check_page, sign_in
from tests.views.test_outbox import write_mail
from toolkit import bounces, db
from toolkit.schema import OutboxMessage


def dsn(message_id: str, action: str = "failed", as_headers: bool = False) -> bytes:
    """A bounce as Postfix writes one: human text, the delivery status, the returned message."""
    returned = (
        f"Content-Type: text/rfc822-headers\n\nMessage-ID: {message_id}\nSubject: Subject 0\n"
        if as_headers
        else f"Content-Type: message/rfc822\n\nMessage-ID: {message_id}\nSubject: Subject 0\n\nHello\n"
    )
    return (
        "From: MAILER-DAEMON@mail.example.org\n"
        "Subject: Undelivered Mail Returned to Sender\n"
        "MIME-Version: 1.0\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\n\n'
        "--B\nContent-Type: text/plain\n\nYour message could not be delivered.\n\n"
        "--B\nContent-Type: message/delivery-status\n\n"
        "Reporting-MTA: dns; mail.example.org\n\n"
        "Final-Recipient: rfc822; nobody@example.org\n"
        f"Action: {action}\nStatus: 5.1.1\n"
        "Diagnostic-Code: smtp; 550 5.1.1 <nobody@example.org>: Recipient address rejected\n\n"
        f"--B\n{returned}\n--B--\n"
    ).encode()


def drop(folder, name: str, content: bytes) -> None:
    (folder / "new").mkdir(parents=True, exist_ok=True)
    (folder / "new" / name).write_bytes(content)


def test_a_bounce_in_the_maildir_marks_its_message_and_shows_on_the_outbox_page(client, app, tmp_path):
    sent, other = write_mail(count=2, to="nobody@example.org")
    maildir = tmp_path / "bounces"
    drop(maildir, "1.bounce", dsn(sent.message_id))
    drop(maildir, "2.delayed", dsn(other.message_id, action="delayed"))  # not a failure (yet)
    drop(maildir, "3.reply", b"From: someone@example.org\nSubject: Re: hello\n\nThanks!\n")
    drop(maildir, "4.stranger", dsn("<not-ours@example.org>"))
    assert bounces.read_maildir(maildir) == 1
    assert sorted(p.name for p in (maildir / "cur").iterdir()) == [
        "1.bounce:2,S",
        "2.delayed:2,S",
        "3.reply:2,S",
        "4.stranger:2,S",
    ]
    assert list((maildir / "new").iterdir()) == []
    stored = {m.id: m for m in db.session.scalars(select(OutboxMessage).execution_options(populate_existing=True))}
    assert stored[sent.id].status == "bounced" and stored[other.id].status == "queued"
    assert "5.1.1" in stored[sent.id].last_error and "Recipient address rejected" in stored[sent.id].last_error
    sign_in(client, "admin")
    text = check_page(client.get("/staff/outbox/")).get_text()
    assert "Bounced" in text and "Recipient address rejected" in text
    assert "Bounced" in check_page(client.get(f"/staff/outbox/{sent.id}")).get_text()


def test_a_bounce_that_returns_only_the_headers_is_understood(app):
    parsed = bounces.parse(dsn("<abc@engagement-toolkit.invalid>", as_headers=True))
    assert parsed == bounces.Bounce(
        "<abc@engagement-toolkit.invalid>",
        "5.1.1",
        "smtp; 550 5.1.1 <nobody@example.org>: Recipient address rejected",
        "rfc822; nobody@example.org",
    )


def test_the_queue_reads_the_maildir_only_when_one_is_set(app, tmp_path):
    [message] = write_mail()
    drop(tmp_path, "1", dsn(message.message_id))
    bounces.read_bounces.call_local()
    assert (tmp_path / "new" / "1").exists()
    app.config["MAIL_BOUNCE_MAILDIR"] = str(tmp_path)
    bounces.read_bounces.call_local()
    assert db.session.scalar(select(OutboxMessage.status).execution_options(populate_existing=True)) == "bounced"
