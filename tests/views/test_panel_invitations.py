"""Staff pages for panel invitations: draw (seed shown, sample against population and panel,
unfillable groups said plainly), send as a job, the batch page; who may see them."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.helpers import check_page, csrf_token, make_user, sign_in, sign_in_as
from tests.panel_factories import make_live_survey, make_panel
from toolkit import db
from toolkit.schema import AuditEvent, Job, OutboxMessage, PanelInvitation, PanelInvitationBatch


def setup(members: int = 30):
    survey = make_live_survey()
    panel = make_panel(members)
    with db.transaction() as session:
        session.get(type(panel), panel.id).team_id = survey.team_id
    return panel, survey


def draw(client, panel, survey, **data):
    url = f"/staff/panel/{panel.id}/invitations/new"
    page = check_page(client.get(url))
    assert page.find("form")
    form = {"csrf_token": csrf_token(client.get(url)), "survey_id": survey.id, "everyone": "sample", "size": "10"}
    form.update(data)
    return client.post(url, data={**form, "dimensions": data.get("dimensions", ["age", "sex"])})


def test_a_lead_draws_a_sample_sees_it_against_population_and_panel_and_sends_it(app, client):
    panel, survey = setup()
    sign_in(client, "lead")
    check_page(client.get(f"/staff/panel/{panel.id}/invitations"))
    shown = draw(client, panel, survey, seed="4321")
    soup = check_page(shown)
    text = soup.get_text(" ", strip=True)
    assert "4321" in text and "Population" in text and "Panel (may be invited)" in text
    assert "Send 10 invitations" in text
    send_form = soup.find("form", action=f"/staff/panel/{panel.id}/invitations/send")
    fields = {i["name"]: i.get("value", "") for i in send_form.find_all("input")}
    assert fields["seed"] == "4321" and fields["size"] == "10" and fields["dimensions"] == "age,sex"
    sent = client.post(f"/staff/panel/{panel.id}/invitations/send", data=fields)
    assert sent.status_code == 303 and "/staff/jobs/" in sent.location
    batch = db.session().scalars(select(PanelInvitationBatch)).one()
    assert (batch.seed, batch.status, batch.requested) == (4321, "sent", 10)
    assert len(db.session().scalars(select(PanelInvitation)).all()) == 10
    assert db.session().scalars(select(Job)).one().status == "done"
    actions = set(db.session().scalars(select(AuditEvent.action)))
    assert {"panel_invitations_drawn", "panel_invitations_sent"} <= actions
    page = check_page(client.get(f"/staff/panel/{panel.id}/invitations/{batch.id}"))
    words = page.get_text(" ", strip=True)
    assert "Who answered" in words and "All invited" in words and "4321" in words
    listing = check_page(client.get(f"/staff/panel/{panel.id}/invitations"))
    assert survey.title in listing.get_text(" ", strip=True)


def test_the_same_seed_draws_the_same_sample_and_the_page_says_when_a_group_cannot_be_filled(app, client):
    panel, survey = setup(members=12)
    sign_in(client, "lead")
    first = check_page(draw(client, panel, survey, size="10", seed="77", dimensions=["age", "sex", "unpaid_care"]))
    again = check_page(draw(client, panel, survey, size="10", seed="77", dimensions=["age", "sex", "unpaid_care"]))
    table = lambda soup: [t.get_text(" ", strip=True) for t in soup.find_all("table")]  # noqa: E731
    assert table(first) == table(again)
    assert "Some groups cannot be filled" in first.get_text(" ", strip=True)


def test_bad_input_is_a_clear_message_not_a_server_error(app, client):
    panel, survey = setup(members=5)
    sign_in(client, "lead")
    too_many = draw(client, panel, survey, size="50", seed="1")
    assert too_many.status_code == 400 and "Only 5 members" in too_many.get_data(as_text=True)
    no_size = draw(client, panel, survey, size="", seed="1")
    assert no_size.status_code == 400 and "Enter how many members" in no_size.get_data(as_text=True)
    page = client.get(f"/staff/panel/{panel.id}/invitations/new")
    token = csrf_token(page)
    garbled = client.post(
        f"/staff/panel/{panel.id}/invitations/send",
        data={"csrf_token": token, "survey_id": "x", "size": "1", "seed": "1", "dimensions": "age"},
    )
    assert garbled.status_code == 400
    assert client.get(f"/staff/panel/{panel.id}/invitations/999").status_code == 404
    assert client.get("/staff/panel/999/invitations").status_code == 404
    assert db.session().scalars(select(OutboxMessage)).all() == []


def test_facilitators_and_viewers_may_not_invite_and_panel_managers_may(app, client):
    panel, _survey = setup(members=3)
    for role in ("facilitator", "viewer"):
        user = make_user(role, email=f"{role}@example.org")
        browser = app.test_client()
        sign_in_as(browser, user)
        assert browser.get(f"/staff/panel/{panel.id}/invitations").status_code == 403
    manager = make_user("panel_manager", email="manager@example.org")
    fresh = app.test_client()
    sign_in_as(fresh, manager)
    assert fresh.get(f"/staff/panel/{panel.id}/invitations").status_code == 200


def test_signed_out_visitors_are_sent_to_sign_in(app, client):
    panel, _survey = setup(members=1)
    response = client.get(f"/staff/panel/{panel.id}/invitations/new")
    assert response.status_code == 302 and re.search(r"/staff/sign-in", response.location)


def test_the_demo_has_one_past_invitation_with_response_rates_by_group(app, client):
    from panel import demo
    from panel.invitations_demo import load_demo as load_invitation_demo
    from surveys.demo import load_demo as load_survey_demo

    list(load_survey_demo(5))
    list(demo.load_demo(300))
    (loaded,) = list(load_invitation_demo())
    assert "seed 2024" in loaded
    assert list(load_invitation_demo()) == ["Demo panel invitation already loaded."]
    batch = db.session().scalars(select(PanelInvitationBatch)).one()
    assert batch.status == "sent" and batch.summary["drawn"] == 150
    sign_in(client, "lead")
    page = check_page(client.get(f"/staff/panel/{batch.panel_id}/invitations/{batch.id}"))
    words = page.get_text(" ", strip=True)
    assert "Who answered" in words and "Age" in words and "Response rate" in words
    assert re.search(r"\d+%", words)


def test_without_notify_letters_waiting_in_the_outbox_are_printed_on_request(app, client):
    from pathlib import Path

    from tests.helpers import pdf_text
    from toolkit import outbox
    from toolkit.schema import PanelMember

    panel, _survey = setup(members=2)
    member = db.session().scalars(select(PanelMember).where(PanelMember.panel_id == panel.id)).first()
    with db.transaction() as session:
        outbox.enqueue(
            session, to=f"panel_member:{member.id}", subject="Stay?", body="Do you want to stay?", kind="letter"
        )
    sign_in(client, "lead")
    page = check_page(client.get(f"/staff/panel/{panel.id}/invitations"))
    assert "1 letter is waiting" in page.get_text(" ", strip=True)
    form = page.find("form", action=f"/staff/panel/{panel.id}/invitations/letters")
    printed = client.post(form["action"], data={"csrf_token": form.find("input")["value"]})
    assert printed.status_code == 303
    job = db.session().scalars(select(Job)).one()
    assert job.status == "done"
    words = pdf_text((Path(app.config["JOB_FILES_DIR"]) / job.result_path).read_bytes())
    assert "Do you want to stay?" in words and "Fishergate" in words
    assert db.session().scalars(select(OutboxMessage.status)).all() == ["sent"]
    assert "waiting to be printed" not in check_page(client.get(f"/staff/panel/{panel.id}/invitations")).get_text()
