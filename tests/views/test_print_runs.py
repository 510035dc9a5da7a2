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
from toolkit.schema import PaperCopy


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
