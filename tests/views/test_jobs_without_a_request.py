"""Every job that renders a page runs as a queue consumer runs it: in the app's context, with no
request. Tests otherwise run jobs at once inside the request that starts them, where the starting
blueprint's template helpers are to hand; a consumer has none, and the engagement and workshop
report PDFs failed there ("'source_label' is undefined") though every test passed."""

from __future__ import annotations

from typing import Any

import pytest
from flask import has_request_context
from sqlalchemy import select

from surveys import repository as surveys
from tests.views.test_reports import LOAD_REPORT_DEMO, demo  # noqa: F401 (the demo engagement)
from toolkit import db
from toolkit.jobs import repository as jobs_repository
from toolkit.jobs.runner import execute
from toolkit.schema import Engagement, Job, Survey, WorkshopSession


def _run(kind: str, params: dict[str, Any]) -> Job:
    with db.transaction() as session:
        job = Job(kind=kind, title=kind, params=params, state={}, started_by=None)
        session.add(job)
    execute(job.id)
    found = jobs_repository.fresh(job.id)
    assert found is not None
    return found


@pytest.mark.parametrize(
    "kind",
    [
        "engagement_report_pdf",
        "engagement_report_docx",
        "engagement_report_publish",
        "workshop_report_pdf",
        "survey_print",
        "survey_posters",
    ],
)
def test_a_job_that_renders_pages_runs_outside_any_request(demo: Engagement, kind: str) -> None:  # noqa: F811
    for _line in LOAD_REPORT_DEMO():  # themes, quotes and commitments: the report's every section
        pass
    survey = db.session.scalars(select(Survey).order_by(Survey.id)).first()
    workshop = db.session.scalars(select(WorkshopSession).order_by(WorkshopSession.id)).first()
    assert survey is not None and workshop is not None
    params = {
        "engagement_report_pdf": {"engagement_id": demo.id},
        "engagement_report_docx": {"engagement_id": demo.id},
        "engagement_report_publish": {"engagement_id": demo.id, "change_note": "For the board."},
        "workshop_report_pdf": {"session_id": workshop.id},
        "survey_print": {"survey_id": survey.id, "variant": "standard", "language": "en", "copies": 12},
        "survey_posters": {
            "survey_id": survey.id,
            "links": {str(c.id): f"https://example.org/s/{c.code}" for c in surveys.channels(survey.id)},
        },
    }[kind]
    assert not has_request_context()
    job = _run(kind, params)
    assert (job.status, job.error) == ("done", None)


def test_panel_letters_are_printed_outside_any_request(app) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    from panel import invitations
    from tests.helpers import pdf_text
    from tests.panel_factories import make_panel
    from toolkit import outbox
    from toolkit.schema import PanelMember

    panel = make_panel(2, methods=("post",))
    member = db.session.scalars(select(PanelMember).where(PanelMember.panel_id == panel.id)).first()
    assert member is not None
    with db.transaction() as session:
        outbox.enqueue(
            session, to=f"panel_member:{member.id}", subject="Stay?", body="Do you want to stay?", kind="letter"
        )
    assert not has_request_context()
    job = _run(invitations.LETTERS_JOB_KIND, {"panel_id": panel.id})
    assert (job.status, job.error) == ("done", None)
    assert "Do you want to stay?" in pdf_text((Path(app.config["JOB_FILES_DIR"]) / str(job.result_path)).read_bytes())
