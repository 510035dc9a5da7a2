"""What a job's progress means, in plain Python (no Flask, no database)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
ACTIVE = (QUEUED, RUNNING)
FINISHED = (DONE, FAILED)
# How often the page without JavaScript reloads itself while the job is not finished.
REFRESH_SECONDS = 3


class JobError(Exception):
    """A job that cannot succeed however often it is tried; the message says why, to the person."""


class TooManyJobs(Exception):
    """The person already has as many jobs waiting or running as one person may."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


@dataclass(frozen=True)
class Progress:
    status: str
    step: str
    done: int
    total: int

    @property
    def percent(self) -> int:
        """0-100; a finished job is 100 whatever its counts said."""
        if self.status == DONE:
            return 100
        if self.total <= 0:
            return 0
        return max(0, min(100, round(100 * self.done / self.total)))

    @property
    def finished(self) -> bool:
        return self.status in FINISHED


def orphaned_before(now: datetime, lease_seconds: int) -> datetime:
    """A job still marked queued or running whose heartbeat is older than this lost its consumer."""
    return now - timedelta(seconds=lease_seconds)


def may_run_again(attempts: int, max_attempts: int) -> bool:
    return attempts < max_attempts
