"""The panel invitations' queue work: the sending job and the scheduled reminders."""

from __future__ import annotations

import logging

from panel import invitations
from toolkit import jobs
from toolkit.queue import crontab, huey, in_app_context

log = logging.getLogger(__name__)

jobs.register(invitations.JOB_KIND, invitations.send_job, notify=True)
jobs.register(invitations.LETTERS_JOB_KIND, invitations.letters_job)


@huey.periodic_task(crontab(minute="25"))
@in_app_context
def hourly_panel_reminders() -> None:
    """Reminders fall due by the day; checking each hour sends them within the hour of falling due."""
    log.info("panel reminders written: %s", invitations.remind())
