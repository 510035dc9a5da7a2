"""When a workshop session stops taking participants' answers (workshops/closing.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from workshops import closing

START = datetime(2026, 3, 31, 18, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Times:
    starts_at: datetime | None = START
    ends_at: datetime | None = None
    closed_at: datetime | None = None
    reopened_at: datetime | None = None


def test_a_session_closes_a_day_after_it_finishes() -> None:
    times = Times(ends_at=START + timedelta(hours=2))
    assert closing.closes_automatically_at(times) == START + timedelta(days=1, hours=2)
    assert not closing.is_closed(times, START + timedelta(days=1, hours=1, minutes=59))
    assert closing.is_closed(times, START + timedelta(days=1, hours=2))


def test_without_a_finish_time_a_day_after_it_starts() -> None:
    assert closing.closes_automatically_at(Times()) == START + timedelta(days=1)


def test_a_session_with_no_date_stays_open_until_staff_close_it() -> None:
    far = START + timedelta(days=3650)
    assert closing.closes_automatically_at(Times(starts_at=None)) is None
    assert not closing.is_closed(Times(starts_at=None), far)
    assert closing.is_closed(Times(starts_at=None, closed_at=START), START)


def test_closed_by_hand_before_it_even_starts() -> None:
    assert closing.is_closed(Times(closed_at=START - timedelta(days=2)), START - timedelta(days=1))


def test_a_reopened_session_closes_again_a_day_after_the_reopening() -> None:
    reopened = START + timedelta(days=5)
    times = Times(reopened_at=reopened)
    assert not closing.is_closed(times, reopened + timedelta(hours=23))
    assert closing.is_closed(times, reopened + timedelta(days=1))
    # Reopened before the usual close: the usual close still holds.
    early = Times(reopened_at=START + timedelta(hours=1))
    assert closing.closes_automatically_at(early) == START + timedelta(days=1, hours=1)


def test_naive_times_from_sqlite_are_read_as_utc() -> None:
    naive = Times(starts_at=START.replace(tzinfo=None))
    assert closing.is_closed(naive, START + timedelta(days=1))
    assert not closing.is_closed(naive, (START + timedelta(hours=23)).replace(tzinfo=None))
