"""Panel invitations end to end on both engines: draw and send through the outbox, the personal
link counting a response without the member on it, reminders only to those who have not
answered and only while the survey is open, response rates by group and weighting."""

from __future__ import annotations

import random
import re
from datetime import UTC, timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text

from panel import invitations as service
from tests.helpers import csrf_token, make_user
from tests.panel_factories import make_live_survey, make_panel
from toolkit import db, jobs
from toolkit import invitations as codes
from toolkit.schema import (
    EqualityResponse,
    Job,
    OutboxMessage,
    Panel,
    PanelInvitation,
    PanelInvitationBatch,
    PanelMember,
    PanelProfile,
    Response,
    metadata,
)


def send(panel: Panel, survey, size: int | None = 20, seed: int = 7, dims=("age", "sex")) -> PanelInvitationBatch:
    user = make_user("lead", email=f"lead{random.random()}@example.org")
    panel.team_id = survey.team_id
    db.session().commit()
    batch = service.create_batch(panel, survey, size, dims, seed, staff_user_id=user.id, base_url="https://panel.test")
    service.start_sending(batch.id, user.id)
    jobs.start(service.JOB_KIND, "Invitations", {"batch_id": batch.id}, started_by=user.id)
    return db.session().get(PanelInvitationBatch, batch.id, populate_existing=True)


INVITATION_KINDS = ("panel_invitation", "sms", "letter")


def invitation_messages() -> list[OutboxMessage]:
    query = select(OutboxMessage).where(OutboxMessage.kind.in_(INVITATION_KINDS)).order_by(OutboxMessage.id)
    return list(db.session().scalars(query))


def code_from(body: str) -> str:
    match = re.search(r"invite=([0-9A-Z]{12})", body) or re.search(r"/i/([0-9A-Z-]{14})", body)
    assert match, body
    return codes.normalise(match.group(1))


def test_a_batch_is_written_to_the_outbox_once_per_member_and_marks_them_invited(app):
    panel = make_panel(60, methods=("email", "sms"))
    survey = make_live_survey()
    batch = send(panel, survey, size=20)
    assert batch.status == "sent"
    invitations = db.session().scalars(select(PanelInvitation).where(PanelInvitation.batch_id == batch.id)).all()
    assert len(invitations) == 20
    assert all(i.sent_at is not None and i.token_hash for i in invitations)
    messages = invitation_messages()
    assert len(messages) == 20
    assert {m.kind for m in messages} == {"panel_invitation", "sms"}
    for message in messages:
        assert "https://panel.test/s/panel-survey?invite=" in message.body
        assert message.to_address.startswith("+4477") == (message.kind == "sms")
    invited = db.session().scalars(select(PanelMember).where(PanelMember.last_invited_at.is_not(None))).all()
    assert {m.id for m in invited} == {i.member_id for i in invitations}
    # Sending again (a job run twice) writes nothing more.
    jobs.start(service.JOB_KIND, "Again", {"batch_id": batch.id}, started_by=None)
    assert len(invitation_messages()) == 20


def test_the_rest_period_keeps_members_just_invited_out_of_the_next_draw(app):
    panel = make_panel(40)
    survey = make_live_survey()
    first = send(panel, survey, size=15)
    firsts = set(db.session().scalars(select(PanelInvitation.member_id).where(PanelInvitation.batch_id == first.id)))
    sample = service.draw(panel, None, ["age"], seed=3)
    assert sample.excluded_resting == 15
    assert not firsts & set(sample.member_ids)


def test_letters_become_a_print_ready_pdf_with_a_short_code_and_qr_when_there_is_no_notify_key(app):
    panel = make_panel(12, methods=("post",))
    survey = make_live_survey()
    batch = send(panel, survey, size=None)
    job = db.session().scalars(select(Job)).all()[-1]
    assert job.status == "done" and job.result_name == f"panel-letters-{batch.id}.pdf"
    content = (Path(app.config["JOB_FILES_DIR"]) / job.result_path).read_bytes()
    assert content.startswith(b"%PDF")
    from tests.helpers import pdf_text

    words = pdf_text(content)
    assert "Fishergate" in words and "PR1 2AB" in words
    assert re.search(r"panel\.test/i/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", words)
    letters = db.session().scalars(select(OutboxMessage).where(OutboxMessage.kind == "letter")).all()
    assert len(letters) == 12 and {m.status for m in letters} == {"sent"}
    # Nothing personal copied into the outbox: the address is read from the contact table when printed.
    assert all(m.to_address.startswith("panel_member:") for m in letters)


def answer_through(client, link: str) -> None:
    """Follow a personal link and answer the survey to the end, keeping what was pre-filled."""
    path = link.removeprefix("https://panel.test")
    start = client.get(path)
    assert start.status_code == 200
    slug = path.split("/")[2].split("?")[0]
    client.post(f"/s/{slug}/start", data={"csrf_token": csrf_token(start)})
    page = client.get(f"/s/{slug}/page/s1")
    client.post(f"/s/{slug}/page/s1", data={"csrf_token": csrf_token(page), "colour": "red"})
    page = client.get(f"/s/{slug}/page/s2")
    client.post(f"/s/{slug}/page/s2", data={"csrf_token": csrf_token(page)})
    page = client.get(f"/s/{slug}/page/equality")
    soup_values = dict(re.findall(r'name="(eq_[a-z_]+)"[^>]*value="([^"]+)"[^>]*checked', page.get_data(as_text=True)))
    client.post(f"/s/{slug}/page/equality", data={"csrf_token": csrf_token(page), **soup_values})
    check = client.get(f"/s/{slug}/check")
    form_key = re.search(r'name="submission_key" value="([^"]+)"', check.get_data(as_text=True)).group(1)
    done = client.post(f"/s/{slug}/check", data={"csrf_token": csrf_token(check), "submission_key": form_key})
    assert done.status_code == 302, done.get_data(as_text=True)[:400]


def test_the_personal_link_counts_the_response_and_nothing_ties_the_response_to_the_member(app, client):
    panel = make_panel(10, prefill=True)
    survey = make_live_survey()
    batch = send(panel, survey, size=None)
    message = invitation_messages()[0]
    code = code_from(message.body)
    invitation = db.session().scalar(select(PanelInvitation).where(PanelInvitation.token_hash == codes.code_hash(code)))
    member = db.session().get(PanelMember, invitation.member_id)
    profile = db.session().get(PanelProfile, member.profile_id)

    answer_through(client, re.search(r"https://\S+", message.body).group(0))

    db.session().expire_all()
    assert db.session().get(PanelInvitation, invitation.id).responded is True
    assert (
        db.session().scalar(select(text("count(*)")).select_from(PanelInvitation).where(PanelInvitation.responded)) == 1
    )
    (response,) = db.session().scalars(select(Response)).all()
    assert response.channel_id == batch.channel_id  # counted for the panel, as a group
    # The member agreed: their profile pre-filled the equality answers, which the response keeps.
    (equality,) = db.session().scalars(select(EqualityResponse)).all()
    assert equality.answers["eq_age"] == profile.answers["eq_age"]

    # Nothing on the response, or on any table linked to it, names the member or the link.
    response_tables = {
        t.name for t in metadata.sorted_tables if any(fk.column.table.name == "response" for fk in t.foreign_keys)
    }
    for table_name in {"response", *response_tables}:
        table = metadata.tables[table_name]
        assert not [c.name for c in table.columns if "member" in c.name or "invit" in c.name or "token" in c.name], (
            table_name
        )
        assert not [fk for fk in table.foreign_keys if fk.column.table.name in ("panel_member", "panel_invitation")]
        for row in db.session().execute(select(table)).mappings():
            written = repr(dict(row))
            assert code not in written and codes.code_hash(code) not in written, table_name
            assert f"member{0}@example.org" not in written
    assert not [fk for fk in metadata.tables["panel_invitation"].foreign_keys if fk.column.table.name == "response"]
    # The draft (deleted on submit) never held it either: no table but the invitation keeps the code's hash.
    for table in metadata.sorted_tables:
        if table.name in ("panel_invitation", "outbox_message"):
            continue
        for row in db.session().execute(select(table)).mappings():
            assert codes.code_hash(code) not in repr(dict(row)), table.name


def test_no_prefill_when_the_member_did_not_agree(app, client):
    panel = make_panel(4, prefill=False)
    survey = make_live_survey()
    send(panel, survey, size=None)
    message = invitation_messages()[0]
    link = re.search(r"https://\S+", message.body).group(0)
    start = client.get(link.removeprefix("https://panel.test"))
    client.post("/s/panel-survey/start", data={"csrf_token": csrf_token(start)})
    page = client.get("/s/panel-survey/page/equality").get_data(as_text=True)
    assert "checked" not in page


def test_the_short_code_on_a_letter_leads_to_the_survey_with_the_personal_link(app, client):
    panel = make_panel(2, methods=("post",))
    survey = make_live_survey()
    send(panel, survey, size=None)
    invitation = db.session().scalars(select(PanelInvitation)).first()
    code = codes.code_for(app.config["SECRET_KEY"], invitation.id)
    typed = codes.shown(code).lower().replace("0", "o")  # as someone might type it
    response = client.get(f"/i/{typed}")
    assert response.status_code == 302 and response.location.endswith(f"/s/panel-survey?invite={code}")
    assert client.get("/i/not-a-code").status_code == 404


def test_reminders_go_only_to_those_who_have_not_answered_on_schedule_and_stop_at_the_close(app):
    panel = make_panel(10)
    survey = make_live_survey(closes_in_days=20)
    batch = send(panel, survey, size=None)
    invitations = db.session().scalars(select(PanelInvitation).order_by(PanelInvitation.id)).all()
    with db.transaction() as session:
        for invitation in invitations[:4]:
            session.get(PanelInvitation, invitation.id).responded = True
    sent_at = batch.sent_at if batch.sent_at.tzinfo else batch.sent_at.replace(tzinfo=UTC)

    def reminders() -> list[OutboxMessage]:
        return db.session().scalars(select(OutboxMessage).where(OutboxMessage.idempotency_key.like("%reminder%"))).all()

    assert service.remind(sent_at + timedelta(days=6)) == 0
    assert service.remind(sent_at + timedelta(days=7, hours=1)) == 6
    assert service.remind(sent_at + timedelta(days=8)) == 0  # one reminder per due day
    answered = {f"member{n}@example.org" for n in range(10)} - {m.to_address for m in reminders()}
    assert len(answered) == 4
    assert all(m.subject.startswith("Reminder") for m in reminders())
    assert service.remind(sent_at + timedelta(days=14, hours=1)) == 6
    assert len(reminders()) == 12
    # A third reminder day after the survey closes: nothing.
    with db.transaction() as session:
        session.get(PanelInvitationBatch, batch.id).reminder_days = [7, 14, 21]
    assert service.remind(sent_at + timedelta(days=21, hours=1)) == 0


def test_response_rates_by_group_go_through_disclosure_control_and_panel_responses_are_weighted(app, client):
    panel = make_panel(40)
    survey = make_live_survey()
    batch = send(panel, survey, size=None, dims=("sex",))
    messages = invitation_messages()
    for message in messages[:12]:
        fresh = app.test_client()
        answer_through(fresh, re.search(r"https://\S+", message.body).group(0))
    db.session().expire_all()
    (table,) = service.response_rates(panel, batch)
    assert table.dimension == "sex"
    total = table.rows[-1]
    assert total.group == "Total" and total.invited.threshold == panel.suppression_threshold
    assert abs(total.invited.value - 40) <= 2 and abs(total.responded.value - 12) <= 2
    weighting = service.weighting(panel, batch)
    assert weighting.problem is None, weighting.problem
    # 12 responses (not an equality figure); how many were weighted is protected (12, with noise),
    # and the effective sample size rounded to 10: no exact equality count leaves the layer.
    assert weighting.responses == 12 and abs(int(weighting.used) - 12) <= 2
    assert weighting.effective_sample_size == 10 and weighting.design_effect is not None


def test_weighting_a_few_panel_responses_says_the_same_as_weighting_none(app):
    """Nobody, or three people, with a known group: one message, the count protected alike
    ("fewer than 5"), so the page does not tell none from a few."""
    panel = make_panel(40)
    survey = make_live_survey()
    batch = send(panel, survey, size=None, dims=("sex",))
    none = service.weighting(panel, batch)
    for message in invitation_messages()[:3]:
        answer_through(app.test_client(), re.search(r"https://\S+", message.body).group(0))
    db.session().expire_all()
    few = service.weighting(panel, batch)
    assert (none.responses, few.responses) == (0, 3)
    assert none.problem == few.problem == service.TOO_FEW_KNOWN
    assert none.used == few.used == "fewer than 5"


@pytest.mark.parametrize("size", [0, 10_000])
def test_asking_for_an_impossible_sample_is_a_plain_error(app, size):
    panel = make_panel(5)
    survey = make_live_survey()
    panel.team_id = survey.team_id
    with pytest.raises(service.InvitationError):
        service.create_batch(panel, survey, size, ["age"], 1, staff_user_id=None, base_url="https://x")


def test_the_tables_have_no_link_from_a_response_to_an_invitation(app):
    columns = {c["name"] for c in inspect(db.engine()).get_columns("panel_invitation")}
    assert "response_id" not in columns and "member_id" in columns


@pytest.mark.parametrize("seed", range(6))
def test_invited_and_answered_are_audited_together_so_no_hidden_count_is_pinned(seed):
    """The invited and answered tables overlap (who answered is in both): published through the
    survey dashboard's layer, an attacker who knows both, and how many answered, pins nothing."""
    import random

    from tests.disclosure_attacker import Attack

    rng = random.Random(seed)
    categories = ["Female", "Male", "not known"]
    pairs = [(rng.choice(categories), rng.randrange(256), rng.random() < 0.4) for _ in range(rng.randrange(12, 60))]
    invited, answered = service.rate_tables(pairs, categories, 5)
    assert invited.total.value == len(pairs) and answered.total.value == sum(r for _, _, r in pairs)
    attack = Attack({"answered": answered.total.value, "not answered": len(pairs) - answered.total.value}, categories)
    attack.add("invited", frozenset(["answered", "not answered"]), invited.cells)
    attack.add("answered", frozenset(["answered"]), answered.cells)
    assert attack.pinned() == []
