"""The workshops' scheduled work, run by the queue consumer each hour: close the participants'
pages of sessions that ended more than a day ago (`workshops.closing`). The pages work the rule
out when read as well, so a late or missed run never leaves a session taking answers."""

from __future__ import annotations

import logging
from datetime import datetime

from toolkit.queue import crontab, huey, in_app_context
from toolkit.timeutil import utcnow
from workshops import repository

log = logging.getLogger(__name__)


def close_ended(now: datetime | None = None) -> list[int]:
    return repository.close_ended_sessions(now or utcnow())


@huey.periodic_task(crontab(minute="10"))
@in_app_context
def hourly_session_close() -> None:
    log.info("closed workshop sessions %s a day after they ended", close_ended())
