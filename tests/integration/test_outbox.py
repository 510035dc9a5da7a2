"""The outbox: an email exists only if the change that caused it commits, and a keyed
message is queued once however often it is enqueued."""

import pytest

from toolkit import db, outbox
from toolkit.schema import OutboxMessage


def test_a_queued_email_commits_with_the_change(app):
    with db.transaction() as session:
        message = outbox.enqueue(session, to=" a@example.org ", subject="Hello", body="Body", kind="test")
    assert message.status == "queued" and message.to_address == "a@example.org"
    assert message.message_id.startswith("<") and message.message_id.endswith(">")
    assert [m.id for m in outbox.pending(db.session())] == [message.id]


def test_an_email_is_not_queued_when_its_change_rolls_back(app):
    with pytest.raises(RuntimeError), db.transaction() as session:
        outbox.enqueue(session, to="a@example.org", subject="Hello", body="Body", kind="test")
        raise RuntimeError("the change failed")
    assert db.session().query(OutboxMessage).count() == 0


def test_the_same_key_is_queued_once(app):
    with db.transaction() as session:
        first = outbox.enqueue(session, to="a@example.org", subject="S", body="B", kind="invite", key="7")
        second = outbox.enqueue(session, to="a@example.org", subject="S", body="B", kind="invite", key="7")
        other = outbox.enqueue(session, to="a@example.org", subject="S", body="B", kind="invite", key="8")
    assert first.id == second.id != other.id
    assert [m.id for m in outbox.recent(db.session())] == [other.id, first.id]
