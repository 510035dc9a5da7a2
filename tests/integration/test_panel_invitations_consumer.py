"""Sending panel invitations through a real queue consumer that is killed half way: the job is run
again by a new consumer and every member gets the invitation exactly once."""

from __future__ import annotations

import signal
import time

import pytest
from sqlalchemy import func, select

from panel import invitations as service
from tests.helpers import make_user
from tests.integration.test_consumer import LEASE, consumer, queue_url, wait_for  # noqa: F401 (fixtures)
from tests.panel_factories import make_live_survey, make_panel
from toolkit import db, jobs
from toolkit.jobs import repository
from toolkit.schema import OutboxMessage, PanelInvitation, PanelMember


def written() -> int:
    query = select(func.count()).where(PanelInvitation.sent_at.is_not(None)).execution_options(populate_existing=True)
    with db.engine().connect() as connection:
        return int(connection.scalar(query) or 0)


@pytest.mark.parametrize("queue_url", ["sqlite"], indirect=True)
def test_a_send_killed_mid_batch_resumes_and_invites_each_member_exactly_once(app, consumer):  # noqa: F811
    survey = make_live_survey()
    panel = make_panel(60, methods=("email", "sms", "post"))
    panel.team_id = survey.team_id
    db.session().commit()
    user = make_user()
    batch = service.create_batch(panel, survey, None, ["age"], 5, staff_user_id=user.id, base_url="https://p.test")
    service.start_sending(batch.id, user.id)
    first = consumer()
    job = jobs.start(
        service.JOB_KIND, "Invitations", {"batch_id": batch.id, "chunk": 4, "pause": 0.3}, started_by=user.id
    )
    wait_for(lambda: written() >= 12, what="a few chunks of invitations")
    first.send_signal(signal.SIGKILL)
    first.wait()
    before_crash = written()
    assert 12 <= before_crash < 60
    assert repository.fresh(job.id).status == "running"
    time.sleep(LEASE + 0.5)
    consumer()
    wait_for(lambda: repository.fresh(job.id).status == "done", what="the job to finish after the crash")
    assert repository.fresh(job.id).attempts == 2
    with db.engine().connect() as connection:
        keys = list(
            connection.scalars(
                select(OutboxMessage.idempotency_key).where(
                    OutboxMessage.kind.in_(("panel_invitation", "sms", "letter"))
                )
            )
        )
        invited = set(connection.scalars(select(PanelInvitation.member_id).where(PanelInvitation.sent_at.is_not(None))))
        members = set(connection.scalars(select(PanelMember.id).where(PanelMember.last_invited_at.is_not(None))))
    assert len(keys) == len(set(keys)) == 60  # one message per member, none twice
    assert len(invited) == 60 and members == invited
