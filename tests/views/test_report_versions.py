"""Published versions of the engagement report (kept as published, dated, saying what changed,
each downloadable), and the PDF and Word renders made on the job queue with a progress page."""

from __future__ import annotations

import io

import pytest
from docx import Document
from flask.testing import FlaskClient
from sqlalchemy import select

from reports import repository
from tests.helpers import check_page, csrf_token, make_user, pdf_text, sign_in_as
from toolkit import audit, db
from toolkit.jobs import repository as jobs_repository
from toolkit.schema import Engagement, Job

STAFF = "/staff/engagements"


@pytest.fixture
def lead(client: FlaskClient) -> FlaskClient:
    sign_in_as(client, make_user("lead", "versions.lead@example.org"))
    return client


def _publish(client: FlaskClient, found: Engagement, note: str = ""):
    return client.post(
        f"{STAFF}/{found.id}/report/versions",
        data={"report-csrf_token": csrf_token(client.get(f"{STAFF}/{found.id}/report")), "report-change_note": note},
    )


def _follow_job(client: FlaskClient, response) -> bytes:  # type: ignore[no-untyped-def]
    assert response.status_code == 303 and "/staff/jobs/" in response.location
    page = check_page(client.get(response.location))
    link = page.find("a", href=lambda h: h and h.endswith("/download"))
    assert link is not None, page.get_text()
    download = client.get(link["href"])
    assert download.status_code == 200
    return download.data


def test_each_published_version_is_kept_dated_and_says_what_changed(demo: Engagement, lead: FlaskClient):
    assert _publish(lead, demo).status_code == 303
    first = repository.report_version(demo.id, 1)
    assert first is not None and first.changed_sections == [k for k, *_r in repository.model.SECTIONS]
    kept_html, kept_docx = first.html, first.docx
    written = repository.narrative(demo.id)
    assert written is not None
    texts = {"summary": written.summary, "recommendations": "- Open a second centre", "next_steps": written.next_steps}
    repository.save_narrative(demo, texts, list(written.quote_keys), None, written.evaluation)
    assert _publish(lead, demo, "The committee asked for a second centre.").status_code == 303
    second = repository.report_version(demo.id, 2)
    assert second is not None and second.changed_sections == ["5"]
    assert second.change_note == "The committee asked for a second centre."
    # the first is never changed
    again = repository.report_version(demo.id, 1)
    assert again is not None and (again.html, again.docx) == (kept_html, kept_docx)
    assert "Open a second centre" in second.html and "Open a second centre" not in again.html
    page = check_page(lead.get(f"{STAFF}/{demo.id}/report"))
    versions = " ".join(page.find("table", class_="nhsuk-table").get_text().split())
    assert "Sections changed: 5. Recommendations" in versions and "First version." in versions
    assert "The committee asked for a second centre." in versions
    actions = [e.action for e in audit.events_for("engagement", demo.id)]
    assert actions.count("report.version_published") == 2


def test_a_version_is_published_on_the_queue_and_a_retry_publishes_nothing_twice(demo: Engagement, lead: FlaskClient):
    response = _publish(lead, demo, "For the board.")
    assert response.status_code == 303 and response.location.startswith("/staff/jobs/")
    job = db.session.scalars(select(Job)).one()
    assert (job.kind, job.params["change_note"], job.state) == (
        "engagement_report_publish",
        "For the board.",
        {"version": 1},
    )
    page = check_page(lead.get(response.location))
    assert "It has finished." in page.get_text() and page.find("a", href=f"{STAFF}/{demo.id}/report#versions")
    kept = repository.report_version(demo.id, 1)
    assert kept is not None and kept.published_by == job.started_by and kept.change_note == "For the board."
    # A consumer that died after keeping the version, before marking the job done, runs it again.
    with db.transaction() as session:
        session.get(Job, job.id).status = "failed"
    lead.post(f"{response.location}/retry", data={"csrf_token": csrf_token(lead.get(response.location))})
    assert jobs_repository.fresh(job.id).status == "done"
    assert [v.version for v in repository.report_versions(demo.id)] == [1]
    actions = [e.action for e in audit.events_for("engagement", demo.id)]
    assert actions.count("report.version_published") == 1


def test_every_version_downloads_as_it_was_published(demo: Engagement, lead: FlaskClient):
    _publish(lead, demo)
    html = lead.get(f"{STAFF}/{demo.id}/report/versions/1.html")
    assert html.status_code == 200 and "attachment" in html.headers["Content-Disposition"]
    assert "1. Dates and timescales" in html.get_data(as_text=True)
    word = lead.get(f"{STAFF}/{demo.id}/report/versions/1.docx")
    headings = [p.text for p in Document(io.BytesIO(word.data)).paragraphs if p.style.name.startswith("Heading")]
    assert "6. Next steps" in headings
    token = csrf_token(lead.get(f"{STAFF}/{demo.id}/report"))
    pdf = _follow_job(lead, lead.post(f"{STAFF}/{demo.id}/report/versions/1.pdf", data={"csrf_token": token}))
    assert pdf.startswith(b"%PDF-") and "6. Next steps" in pdf_text(pdf)
    assert lead.get(f"{STAFF}/{demo.id}/report/versions/9.html").status_code == 404
    assert lead.post(f"{STAFF}/{demo.id}/report/versions/9.pdf", data={"csrf_token": token}).status_code == 404


def test_publishing_needs_a_lead_and_a_short_note(demo: Engagement, client: FlaskClient):
    sign_in_as(client, make_user("viewer", "versions.viewer@example.org"))
    assert _publish(client, demo).status_code == 403
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(client.get(f"{STAFF}/{demo.id}/report"))})
    sign_in_as(client, make_user("lead", "versions.lead2@example.org"))
    assert _publish(client, demo, "x" * 3000).status_code == 400
    assert repository.report_versions(demo.id) == []


def test_the_pdf_and_word_renders_run_on_the_queue(demo: Engagement, lead: FlaskClient):
    page = check_page(lead.get(f"{STAFF}/{demo.id}/report"))
    for kind in ("pdf", "docx"):
        assert page.find("form", action=f"{STAFF}/{demo.id}/report.{kind}", method="post") is not None
    token = csrf_token(lead.get(f"{STAFF}/{demo.id}/report"))
    pdf = _follow_job(lead, lead.post(f"{STAFF}/{demo.id}/report.pdf", data={"csrf_token": token}))
    assert pdf.startswith(b"%PDF-") and "3. Who took part" in pdf_text(pdf)
    word = _follow_job(lead, lead.post(f"{STAFF}/{demo.id}/report.docx", data={"csrf_token": token}))
    document = Document(io.BytesIO(word))
    assert any(p.text == "4. What people told us" for p in document.paragraphs)
