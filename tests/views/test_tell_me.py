"""Telling people the outcome: a sign-up link from a workshop, an email when a commitment changes
status after publication, a link in every email that deletes the address, and a staff action
that deletes one on request."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from engagements import repository as engagements
from engagements.model import EngagementDetails
from reports import repository
from tests.helpers import check_page, csrf_token, make_user, post_form, sign_in_as
from toolkit import audit, db, outbox
from toolkit.schema import Engagement
from workshops import repository as workshops
from workshops.model import SessionDetails

EMAIL = "person@example.com"


@pytest.fixture
def engagement(app: Flask) -> Engagement:
    return engagements.create_engagement(EngagementDetails(title="Evening clinics"), None)


def _token(client: FlaskClient, url: str, name: str) -> str:
    return check_page(client.get(url)).find("input", attrs={"name": name})["value"]


def _messages() -> list:
    with db.transaction() as session:
        return [m for m in outbox.recent(session) if m.to_address == EMAIL]


def test_a_workshop_participant_can_sign_up_from_the_session_page(client: FlaskClient, engagement: Engagement):
    workshop = workshops.create_session(engagement, SessionDetails(title="Session", venue="Hall"), None)
    page = check_page(client.get(f"/w/{workshop.code}"))
    link = page.find("a", href=f"/you-said-we-did/{engagement.id}/tell-me")
    assert link is not None
    assert post_form(client, link["href"], {"email": EMAIL}).status_code == 200
    assert repository.subscriber_count(engagement.id) == 1


def test_status_changes_are_emailed_and_every_email_can_delete_its_address(client: FlaskClient, engagement: Engagement):
    post_form(client, f"/you-said-we-did/{engagement.id}/tell-me", {"email": EMAIL})
    sign_in_as(client, make_user("lead", "tell.lead@example.org"))
    base = f"/staff/engagements/{engagement.id}/you-said-we-did"
    post_form(client, f"{base}/commitments/new", {"what": "Evening clinics", "owner": "Practice", "status": "agreed"})
    row = repository.commitments(engagement.id)[0]
    assert _messages() == []  # nothing published yet: nothing to tell
    client.post(f"{base}/publish", data={"publish-csrf_token": _token(client, base, "publish-csrf_token")})
    assert len(_messages()) == 1
    changed = {"what": "Evening clinics", "owner": "Practice", "status": "in_progress"}
    assert post_form(client, f"{base}/commitments/{row.id}", changed).status_code == 302
    messages = _messages()
    assert len(messages) == 2 and sum("In progress" in m.body for m in messages) == 1
    post_form(client, f"{base}/commitments/{row.id}", changed)  # no change of status: no email
    assert len(_messages()) == 2

    stop = re.search(r"http://localhost(/you-said-we-did/stop/\S+)", messages[0].body)
    assert stop is not None and stop.group(1) in messages[1].body
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(client.get("/staff/account"))})
    confirm = check_page(client.get(stop.group(1)))
    assert confirm.find("form", method="post") is not None
    assert repository.subscriber_count(engagement.id) == 1  # a GET alone deletes nothing
    done = check_page(post_form(client, stop.group(1), {}))
    assert "has been deleted" in done.get_text()
    assert repository.subscriber_count(engagement.id) == 0
    again = check_page(post_form(client, stop.group(1), {}))
    assert "already been deleted" in again.get_text()
    assert check_page(client.get("/you-said-we-did/stop/nonsense")).find("form") is not None


def test_staff_delete_an_address_on_request(client: FlaskClient, engagement: Engagement):
    post_form(client, f"/you-said-we-did/{engagement.id}/tell-me", {"email": EMAIL})
    sign_in_as(client, make_user("lead", "tell.lead2@example.org"))
    base = f"/staff/engagements/{engagement.id}/you-said-we-did"
    page = check_page(client.get(base))
    assert page.find("form", action=f"{base}/forget") is not None
    response = client.post(
        f"{base}/forget",
        data={"forget-csrf_token": _token(client, base, "forget-csrf_token"), "forget-email": "PERSON@example.com"},
    )
    assert response.status_code == 303
    assert repository.subscriber_count(engagement.id) == 0
    event = next(e for e in audit.events_for("engagement", engagement.id) if e.action == "outcome_subscription.deleted")
    assert EMAIL not in str(event.detail)
    missing = client.post(f"{base}/forget", data={"forget-csrf_token": _token(client, base, "forget-csrf_token")})
    assert missing.status_code == 400
