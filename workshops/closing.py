"""When a workshop session stops taking answers from participants. Plain module: no Flask, no
database.

A session is closed when staff closed it, or once a day has passed since it ended (its finish
time, else its start). Staff can reopen it: it then closes again a day after the reopening, so
no session takes answers forever. The rule is worked out whenever a page is read, so it holds
even before the hourly check (`workshops.tasks`) has marked the session closed.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol

from toolkit.timeutil import as_utc

CLOSES_AFTER = timedelta(days=1)


class SessionTimes(Protocol):
    """What the rule reads of a session (a `toolkit.schema.WorkshopSession` has these)."""

    @property
    def starts_at(self) -> datetime | None: ...

    @property
    def ends_at(self) -> datetime | None: ...

    @property
    def closed_at(self) -> datetime | None: ...

    @property
    def reopened_at(self) -> datetime | None: ...


def ended_at(times: SessionTimes) -> datetime | None:
    """When the session ended: its finish time, else its start; None when neither is set."""
    moment = times.ends_at or times.starts_at
    return as_utc(moment) if moment else None


def closes_automatically_at(times: SessionTimes) -> datetime | None:
    """A day after the session ended, or a day after staff last reopened it if that is later.
    None when the session has no date (staff close it by hand)."""
    moments = [as_utc(m) for m in (ended_at(times), times.reopened_at) if m is not None]
    return max(moments) + CLOSES_AFTER if moments else None


def is_closed(times: SessionTimes, now: datetime) -> bool:
    if times.closed_at is not None:
        return True
    automatic = closes_automatically_at(times)
    return automatic is not None and as_utc(now) >= automatic
