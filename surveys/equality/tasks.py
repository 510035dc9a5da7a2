"""The representativeness page's scheduled work, run by the queue consumer: every 15 minutes, every
survey that took responses since the day before yesterday has its equality tables published
(audited together and kept in the database, `service.published`) unless the ones kept are still
current. So a day's reporting blocks, which complete at midnight, are audited once soon after, by
the consumer. A page that finds a survey's tables out of date before then asks for them at once
(`publish_soon`) and shows the ones published before until they are there: the audit (tens of
seconds at a million responses) never runs in a request."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, time, timedelta
from time import monotonic

from surveys import repository
from surveys.equality import repository as equality_repository
from surveys.equality import service
from toolkit.queue import crontab, huey, in_app_context

log = logging.getLogger(__name__)
RECENT_DAYS = 2


@huey.periodic_task(crontab(minute="1-59/15"))  # 00:01 first: blocks complete at midnight
@in_app_context
def equality_publishing() -> None:
    published = publish_recent()
    if published:
        log.info("equality figures published for surveys %s", published)


ASKED_AGAIN_AFTER = 60.0  # seconds: a page asks for a survey's audit at most this often per process
_asked: dict[int, float] = {}


@huey.task()
@in_app_context
def equality_publishing_for(survey_id: int) -> None:
    publish(survey_id)


def publish_soon(survey_id: int) -> None:
    """Ask the queue to publish the survey's tables (a page found them out of date): at once where
    the queue runs jobs at once, else by a consumer. Asked once a minute at most, from each process,
    while the page waits for them; a consumer that finds them already published audits nothing."""
    now = monotonic()
    if not huey.immediate and now - _asked.get(survey_id, -ASKED_AGAIN_AFTER) < ASKED_AGAIN_AFTER:
        return
    _asked[survey_id] = now
    equality_publishing_for(survey_id)


def publish_recent() -> list[int]:
    """Publish the tables of every survey counted in the last RECENT_DAYS days (each audited only if
    what it publishes changed); the surveys with tables."""
    since = datetime.combine(service.today() - timedelta(days=RECENT_DAYS), time.min, tzinfo=UTC)
    return [survey_id for survey_id in equality_repository.surveys_answered_since(since) if publish(survey_id)]


def publish(survey_id: int) -> bool:
    """The survey's tables published, unless it asks no equality questions (nothing to publish)."""
    survey = repository.get(survey_id)
    if survey is None:
        return False
    found = service.setup(survey)
    if not found.questions:
        return False
    service.published(survey, found)
    return True
