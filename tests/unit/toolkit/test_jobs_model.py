"""A job's progress as a percentage, and when a job counts as orphaned."""

from datetime import UTC, datetime

import pytest

from toolkit.jobs.model import Progress, may_run_again, orphaned_before


@pytest.mark.parametrize(
    ("status", "done", "total", "percent"),
    [("running", 0, 0, 0), ("running", 1, 3, 33), ("running", 5, 4, 100), ("done", 0, 0, 100), ("queued", 0, 10, 0)],
)
def test_percent_is_bounded_and_a_finished_job_is_full(status, done, total, percent):
    assert Progress(status, "", done, total).percent == percent


def test_finished_means_done_or_failed():
    assert Progress("failed", "", 0, 0).finished and Progress("done", "", 0, 0).finished
    assert not Progress("running", "", 0, 0).finished


def test_orphaned_before_is_one_lease_ago_and_tries_run_out():
    now = datetime(2026, 1, 1, 12, 0, 30, tzinfo=UTC)
    assert orphaned_before(now, 30) == datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert may_run_again(2, 3) and not may_run_again(3, 3)
