"""Long work goes onto the queue above a size: a big XLSX export (and PDFs of many copies, and
workshop reports) answer with the job's progress page, and the job's file is what the request made."""

from __future__ import annotations

import io
import zipfile

from sqlalchemy import select

from tests.helpers import check_page, sign_in
from tests.integration.test_export import build_survey
from toolkit import db
from toolkit.schema import Job, OutboxMessage


def sheet_of(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as workbook:
        return workbook.read("xl/worksheets/sheet1.xml").decode("utf-8")


def test_a_big_xlsx_export_is_made_on_the_queue_with_a_progress_page(client, app):
    survey = build_survey()
    user = sign_in(client, "lead")
    url = f"/staff/surveys/{survey.id}/export.xlsx?submitted_to=2025-03-01"
    made_in_the_request = sheet_of(client.get(url).data)
    app.config["EXPORT_JOB_ABOVE_ROWS"] = 5
    response = client.get(url)
    assert response.status_code == 303
    job = db.session.scalars(select(Job)).one()
    assert response.headers["Location"] == f"/staff/jobs/{job.id}"
    assert (job.kind, job.started_by) == ("survey_xlsx", user.id)
    soup = check_page(client.get(response.headers["Location"]))
    assert "Excel export of" in soup.get_text()
    download = client.get(f"/staff/jobs/{job.id}/download")
    assert download.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = sheet_of(download.data)
    assert sheet == made_in_the_request and sheet.count("<row ") > 6
    assert db.session.scalars(select(OutboxMessage.subject)).one().startswith("Ready: Excel export of")


def test_a_small_xlsx_export_is_still_made_in_the_request(client, app):
    survey = build_survey()
    sign_in(client, "lead")
    response = client.get(f"/staff/surveys/{survey.id}/export.xlsx?submitted_to=2025-03-01")
    assert response.status_code == 200 and response.data[:2] == b"PK"
    assert db.session.scalars(select(Job)).all() == []


def test_the_workshop_report_pdf_is_made_on_the_queue_from_the_record_page(client):
    from tests.helpers import csrf_token, pdf_text
    from tests.views.test_workshops import STAFF, demo_session

    workshop = demo_session()
    sign_in(client, "viewer")
    page = client.get(f"{STAFF}/sessions/{workshop.id}/record")
    response = client.post(f"{STAFF}/sessions/{workshop.id}/record.pdf", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 303
    job = db.session.scalars(select(Job)).one()
    assert response.headers["Location"] == f"/staff/jobs/{job.id}"
    soup = check_page(client.get(response.headers["Location"]))
    assert f"workshop-{workshop.id}-record.pdf" in soup.get_text()
    download = client.get(f"/staff/jobs/{job.id}/download")
    assert download.mimetype == "application/pdf"
    assert "Continuity of care" in pdf_text(download.data, layout=False)


def test_opening_a_report_files_address_makes_nothing_until_its_button_is_pressed(client):
    from engagements import repository
    from engagements.model import EngagementDetails
    from tests.views.test_workshops import STAFF, demo_session

    workshop = demo_session()
    engagement = repository.create_engagement(EngagementDetails("GP access"), None)
    sign_in(client, "viewer")
    addresses = [
        f"{STAFF}/sessions/{workshop.id}/record.pdf",
        f"/staff/engagements/{engagement.id}/report.pdf",
        f"/staff/engagements/{engagement.id}/report.docx",
    ]
    for url in addresses:
        soup = check_page(client.get(url))
        form = soup.find("form", action=url, method="post")
        assert form is not None and form.find("button"), url
        assert "made in the background" in soup.get_text()
    assert db.session.scalars(select(Job)).all() == []
    assert client.post(addresses[1], data={"csrf_token": "forged"}).status_code == 400
    assert db.session.scalars(select(Job)).all() == []


def test_every_channels_poster_is_made_in_one_pdf_on_the_queue(client):
    from surveys import repository
    from tests.helpers import csrf_token, make_survey, pdf_info, pdf_text

    survey = make_survey()
    pharmacy = repository.add_channel(survey, "Pharmacy bag", None)
    retired = repository.add_channel(survey, "Old leaflet", None)
    repository.retire_channel(retired, None)
    sign_in(client, "viewer")
    page = client.get(f"/staff/surveys/{survey.id}/paper")
    response = client.post(f"/staff/surveys/{survey.id}/posters.pdf", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 303
    job = db.session.scalars(select(Job)).one()
    download = client.get(f"/staff/jobs/{job.id}/download")
    assert download.mimetype == "application/pdf"
    assert "Pages:           2" in pdf_info(download.data)  # the survey's own link and the pharmacy bag's
    text = " ".join(pdf_text(download.data, layout=False).split())
    assert f"/c/{pharmacy.code}" in text and "/s/test" in text and retired.code not in text
