"""The surveys' scheduled work: surveys close at their closing date, staff are emailed about
their surveys once per event (and not at all when they opted out), and unsent drafts are purged."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from surveys.schedule import tasks as schedule
from tests.helpers import make_survey, make_user
from toolkit import db
from toolkit.schema import AuditEvent, OutboxMessage, StaffUser, Survey


def subjects():
    return sorted(db.session.scalars(select(OutboxMessage.subject)))


def own_survey(user, **fields):
    survey = make_survey()
    with db.transaction() as session:
        stored = session.get(Survey, survey.id)
        stored.created_by = user.id
        for name, value in fields.items():
            setattr(stored, name, value)
    return survey


def test_a_survey_past_its_closing_date_is_closed_and_its_lead_told_once(app):
    lead = make_user("lead")
    survey = own_survey(lead, closes_on=date.today() - timedelta(days=1))
    closed, _ = schedule.survey_dates_and_notices()
    assert closed == [survey.id]
    assert db.session.get(Survey, survey.id, populate_existing=True).status == "closed"
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "close")).one()
    assert event.staff_user_id is None and event.detail == {"reason": "closing date passed"}
    assert "Closed: Test survey" in subjects()
    schedule.survey_dates_and_notices()  # the next hour's check tells nothing new
    assert subjects().count("Closed: Test survey") == 1
    message = db.session.scalars(select(OutboxMessage).where(OutboxMessage.subject.startswith("Closed"))).one()
    assert message.to_address == lead.email and f"/staff/surveys/{survey.id}" in message.body


def test_closing_soon_and_the_response_target_are_told_to_people_who_want_them(app):
    lead = make_user("lead")
    own_survey(lead, closes_on=date.today() + timedelta(days=5), response_target=1)
    schedule.survey_dates_and_notices()
    assert "Closes in 5 days: Test survey" in subjects()
    with db.transaction() as session:
        session.get(StaffUser, lead.id).notify_by_email = False
        session.execute(OutboxMessage.__table__.delete())
    schedule.survey_dates_and_notices()
    assert subjects() == []


def test_the_daily_purge_deletes_old_unsent_answers(app):
    report = schedule.purge()
    assert report.drafts == 0 and report.total_responses == 0
