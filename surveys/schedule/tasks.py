"""The surveys' scheduled work, run by the queue consumer: the daily retention purge
(responses past their survey's period, unsent answers past theirs), and each hour closing
surveys whose closing date has passed and emailing staff about their surveys
(going live, closing, 7 days from closing, target reached, 100/500/1,000 responses).

A survey published with a later opening date is live but answers nobody until that date
(`repository.is_open`): it needs no change of state to open, and the check tells staff on the day.
"""

from __future__ import annotations

import logging
from datetime import date

from flask import current_app
from flask_babel import gettext

from surveys import retention
from surveys.schedule import notices
from surveys.schedule import repository as schedule_repository
from toolkit import db, notifications
from toolkit import retention as toolkit_retention
from toolkit.queue import crontab, huey, in_app_context
from toolkit.timeutil import utcnow

log = logging.getLogger(__name__)


def purge() -> retention.PurgeReport:
    """Delete responses past their survey's retention period and unsent answers past
    DRAFT_RETENTION_HOURS (what `flask purge` does), logged and audited."""
    with db.transaction() as session:
        return retention.purge_expired(
            session,
            utcnow(),
            response_days=current_app.config["RESPONSE_RETENTION_DAYS"],
            draft_hours=current_app.config["DRAFT_RETENTION_HOURS"],
        )


def send_notices(today: date) -> int:
    """Write every notification email the surveys' state calls for; each event is emailed once."""
    written = 0
    with db.transaction() as session:
        for facts, created_by in schedule_repository.facts(session, today):
            found = notices.notices(facts, today, gettext)
            if not found:
                continue
            people = [created_by] if created_by is not None else schedule_repository.admin_ids(session)
            users = notifications.opted_in(session, people)
            link = notifications.link(f"/staff/surveys/{facts.id}")
            for notice in found:
                body = f"{notice.lead}\n\n{link}\n\n-- \n{notifications.footer()}\n"
                written += notifications.send(session, users, key=notice.key, subject=notice.subject, body=body)
    return written


def survey_dates_and_notices(today: date | None = None) -> tuple[list[int], int]:
    today = today or date.today()
    closed = schedule_repository.close_past_closing_date(today)
    return closed, send_notices(today)


@huey.periodic_task(crontab(hour="3", minute="15"))
@in_app_context
def daily_purge() -> None:
    for done in purge_everything():
        log.info("retention purge: %s", done)


def purge_everything() -> list[str]:
    """Every area's retention purge (survey responses and drafts, workshop notes, ideas and
    equality answers: `toolkit.retention`), in one transaction: what `flask purge` runs too."""
    with db.transaction() as session:
        return toolkit_retention.purge_all(session, utcnow(), current_app.config)


@huey.periodic_task(crontab(minute="5"))
@in_app_context
def hourly_survey_check() -> None:
    closed, written = survey_dates_and_notices()
    log.info("closed surveys %s at their closing date; %s notification emails written", closed, written)
