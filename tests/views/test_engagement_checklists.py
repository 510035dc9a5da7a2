"""Checklist pages: ticks with who/when/note/evidence, the Gunning gate on launching a formal
consultation, admins adopting a new version while running engagements keep theirs, the calendar."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime

import pytest
from flask.testing import FlaskClient

from engagements import checklists, repository
from engagements.model import EngagementDetails
from tests.helpers import check_page, csrf_token, post_form, sign_in
from tests.views.test_engagements import date_boxes
from toolkit import audit
from toolkit.schema import Engagement
from workshops import repository as workshops
from workshops.model import SessionDetails

STAFF = "/staff/engagements"
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"


def make_engagement(**values: object) -> Engagement:
    return repository.create_engagement(EngagementDetails(**{"title": "Consultation", **values}), None)  # type: ignore[arg-type]


@pytest.fixture
def lead(client: FlaskClient) -> FlaskClient:
    sign_in(client, "lead")
    return client


def test_checklist_pages_render(lead: FlaskClient) -> None:
    engagement = make_engagement()
    base = f"{STAFF}/{engagement.id}/checklists"
    check_page(lead.get(base))
    for key in checklists.ORDER:
        check_page(lead.get(f"{base}/{key}"))
    check_page(lead.get(f"{base}/gunning/formative"))
    check_page(lead.get(f"{STAFF}/calendar"))
    assert lead.get(f"{base}/nonsense").status_code == 404
    assert lead.get(f"{base}/gunning/nonsense").status_code == 404


def test_a_tick_records_who_when_a_note_and_an_evidence_file(lead: FlaskClient) -> None:
    engagement = make_engagement()
    url = f"{STAFF}/{engagement.id}/checklists/gunning/formative"
    response = lead.post(
        url,
        data={
            "csrf_token": csrf_token(lead.get(url)),
            "done": "y",
            "note": "Options A to C still open",
            "link": "/staff/surveys/1",
            "file": (io.BytesIO(PDF), "board minutes.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    state = repository.ticks(engagement.id)[("gunning", "formative")]
    assert state.done and state.note == "Options A to C still open" and state.ticked_by == "Test lead"
    assert state.evidence_file == "board minutes.pdf" and state.evidence_link == "/staff/surveys/1"
    page = check_page(lead.get(f"{STAFF}/{engagement.id}/checklists/gunning")).get_text(" ", strip=True)
    assert "Recorded by Test lead on" in page and "board minutes.pdf" in page
    row = repository.tick_row(engagement.id, "gunning", "formative")
    assert row is not None and row.evidence_file_id is not None
    download = lead.get(f"{STAFF}/{engagement.id}/evidence/{row.evidence_file_id}")
    assert download.data == PDF and download.headers["Content-Disposition"].startswith("attachment")
    assert any(e.action == "tick" for e in audit.events_for("engagement", engagement.id))


def test_an_evidence_file_of_the_wrong_type_is_refused_with_a_message(lead: FlaskClient) -> None:
    engagement = make_engagement()
    url = f"{STAFF}/{engagement.id}/checklists/gunning/formative"
    response = lead.post(
        url,
        data={"csrf_token": csrf_token(lead.get(url)), "done": "y", "file": (io.BytesIO(b"<html>"), "minutes.pdf")},
        content_type="multipart/form-data",
    )
    assert "The file must be a" in check_page(response, 400).get_text()
    assert repository.ticks(engagement.id) == {}


def test_a_consultation_cannot_launch_while_a_gunning_launch_item_is_open(lead: FlaskClient) -> None:
    engagement = make_engagement(kind="consultation")
    url = f"{STAFF}/{engagement.id}"
    response = lead.post(f"{url}/status", data={"csrf_token": csrf_token(lead.get(url)), "status": "launched"})
    page = check_page(response, 409).get_text(" ", strip=True)
    assert "cannot be launched yet" in page and "formative stage" in page and "adequate time" in page
    assert repository.get_engagement(engagement.id).status == "planning"  # type: ignore[union-attr]
    for item in ("formative", "sufficient_reasons", "adequate_time"):
        post_form(lead, f"{url}/checklists/gunning/{item}", {"done": "y", "note": "Evidence kept"})
    response = lead.post(f"{url}/status", data={"csrf_token": csrf_token(lead.get(url)), "status": "launched"})
    assert response.status_code == 302
    launched = repository.get_engagement(engagement.id)
    assert launched is not None and launched.status == "launched" and launched.actual_opens_on == date.today()


def test_an_engagement_that_is_not_a_consultation_launches_without_the_gate(lead: FlaskClient) -> None:
    engagement = make_engagement()
    url = f"{STAFF}/{engagement.id}"
    assert (
        lead.post(f"{url}/status", data={"csrf_token": csrf_token(lead.get(url)), "status": "launched"}).status_code
        == 302
    )


def _upload(client: FlaskClient, content: dict[str, object]):  # type: ignore[no-untyped-def]
    url = f"{STAFF}/checklists"
    data = {"csrf_token": csrf_token(client.get(url)), "file": (io.BytesIO(json.dumps(content).encode()), "v2.json")}
    return client.post(url, data=data, content_type="multipart/form-data")


def test_a_new_version_adopted_by_an_admin_leaves_a_running_engagement_on_its_version(client: FlaskClient) -> None:
    running = make_engagement(title="Running")
    sign_in(client, "admin")
    content = {
        "key": "gunning",
        "version": "2027.1",
        "title": "Gunning, co-produced with our public",
        "launch_gate": True,
        "items": [{"id": "formative", "stage": "launch", "text": "Still formative, in plain words"}],
    }
    assert _upload(client, content).status_code == 302
    assert "already here" in check_page(_upload(client, content), 400).get_text()
    assert repository.current_versions()["gunning"] == "2026.1"  # uploading is not adopting
    url = f"{STAFF}/checklists"
    client.post(f"{url}/gunning/adopt", data={"csrf_token": csrf_token(client.get(url)), "version": "2027.1"})
    assert repository.current_versions()["gunning"] == "2027.1"
    started_later = make_engagement(title="Later")
    assert repository.engagement_checklist(running, "gunning").version == "2026.1"  # type: ignore[union-attr]
    assert len(repository.engagement_checklist(running, "gunning").items) == 4  # type: ignore[union-attr]
    assert repository.engagement_checklist(started_later, "gunning").version == "2027.1"  # type: ignore[union-attr]
    page = check_page(client.get(f"{STAFF}/{running.id}/checklists")).get_text(" ", strip=True)
    assert "Version 2026.1" in page


def test_only_admins_change_checklist_versions_and_the_calendar(lead: FlaskClient) -> None:
    assert lead.get(f"{STAFF}/checklists").status_code == 403
    check_page(lead.get(f"{STAFF}/calendar"))
    response = post_form(
        lead,
        f"{STAFF}/calendar",
        {
            "kind": "school_holiday",
            "name": "Easter",
            **date_boxes("starts_on", "2027-03-29"),
            **date_boxes("ends_on", "2027-04-09"),
        },
    )
    assert response.status_code == 403


def test_an_admin_adds_a_school_holiday_and_engagements_are_warned(client: FlaskClient) -> None:
    sign_in(client, "admin")
    response = post_form(
        client,
        f"{STAFF}/calendar",
        {
            "kind": "school_holiday",
            "name": "Easter holidays",
            **date_boxes("starts_on", "2027-03-29"),
            **date_boxes("ends_on", "2027-04-09"),
        },
    )
    assert response.status_code == 302
    engagement = make_engagement(planned_opens_on=date(2027, 4, 1), planned_closes_on=date(2027, 7, 1))
    text = check_page(client.get(f"{STAFF}/{engagement.id}")).get_text(" ", strip=True)
    assert "Easter holidays" in text and "pre-election period" in text
    bad = post_form(
        client,
        f"{STAFF}/calendar",
        {
            "kind": "school_holiday",
            "name": "Backwards",
            **date_boxes("starts_on", "2027-04-09"),
            **date_boxes("ends_on", "2027-03-29"),
        },
    )
    assert check_page(bad, 400)


def test_a_workshop_session_in_a_pre_election_period_is_warned_about(lead: FlaskClient) -> None:
    engagement = make_engagement()
    when = datetime(2027, 4, 20, 18, 0, tzinfo=UTC)
    workshops.create_session(engagement, SessionDetails("Evening session", starts_at=when, venue="Hall"), None)
    text = check_page(lead.get(f"{STAFF}/{engagement.id}")).get_text(" ", strip=True)
    assert "Evening session : Its dates fall in the pre-election period" in text
