""" "Do not quote my words": said at the end of a survey (standard and easy read) or with a
workshop idea, stored with the response or note, and staff quote picking never offers, accepts or
prints those comments (counting and coding them still work)."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from engagements import coding_repository as codes
from reports import repository
from tests.helpers import check_page, csrf_token, make_survey, make_user, post_form, sign_in_as
from tests.views.test_public import _start
from toolkit import db
from toolkit.schema import Response, WorkshopNote
from workshops import repository as workshops
from workshops.model import SessionDetails


def _respond(client: FlaskClient, why: str) -> None:
    _start(client)
    post_form(client, "/s/test/page/s1", {"colour": "red"})
    post_form(client, "/s/test/page/s2", {"why": why})
    page = client.get("/s/test/check")
    key = check_page(page).find("input", attrs={"name": "submission_key"})["value"]
    done = client.post("/s/test/check", data={"csrf_token": csrf_token(page), "submission_key": key})
    assert done.location.endswith("/s/test/done")


def test_respondents_and_participants_can_refuse_quotation_and_staff_never_quote_them(app, client: FlaskClient):
    survey = make_survey()
    engagement = workshops.create_engagement("Quotes", "", None)
    with db.transaction() as session:
        session.merge(survey).engagement_id = engagement.id
    workshop = workshops.create_session(engagement, SessionDetails(title="Session", venue="Hall"), None)

    _respond(client, "Quote me: the car park is full")
    other = app.test_client()
    _respond(other, "Please keep this private: my neighbour's story")
    done = check_page(other.get("/s/test/done"))
    form = done.find("form", action="/s/test/done/do-not-quote")
    assert form is not None and "Do not quote my words" in form.get_text()
    answer = other.post("/s/test/done/do-not-quote", data={"csrf_token": csrf_token(other.get("/s/test/done"))})
    assert answer.status_code == 303 and answer.location.endswith("/s/test/done")
    assert "We will not quote your words." in other.get("/s/test/done").get_data(as_text=True)
    stored = {r.answers["why"]: r.no_quote for r in db.session.scalars(select(Response))}
    assert stored == {"Quote me: the car park is full": False, "Please keep this private: my neighbour's story": True}

    idea = f"/w/{workshop.code}/idea"
    page = check_page(client.get(idea))
    assert page.find("input", attrs={"name": "no_quote", "type": "checkbox"}) is not None
    post_form(client, idea, {"text": "Do not print this idea", "no_quote": "y", "idempotency_key": "k" * 32})
    post_form(client, idea, {"text": "Print this idea", "idempotency_key": "j" * 32})
    notes = {n.text: n.no_quote for n in db.session.scalars(select(WorkshopNote))}
    assert notes == {"Do not print this idea": True, "Print this idea": False}

    offered = {q.text for q in repository.quotable(engagement.id)}
    assert offered == {"Quote me: the car park is full", "Print this idea"}
    everything = {c.text for c in codes.comments(engagement.id)}
    assert "Do not print this idea" in everything  # still counted and coded
    refused = next(c for c in codes.comments(engagement.id) if c.text == "Do not print this idea")

    sign_in_as(client, make_user("lead", "quotes.lead@example.org"))
    editor = check_page(client.get(f"/staff/engagements/{engagement.id}/report/edit"))
    values = {i["value"] for i in editor.find_all("input", attrs={"name": "quotes"})}
    assert str(refused.key) not in values and values
    response = post_form(client, f"/staff/engagements/{engagement.id}/report/edit", {"quotes": str(refused.key)})
    assert response.status_code == 400
    report = client.get(f"/staff/engagements/{engagement.id}/report").get_data(as_text=True)
    assert "Do not print this idea" not in report


def test_refusing_needs_a_response_this_browser_sent(client: FlaskClient):
    make_survey()
    assert client.post("/s/test/done/do-not-quote", data={}).status_code in (400, 404)
