"""Printing numbered copies is a state change: a POST with its CSRF token, references recorded only
for a PDF that was made, and one print run at a time per person. The PDF is made by a function
that needs no request, so a background job can call it."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import has_request_context
from sqlalchemy import func, select

from surveys.paper import print_runs, printing
from tests.helpers import check_page, csrf_token, pdf_text, sign_in
from tests.views.test_paper import REFERENCE, paper_survey, print_copies
from toolkit import concurrency, db
from toolkit.schema import Job, PaperCopy


def _copies() -> int:
    return int(db.session.scalar(select(func.count()).select_from(PaperCopy)) or 0)


def test_opening_a_pdf_address_records_no_reference(client):
    survey = paper_survey()
    sign_in(client, "facilitator")
    response = client.get(f"/staff/surveys/{survey.id}/print/standard.pdf?lang=en")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    assert "Sample copy" in text and not REFERENCE.search(text)
    assert _copies() == 0
    check_page(client.get(f"/staff/surveys/{survey.id}/print/standard.pdf?copies=3"), 400)
    assert _copies() == 0


def test_numbered_copies_need_the_forms_csrf_token(client):
    survey = paper_survey()
    sign_in(client, "facilitator")
    forged = client.post(f"/staff/surveys/{survey.id}/print/standard.pdf", data={"copies": "3"})
    assert forged.status_code == 400
    forged_form = client.post(f"/staff/surveys/{survey.id}/print", data={"variant": "standard", "copies": "3"})
    assert forged_form.status_code == 400
    assert _copies() == 0
    assert print_copies(client, survey, copies=3).status_code == 200
    assert _copies() == 3


def test_references_are_recorded_only_for_a_pdf_that_was_made(app, monkeypatch):
    survey = paper_survey()

    def fails(*_args, **_kwargs):
        raise RuntimeError("the PDF could not be made")

    monkeypatch.setattr(printing, "to_pdf", fails)
    with app.test_request_context(), pytest.raises(RuntimeError):
        print_runs.produce(survey, "standard", "en", 5, None)
    assert _copies() == 0


def test_a_print_run_is_made_without_a_request(app):
    survey = paper_survey()
    assert not has_request_context()
    run = print_runs.produce(survey, "easy-read", "en", 2, None)
    assert run.content.startswith(b"%PDF-") and len(run.references) == 2
    assert set(REFERENCE.findall(pdf_text(run.content))) == set(run.references)
    assert _copies() == 2


def test_one_print_run_at_a_time_per_person(client, app):
    survey = paper_survey()
    user = sign_in(client, "facilitator")
    folder = Path(app.instance_path) / "print-runs"
    with concurrency.slot(folder, f"user-{user.id}", app.config["PRINT_RUNS_PER_USER"]):
        busy = print_copies(client, survey, copies=2)
        assert busy.status_code == 429
        assert "already making a PDF" in check_page(busy, 429).get_text()
        other = app.test_client()
        sign_in(other, "lead")  # another person is not held up
        assert print_copies(other, survey).status_code == 200
    assert _copies() == 1
    assert print_copies(client, survey, copies=2).status_code == 200
    assert _copies() == 3


def test_a_slot_is_free_again_when_its_holder_fails(tmp_path):
    with pytest.raises(ValueError), concurrency.slot(tmp_path, "user-1"):
        raise ValueError("the run failed")
    with concurrency.slot(tmp_path, "user-1") as number:
        assert number == 0
        with pytest.raises(concurrency.Busy), concurrency.slot(tmp_path, "user-1"):
            pass
        with concurrency.slot(tmp_path, "user-1", slots=2) as second:
            assert second == 1


def test_the_print_form_page_still_has_a_token(client):
    survey = paper_survey()
    sign_in(client, "facilitator")
    assert csrf_token(client.get(f"/staff/surveys/{survey.id}/paper"))


def test_the_print_run_limit_is_shared_by_every_app_instance(app, database_url):
    """Two app instances on one database (two servers behind a load balancer) share the limit: on
    PostgreSQL a slot is an advisory lock, released when its holder's connection ends."""
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite is one machine: the file lock already covers every process on it")
    second = db.make_engine(database_url)  # another instance's own engine and connections
    try:
        held = concurrency.slot(Path("/nonexistent"), "user-1", 1, second)
        with held, pytest.raises(concurrency.Busy), concurrency.slot(Path("/nonexistent"), "user-1"):
            pass  # this instance's engine sees the other instance's slot
        with concurrency.slot(Path("/nonexistent"), "user-1") as number:
            assert number == 0  # released with the block
    finally:
        second.dispose()


def _start_big_print_run(client, app, copies=3):
    app.config["PRINT_JOB_ABOVE_COPIES"] = 2
    survey = paper_survey()
    sign_in(client, "facilitator")
    response = print_copies(client, survey, copies=copies)
    assert response.status_code == 303
    job = db.session.scalars(select(Job)).one()
    assert response.headers["Location"] == f"/staff/jobs/{job.id}"
    assert job.kind == "survey_print"
    return job


def _references() -> set[str]:
    return set(db.session.scalars(select(PaperCopy.reference)))


def test_a_print_run_above_the_setting_is_made_on_the_queue_with_a_progress_page(client, app):
    job = _start_big_print_run(client, app)
    soup = check_page(client.get(f"/staff/jobs/{job.id}"))
    assert "3 numbered copies of" in soup.get_text()
    download = client.get(f"/staff/jobs/{job.id}/download")
    assert download.mimetype == "application/pdf"
    assert set(REFERENCE.findall(pdf_text(download.data))) == _references()
    assert _copies() == 3
    assert print_copies(client, paper_survey("small"), copies=2).mimetype == "application/pdf"  # at the setting


def test_a_print_job_that_dies_after_issuing_its_references_issues_no_more(client, app, monkeypatch):
    """The consumer dies after the references were recorded but before the file was written: the
    retried job lays out the same copies from its `state` and issues nothing new."""
    from toolkit.jobs import JobContext, repository
    from toolkit.jobs.runner import execute

    def dies(*_args, **_kwargs):
        raise RuntimeError("the consumer died")

    monkeypatch.setattr(JobContext, "write", dies)
    job = _start_big_print_run(client, app)
    stored = repository.fresh(job.id)
    assert stored.status == "queued" and len(stored.state["references"]) == 3
    issued = _references()
    assert issued == set(stored.state["references"])
    monkeypatch.undo()
    execute(job.id)
    assert repository.fresh(job.id).status == "done"
    assert _references() == issued and _copies() == 3
    download = client.get(f"/staff/jobs/{job.id}/download")
    assert set(REFERENCE.findall(pdf_text(download.data))) == issued


def test_a_big_print_run_in_a_language_the_survey_lacks_is_refused_before_queueing(client, app):
    app.config["PRINT_JOB_ABOVE_COPIES"] = 2
    survey = paper_survey()
    sign_in(client, "facilitator")
    check_page(print_copies(client, survey, copies=3, lang="pl"), 400)
    assert db.session.scalars(select(Job)).all() == []


def test_a_big_print_run_is_limited_by_the_queue_not_the_pdf_slot(client, app):
    """On the queue path the per-person limit is the job queue's (JOBS_PER_PERSON, counted in the
    database, so shared by every app instance like the PDF slots): a refused run is queued for no
    one and issues no reference. The shared PDF slot guards only a run made in the request."""
    app.config["PRINT_JOB_ABOVE_COPIES"] = 2
    app.config["JOBS_PER_PERSON"] = 0
    survey = paper_survey()
    sign_in(client, "facilitator")
    check_page(print_copies(client, survey, copies=3), 429)
    assert db.session.scalars(select(Job)).all() == [] and _copies() == 0
