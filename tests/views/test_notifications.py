"""Notification settings: each person opts out (or back in), and a survey's optional response target."""

from __future__ import annotations

from sqlalchemy import select

from tests.helpers import check_page, make_survey, post_form, sign_in
from toolkit import db
from toolkit.schema import AuditEvent, StaffUser, Survey

DETAILS = {"title": "T", "kind": "survey", "introduction": "", "privacy_notice": "", "opens_on": "", "closes_on": ""}
DETAILS["response_target"] = ""  # a browser sends the empty box


def test_a_person_opts_out_of_notification_emails_and_back_in(client):
    user = sign_in(client, "viewer")
    soup = check_page(client.get("/staff/notifications/"))
    assert soup.find("input", attrs={"name": "notify_by_email"}).has_attr("checked")
    response = post_form(client, "/staff/notifications/", {}, follow_redirects=True)
    assert "You will not get notification emails." in check_page(response).get_text()
    assert db.session.get(StaffUser, user.id, populate_existing=True).notify_by_email is False
    post_form(client, "/staff/notifications/", {"notify_by_email": "y"})
    assert db.session.get(StaffUser, user.id, populate_existing=True).notify_by_email is True
    events = db.session.scalars(select(AuditEvent.detail).where(AuditEvent.action == "notification_preference"))
    assert list(events) == [{"notify_by_email": False}, {"notify_by_email": True}]


def test_notification_settings_need_a_valid_form(client):
    sign_in(client, "viewer")
    assert client.post("/staff/notifications/", data={"notify_by_email": "y"}).status_code == 400


def test_a_survey_can_have_a_response_target(client):
    survey = make_survey()
    sign_in(client, "lead")
    assert (
        post_form(client, f"/staff/surveys/{survey.id}/details", {**DETAILS, "response_target": "750"}).status_code
        == 302
    )
    assert db.session.get(Survey, survey.id, populate_existing=True).response_target == 750
    page = check_page(client.get(f"/staff/surveys/{survey.id}/details"))
    assert page.find("input", attrs={"name": "response_target"})["value"] == "750"
    assert post_form(client, f"/staff/surveys/{survey.id}/details", DETAILS).status_code == 302
    assert db.session.get(Survey, survey.id, populate_existing=True).response_target is None


def test_a_response_target_must_be_a_positive_number(client):
    survey = make_survey()
    sign_in(client, "lead")
    for bad in ("0", "lots"):
        response = post_form(client, f"/staff/surveys/{survey.id}/details", {**DETAILS, "response_target": bad})
        soup = check_page(response, status=400)
        assert soup.select_one(".nhsuk-error-summary")
