"""Texts and letters from the outbox through GOV.UK Notify (toolkit/textsend.py), with Notify's
HTTP layer replaced (tests/unit/toolkit/test_notify.py checks the contract itself): each is sent
once, an interrupted send is looked up by its reference before being sent again, and the SMTP
sender never takes them."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
import requests
from sqlalchemy import select, update

from tests.panel_factories import make_panel
from tests.unit.toolkit.test_notify import API_KEY, LETTER_TEMPLATE, SMS_TEMPLATE, FakeNotify
from toolkit import db, mailer, outbox, textsend
from toolkit.schema import OutboxMessage, PanelMember
from toolkit.timeutil import utcnow


@pytest.fixture
def notify(app, monkeypatch) -> FakeNotify:
    fake = FakeNotify()
    monkeypatch.setattr(requests.Session, "request", fake.request)
    app.config.update(
        NOTIFY_API_KEY=API_KEY, NOTIFY_SMS_TEMPLATE_ID=SMS_TEMPLATE, NOTIFY_LETTER_TEMPLATE_ID=LETTER_TEMPLATE
    )
    return fake


def statuses() -> dict[str, str]:
    rows = db.session().execute(
        select(OutboxMessage.kind, OutboxMessage.status).execution_options(populate_existing=True)
    )
    return {kind: status for kind, status in rows}


def test_a_text_and_a_letter_are_sent_once_through_notify_with_the_address_read_at_sending(app, notify):
    panel = make_panel(1, methods=("post",))
    member = db.session().scalars(select(PanelMember).where(PanelMember.panel_id == panel.id)).one()
    with db.transaction() as session:
        outbox.enqueue(session, to="+447700900123", subject="", body="Please answer", kind="sms")
        outbox.enqueue(session, to=f"panel_member:{member.id}", subject="Hello", body="Dear member", kind="letter")
    outcome = textsend.send_pending()
    assert (outcome.sent, outcome.failed) == (2, 0)
    sms, letter = notify.calls
    assert sms["url"].endswith("/v2/notifications/sms") and sms["json"]["phone_number"] == "+447700900123"
    assert letter["url"].endswith("/v2/notifications/letter")
    assert letter["json"]["personalisation"]["address_line_1"] == "Member 0"
    assert letter["json"]["personalisation"]["address_line_4"] == "PR1 2AB"
    assert sms["json"]["reference"].startswith("outbox-")
    assert set(statuses().values()) == {"sent"}
    assert textsend.send_pending().sent == 0  # nothing twice
    assert len(notify.calls) == 2


def test_an_interrupted_send_is_not_repeated_when_notify_already_has_it(app, notify):
    with db.transaction() as session:
        taken = outbox.enqueue(session, to="+447700900001", subject="", body="one", kind="sms")
        lost = outbox.enqueue(session, to="+447700900002", subject="", body="two", kind="sms")
    long_ago = utcnow() - timedelta(hours=1)
    with db.transaction() as session:
        session.execute(update(OutboxMessage).values(status="sending", claimed_at=long_ago, attempts=1))
    notify.found = [{"id": str(uuid.uuid4()), "reference": textsend.reference(taken.id), "status": "delivered"}]

    outcome = textsend.send_pending()
    posts = [c for c in notify.calls if c["method"] == "POST"]
    assert [c["json"]["phone_number"] for c in posts] == ["+447700900002"]  # only the one Notify did not have
    assert outcome.sent == 1
    rows = {m.id: m for m in db.session().scalars(select(OutboxMessage).execution_options(populate_existing=True))}
    assert rows[taken.id].status == "sent" and "not sent again" in rows[taken.id].last_error
    assert rows[lost.id].status == "sent"


def test_a_refused_message_fails_for_good_and_an_unavailable_notify_is_tried_later(app, notify):
    with db.transaction() as session:
        outbox.enqueue(session, to="+447700900003", subject="", body="x", kind="sms")
    notify.status = 503
    assert textsend.send_pending().deferred == 1
    assert statuses()["sms"] == "queued"
    notify.status = 400
    assert textsend.send_pending().failed == 1
    assert statuses()["sms"] == "failed"


def test_without_a_notify_key_texts_stay_queued_and_the_smtp_sender_never_takes_them(app):
    app.config.update(NOTIFY_API_KEY="", SMTP_URL="smtp://127.0.0.1:9?tls=none")
    with db.transaction() as session:
        outbox.enqueue(session, to="+447700900004", subject="", body="x", kind="sms")
        outbox.enqueue(session, to="panel_member:1", subject="s", body="b", kind="letter")
    assert textsend.send_pending().sent == 0
    with db.transaction() as session:
        ids = session.scalars(
            select(OutboxMessage.id).where(
                OutboxMessage.status == "queued", OutboxMessage.kind.not_in(mailer.NOT_EMAIL)
            )
        ).all()
    assert ids == []
    assert set(statuses().values()) == {"queued"}
