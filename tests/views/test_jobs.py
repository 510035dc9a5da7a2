"""Jobs: the progress page in each state, its download, a retry when it failed, the recent jobs
list, the limit of running jobs per person, and nobody else's jobs visible."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests import jobkinds  # noqa: F401 - registers the test kinds of job
from tests.helpers import check_page, csrf_token, make_user, sign_in
from toolkit import db, jobs
from toolkit.jobs import repository
from toolkit.schema import AuditEvent, Job, OutboxMessage


def start(user_id, kind="test_file", **params):
    return jobs.start(kind, f"Test {kind}", params, started_by=user_id, back_url="/staff/surveys")


def test_a_finished_job_offers_its_download(client):
    user = sign_in(client)
    job = start(user.id, steps=3)
    soup = check_page(client.get(f"/staff/jobs/{job.id}"))
    assert "Ready" in soup.get_text()
    link = soup.find("a", href=f"/staff/jobs/{job.id}/download")
    assert link is not None and "made.txt" in link.get_text()
    assert soup.find("meta", attrs={"http-equiv": "refresh"}) is None
    download = client.get(f"/staff/jobs/{job.id}/download")
    assert download.status_code == 200 and download.data == b"1,2,3"
    assert "attachment" in download.headers["Content-Disposition"]


def test_a_waiting_job_refreshes_itself_without_javascript_and_polls_with_it(client, app):
    user = sign_in(client)
    with db.transaction() as session:
        job = Job(kind="test_file", title="Big PDF", params={}, state={}, started_by=user.id, status="running")
        job.step, job.done, job.total = "Making the pages", 2, 8
        session.add(job)
    response = client.get(f"/staff/jobs/{job.id}")
    soup = check_page(response)
    noscript = soup.find("noscript")
    assert noscript is not None and 'http-equiv="refresh"' in str(noscript)
    bar = soup.find("progress")
    assert bar["value"] == "25" and bar["max"] == "100"
    assert soup.find(id="job-step").get_text(strip=True) == "Making the pages (2 of 8)"
    assert soup.find(attrs={"data-job-status-url": f"/staff/jobs/{job.id}/status"}) is not None
    assert soup.find("script", src=lambda src: src and "js/job-progress" in src and src.endswith(".mjs")) is not None
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    status = client.get(f"/staff/jobs/{job.id}/status").get_json()
    assert status == {
        "status": "running",
        "text": "Making the pages (2 of 8)",
        "percent": 25,
        "done": 2,
        "total": 8,
        "finished": False,
    }


def test_a_job_refused_for_good_says_why_and_can_be_retried(client):
    user = sign_in(client)
    job = start(user.id, kind="test_refuse")
    soup = check_page(client.get(f"/staff/jobs/{job.id}"))
    assert "This job did not finish" in soup.get_text()
    assert "This survey has been deleted." in soup.get_text()
    form = soup.find("form", action=f"/staff/jobs/{job.id}/retry")
    assert form is not None
    page = client.get(f"/staff/jobs/{job.id}")
    response = client.post(f"/staff/jobs/{job.id}/retry", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/staff/jobs/{job.id}")
    stored = repository.fresh(job.id)
    assert stored.status == "failed" and stored.attempts == 1  # tried again, refused again
    assert db.session.scalar(select(func.count()).where(AuditEvent.action == "retry_job")) == 1


def test_a_job_that_crashes_is_put_back_on_the_queue_until_its_tries_run_out(client, app):
    user = sign_in(client)
    job = start(user.id, kind="test_crash")
    stored = repository.fresh(job.id)
    assert (stored.status, stored.attempts) == ("queued", 1) and "Something went wrong" in stored.error
    app.config["JOB_MAX_ATTEMPTS"] = 1
    from toolkit.jobs.runner import execute

    db.session.execute(Job.__table__.update().values(status="queued"))
    db.session.commit()
    execute(job.id)  # the last try: no more retries
    assert repository.fresh(job.id).status == "failed"


def test_retrying_reuses_what_the_job_already_made(client, app):
    """A job retried (after a crash or by the person) finds its outputs in `state`: none is made twice."""
    user = sign_in(client)
    with db.transaction() as session:
        job = Job(kind="test_file", title="t", params={"steps": 3}, state={"made": [1, 2]}, started_by=user.id)
        job.status, job.error = "failed", "Something went wrong while making it."
        session.add(job)
    page = client.get(f"/staff/jobs/{job.id}")
    client.post(f"/staff/jobs/{job.id}/retry", data={"csrf_token": csrf_token(page)})
    assert repository.fresh(job.id).status == "done"
    outputs = db.session.scalars(select(AuditEvent.detail).where(AuditEvent.action == "test_output")).all()
    assert outputs == [{"number": 3}]
    assert client.get(f"/staff/jobs/{job.id}/download").data == b"1,2,3"


def test_one_person_can_have_only_a_few_jobs_waiting_at_once(client, app):
    app.config["JOBS_PER_PERSON"] = 2
    user = sign_in(client)
    with db.transaction() as session:
        for _ in range(2):
            session.add(Job(kind="test_file", title="t", params={}, state={}, started_by=user.id, status="running"))
    with pytest.raises(jobs.TooManyJobs):
        start(user.id)
    other = make_user("facilitator", "other@example.org")
    assert start(other.id).status is not None


def test_other_peoples_jobs_do_not_exist_for_you(client):
    owner = make_user("lead", "owner@example.org")
    job = start(owner.id)
    sign_in(client, "facilitator")
    for url in (f"/staff/jobs/{job.id}", f"/staff/jobs/{job.id}/status", f"/staff/jobs/{job.id}/download"):
        assert client.get(url).status_code == 404


def test_recent_jobs_lists_yours_newest_first(client):
    user = sign_in(client)
    first, second = start(user.id), start(user.id, kind="test_refuse")
    start(make_user("viewer", "someone@example.org").id)
    soup = check_page(client.get("/staff/jobs/"))
    links = [a["href"] for a in soup.select("table a")]
    assert links == [f"/staff/jobs/{second.id}", f"/staff/jobs/{first.id}"]
    assert "Did not finish" in soup.get_text() and "Ready" in soup.get_text()


def test_the_person_is_emailed_when_a_job_finishes_unless_they_opted_out(client):
    user = sign_in(client)
    start(user.id)
    messages = db.session.scalars(select(OutboxMessage)).all()
    assert [m.to_address for m in messages] == [user.email]
    assert "ready" in messages[0].subject.lower() and "/staff/jobs/" in messages[0].body
    with db.transaction() as session:
        session.get(type(user), user.id).notify_by_email = False
    start(user.id)
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 1


def test_signing_in_is_needed_for_jobs(client):
    assert client.get("/staff/jobs/").status_code == 302


def test_finished_jobs_and_their_files_are_cleared_away_after_the_retention_days(client, app):
    from datetime import timedelta
    from pathlib import Path

    from toolkit.jobs.runner import clear_old
    from toolkit.timeutil import utcnow

    user = sign_in(client)
    job = start(user.id)
    folder = Path(app.config["JOB_FILES_DIR"]) / str(job.id)
    assert (folder / "made.txt").exists()
    assert clear_old() == []
    assert clear_old(utcnow() + timedelta(days=8)) == [job.id]
    assert not folder.exists() and repository.fresh(job.id) is None
    assert client.get(f"/staff/jobs/{job.id}").status_code == 404
