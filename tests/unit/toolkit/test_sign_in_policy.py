"""When a session ends, and how long an account waits after wrong passwords."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from toolkit.auth.policy import FREE_FAILURES, MAX_WAIT_SECONDS, session_expired, wait_after_failures

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
LIMITS = {"idle": timedelta(minutes=30), "absolute": timedelta(hours=12)}


def test_a_session_ends_after_thirty_idle_minutes() -> None:
    assert not session_expired(NOW - timedelta(hours=1), NOW - timedelta(minutes=30), NOW, **LIMITS)
    assert session_expired(NOW - timedelta(hours=1), NOW - timedelta(minutes=31), NOW, **LIMITS)


def test_a_busy_session_still_ends_twelve_hours_after_sign_in() -> None:
    assert session_expired(NOW - timedelta(hours=12, seconds=1), NOW, NOW, **LIMITS)


def test_the_wait_starts_after_the_free_failures_and_doubles() -> None:
    assert [wait_after_failures(n, 30) for n in range(FREE_FAILURES)] == [0] * FREE_FAILURES
    assert [wait_after_failures(n, 30) for n in range(5, 9)] == [30, 60, 120, 240]


def test_the_wait_is_at_most_fifteen_minutes() -> None:
    assert wait_after_failures(40, 30) == MAX_WAIT_SECONDS == 900
