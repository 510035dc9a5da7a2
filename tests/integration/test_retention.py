"""Retention: responses past their survey's period and drafts past DRAFT_RETENTION_HOURS are
deleted by one function (`flask purge` runs it), what was done is logged and audited, and the
privacy page states the configured periods."""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta

from sqlalchemy import func, select, update

from surveys import repository, retention
from surveys.equality import model as equality
from surveys.equality import repository as equality_repository
from surveys.paper import repository as paper_repository
from tests.helpers import check_page, make_definition, post_form, sign_in
from toolkit import audit, db
from toolkit.schema import AnswerDraft, EqualityResponse, PaperEntry, Response, Survey
from toolkit.timeutil import utcnow

NOW = utcnow()


def _count(kind) -> int:  # type: ignore[no-untyped-def]
    return int(db.session.scalar(select(func.count()).select_from(kind)) or 0)


def _survey(slug: str, days: int | None = None) -> Survey:
    definition = equality.with_equality_section(make_definition())
    survey = repository.create_survey(definition.title, slug, None, definition=definition)
    repository.publish(survey, None)
    if days is not None:
        repository.update_details(survey, None, retention_days=days)
    return survey


def _response(survey: Survey, age: timedelta, reference: str | None = None) -> Response:
    version = repository.latest_version(survey.id)
    with db.transaction() as session:
        response = Response(
            survey_id=survey.id,
            version_id=version.id,
            channel_id=repository.default_channel(survey.id).id,
            reference=reference or repository.new_reference(),
            submission_key=secrets.token_hex(16),
            language="en",
            submitted_at=NOW - age,
            answers={"colour": "red", "why": "Something only I would say"},
        )
        session.add(response)
        equality_repository.store_answers(session, response, {"eq_age": "25_to_34"})
    return response


def _purge(days: int = 730, hours: int = 48) -> retention.PurgeReport:
    with db.transaction() as session:
        return retention.purge_expired(session, NOW, response_days=days, draft_hours=hours)


def test_responses_past_their_surveys_period_go_with_their_equality_answers(app, caplog):
    short = _survey("short", days=30)
    standard = _survey("standard")
    _response(short, timedelta(days=31))
    kept_short = _response(short, timedelta(days=29))
    _response(standard, timedelta(days=731))
    kept_standard = _response(standard, timedelta(days=400))
    assert _count(EqualityResponse) == 4
    with caplog.at_level(logging.INFO, logger="surveys.retention"):
        report = _purge(days=730)
    assert report.responses == {short.id: 1, standard.id: 1}
    assert sorted(db.session.scalars(select(Response.id))) == sorted([kept_short.id, kept_standard.id])
    assert _count(EqualityResponse) == 2
    assert "Deleted 2 responses" in caplog.text
    events = [e for e in audit.events_for("survey", short.id) if e.action == "purge_responses"]
    assert events and events[0].detail["count"] == 1 and events[0].detail["retention_days"] == 30
    assert _purge(days=730).total_responses == 0  # nothing more to do


def test_the_paper_keyings_of_a_deleted_response_go_too(app):
    survey = _survey("paper", days=10)
    version = repository.latest_version(survey.id)
    (reference,) = paper_repository.issue_copies(survey.id, version.id, "standard", "en", 1, None)
    _response(survey, timedelta(days=11), reference=reference)
    with db.transaction() as session:
        session.add(PaperEntry(survey_id=survey.id, copy_reference=reference, keying=1, answers={"why": "Me"}))
    _purge()
    assert _count(Response) == 0 and _count(PaperEntry) == 0


def test_drafts_not_saved_for_the_draft_period_are_deleted(app):
    survey = _survey("drafts")
    version_id = repository.latest_version_id(survey.id)
    channel = repository.default_channel(survey.id).id
    old = repository.start_draft(survey, version_id, channel, "en", {"colour": "red"})
    fresh = repository.start_draft(survey, version_id, channel, "en", {"colour": "blue"})
    with db.transaction() as session:
        session.execute(
            update(AnswerDraft).where(AnswerDraft.token == old.token).values(updated_at=NOW - timedelta(hours=49))
        )
    assert _purge(hours=48).drafts == 1
    assert list(db.session.scalars(select(AnswerDraft.token))) == [fresh.token]


def test_flask_purge_runs_it_with_the_configured_periods(app, runner):
    app.config.update(RESPONSE_RETENTION_DAYS=100, DRAFT_RETENTION_HOURS=1)
    survey = _survey("cli")
    _response(survey, timedelta(days=101))
    _response(survey, timedelta(days=99))
    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert "Deleted 1 responses" in result.output and "0 unsent drafts" in result.output
    assert _count(Response) == 1


def test_the_privacy_page_states_the_configured_periods(app, client):
    app.config.update(RESPONSE_RETENTION_DAYS=365, DRAFT_RETENTION_HOURS=72)
    text = check_page(client.get("/privacy")).get_text(" ", strip=True)
    assert "deleted 72 hours after they were last saved" in text
    assert "deleted 365 days after they were sent" in text
    assert "2 days" not in text


def test_a_lead_sets_a_surveys_retention_period_and_it_is_audited(client):
    survey = _survey("lead")
    sign_in(client, "lead")
    url = f"/staff/surveys/{survey.id}/details"
    page = check_page(client.get(url))
    assert "standard period, 730 days" in page.get_text(" ", strip=True)
    data = {"title": "Test survey", "kind": "survey", "introduction": "Intro", "privacy_notice": ""}
    bad = post_form(client, url, {**data, "retention_days": "99999999999"})
    assert bad.status_code == 400
    assert post_form(client, url, {**data, "retention_days": "90"}).status_code in (200, 302)
    db.session.expire_all()
    assert repository.get(survey.id).retention_days == 90
    changes = [e.detail for e in audit.events_for("survey", survey.id) if e.action == "update_details"]
    assert any(c["after"].get("retention_days") == 90 for c in changes)
    assert post_form(client, url, {**data, "retention_days": ""}).status_code in (200, 302)
    db.session.expire_all()
    assert repository.get(survey.id).retention_days is None
