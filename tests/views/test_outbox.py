"""The outbox in the browser (admins only) and the mail sender against a real SMTP server
on loopback: sent once each, refusals visible per message, nothing sent without a server."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests import smtp_server
from tests.helpers import check_page, sign_in
from toolkit import db, mailer, outbox
from toolkit.schema import OutboxMessage


def write_mail(count=1, to="someone@example.org", body="Hello <b>there</b>"):
    with db.transaction() as session:
        return [
            outbox.enqueue(session, to=to, subject=f"Subject {n}", body=body, kind="test", key=str(n))
            for n in range(count)
        ]


@pytest.fixture
def smtp(app):
    received = smtp_server.Received()
    controller = smtp_server.start(received)
    app.config.update(SMTP_URL=f"smtp://127.0.0.1:{controller.port}?tls=none", MAIL_FROM="toolkit@example.org")
    yield received
    controller.stop()


def statuses():
    query = select(OutboxMessage).order_by(OutboxMessage.id).execution_options(populate_existing=True)
    return [(m.status, m.attempts) for m in db.session.scalars(query)]


def test_admins_read_emails_in_the_outbox_when_no_mail_server_is_configured(client):
    [message] = write_mail(body="Hello <b>there</b>\nSecond line")
    sign_in(client, "admin")
    soup = check_page(client.get("/staff/outbox/"))
    assert "no email leaves this installation" in soup.get_text()
    assert soup.find("a", href=f"/staff/outbox/{message.id}").get_text() == "Subject 0"
    page = client.get(f"/staff/outbox/{message.id}")
    soup = check_page(page)
    assert soup.find("pre").get_text() == "Hello <b>there</b>\nSecond line"  # shown as text, never as HTML
    assert soup.find("pre").find("b") is None
    assert message.message_id in soup.get_text()
    assert mailer.send_pending().sent == 0 and statuses() == [("queued", 0)]


def test_only_admins_see_the_outbox(client):
    sign_in(client, "lead")
    assert client.get("/staff/outbox/").status_code == 403
    assert client.get("/staff/outbox/1").status_code == 403


def test_an_unknown_message_is_not_found(client):
    sign_in(client, "admin")
    assert client.get("/staff/outbox/999").status_code == 404


def test_each_message_is_sent_once_with_its_message_id(app, smtp):
    messages = write_mail(3)
    outcome = mailer.send_pending()
    assert (outcome.sent, outcome.failed) == (3, 0)
    assert smtp.message_ids() == [m.message_id for m in messages]
    assert statuses() == [("sent", 1)] * 3
    assert mailer.send_pending().sent == 0  # sent is final: never again
    assert len(smtp.messages) == 3
    assert smtp.messages[0]["From"] == "toolkit@example.org"
    assert smtp.messages[0].get_payload().strip() == "Hello <b>there</b>"


def test_a_refused_recipient_fails_that_message_only_and_says_why(client, app, smtp):
    write_mail(1, to="nobody@example.org")
    with db.transaction() as session:
        outbox.enqueue(session, to="someone@example.org", subject="Fine", body="b", kind="test", key="fine")
    smtp.refuse.add("nobody@example.org")
    outcome = mailer.send_pending()
    assert (outcome.sent, outcome.failed) == (1, 1)
    query = select(OutboxMessage).where(OutboxMessage.status == "failed").execution_options(populate_existing=True)
    failed = db.session.scalars(query).one()
    assert failed.to_address == "nobody@example.org" and "550" in failed.last_error
    sign_in(client, "admin")
    soup = check_page(client.get("/staff/outbox/"))
    assert "Failed" in soup.get_text() and "No such mailbox" in soup.get_text()


def test_a_message_another_sender_has_claimed_is_left_to_it(app, smtp):
    [message] = write_mail(1)
    with db.transaction() as session:
        session.get(OutboxMessage, message.id).status = "sending"
        session.get(OutboxMessage, message.id).claimed_at = mailer.utcnow()
    assert mailer.send_pending().sent == 0 and smtp.messages == []


def test_a_claim_left_by_a_dead_sender_is_sent_again_with_the_same_message_id(app, smtp):
    [message] = write_mail(1)
    with db.transaction() as session:
        stored = session.get(OutboxMessage, message.id)
        stored.status, stored.attempts = "sending", 1
        stored.claimed_at = mailer.utcnow().replace(year=2020)
    assert mailer.send_pending().sent == 1
    assert smtp.message_ids() == [message.message_id]
    assert statuses() == [("sent", 2)]


def test_an_unreachable_server_leaves_messages_queued(app):
    write_mail(2)
    app.config["SMTP_URL"] = f"smtp://127.0.0.1:{smtp_server.free_port()}?tls=none"
    assert mailer.send_pending().sent == 0
    assert statuses() == [("queued", 0), ("queued", 0)]


def test_a_subject_with_a_line_break_cannot_add_a_header(app, smtp):
    with db.transaction() as session:
        outbox.enqueue(session, to="someone@example.org", subject="Hi\r\nBcc: evil@example.org", body="b", kind="t")
    assert mailer.send_pending().sent == 1
    [message] = smtp.messages
    assert message["Bcc"] is None and message["Subject"] == "Hi Bcc: evil@example.org"


def sent_message(app, smtp):
    [message] = write_mail(1)
    assert mailer.send_pending().sent == 1
    db.session.expire_all()  # sent by the mailer's own transaction
    return message


def test_an_admin_marks_a_sent_message_bounced_with_a_reason_in_the_audit_trail(client, app, smtp):
    from toolkit.schema import AuditEvent

    message = sent_message(app, smtp)
    sign_in(client, "admin")
    soup = check_page(client.get(f"/staff/outbox/{message.id}"))
    form = soup.find("form", action=f"/staff/outbox/{message.id}/bounced")
    assert form is not None and form.find("textarea", attrs={"name": "reason"}) is not None
    token = form.find("input", attrs={"name": "csrf_token"})["value"]
    reason = "Their manager says the address <closed> last week"
    page = client.post(f"/staff/outbox/{message.id}/bounced", data={"csrf_token": token, "reason": reason})
    assert page.status_code == 302
    assert statuses() == [("bounced", 1)]
    soup = check_page(client.get(f"/staff/outbox/{message.id}"))
    assert f"Marked bounced by staff: {reason}" in soup.get_text()
    assert soup.find("form", action=f"/staff/outbox/{message.id}/bounced") is None  # once bounced, no button
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "mark_mail_bounced"))
    assert (event.object_type, event.object_id, event.detail) == ("outbox_message", message.id, {"reason": reason})
    listing = check_page(client.get("/staff/outbox/")).get_text()
    assert "Bounced" in listing or "bounced" in listing


def test_marking_bounced_needs_a_reason_and_a_sent_message(client, app, smtp):
    message = sent_message(app, smtp)
    sign_in(client, "admin")
    form = check_page(client.get(f"/staff/outbox/{message.id}")).find(
        "form", action=f"/staff/outbox/{message.id}/bounced"
    )
    token = form.find("input", attrs={"name": "csrf_token"})["value"]
    soup = check_page(
        client.post(f"/staff/outbox/{message.id}/bounced", data={"csrf_token": token, "reason": " "}), 400
    )
    assert "Enter why the message bounced" in soup.select_one(".nhsuk-error-summary").get_text()
    too_long = client.post(f"/staff/outbox/{message.id}/bounced", data={"csrf_token": token, "reason": "x" * 501})
    assert too_long.status_code == 400
    assert client.post(f"/staff/outbox/{message.id}/bounced", data={"reason": "no token"}).status_code == 400
    assert statuses() == [("sent", 1)]
    with db.transaction() as session:
        waiting = outbox.enqueue(session, to="later@example.org", subject="Later", body="b", kind="test", key="later")
    page = client.post(f"/staff/outbox/{waiting.id}/bounced", data={"csrf_token": token, "reason": "Not sent yet"})
    assert page.status_code == 409
    assert client.post("/staff/outbox/999/bounced", data={"csrf_token": token, "reason": "x"}).status_code == 404
    assert "bounced" not in [status for status, _ in statuses()]


def test_only_admins_mark_messages_bounced(client, app, smtp):
    message = sent_message(app, smtp)
    sign_in(client, "lead")
    token = check_page(client.get("/staff/notifications/")).find("input", attrs={"name": "csrf_token"})["value"]
    page = client.post(f"/staff/outbox/{message.id}/bounced", data={"csrf_token": token, "reason": "x"})
    assert page.status_code == 403
    assert statuses() == [("sent", 1)]
