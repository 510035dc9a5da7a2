"""Sign-in rules as plain functions: when a session has ended, and how long an account waits
after repeated wrong passwords. No Flask, no database."""

from __future__ import annotations

from datetime import datetime, timedelta

FREE_FAILURES = 5  # wrong passwords allowed before the account has to wait
MAX_WAIT_SECONDS = 15 * 60


def session_expired(
    created_at: datetime, last_seen_at: datetime, now: datetime, *, idle: timedelta, absolute: timedelta
) -> bool:
    """A session ends after `idle` without a request, and `absolute` after sign-in whatever happens."""
    return now - last_seen_at > idle or now - created_at > absolute


def wait_after_failures(failures: int, base_seconds: int) -> int:
    """Seconds an account waits before the next try: none for the first few wrong passwords, then
    `base_seconds`, doubling with each further failure, at most fifteen minutes."""
    if failures < FREE_FAILURES:
        return 0
    return int(min(base_seconds * 2 ** (failures - FREE_FAILURES), MAX_WAIT_SECONDS))
