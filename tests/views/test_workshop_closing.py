"""A workshop session's participant pages close, by hand (audited) or a day after the session
ends (by the hourly job, and worked out when a page is read): each page then says so, and any
form sent gets 409 with the same words, storing nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from tests.helpers import check_page, csrf_token, post_form, sign_in
from tests.views.test_workshops import STAFF, make_session
from toolkit import audit, db
from toolkit.schema import WorkshopEqualityResponse, WorkshopNote, WorkshopSession
from toolkit.timeutil import utcnow
from workshops import repository, tasks

CLOSED = "This session has closed"
PUBLIC_PAGES = ("", "/idea", "/vote", "/about-you", "/about-you/done")


def rows(kind: type) -> int:
    return int(db.session.scalar(select(func.count()).select_from(kind)) or 0)


def reload(workshop: WorkshopSession) -> WorkshopSession:
    found = db.session.get(WorkshopSession, workshop.id, populate_existing=True)
    assert found is not None
    return found


def test_open_session_pages_take_answers(client: FlaskClient) -> None:
    workshop = make_session(starts_at=utcnow() - timedelta(hours=2))
    for page in PUBLIC_PAGES:
        assert CLOSED not in check_page(client.get(f"/w/{workshop.code}{page}")).get_text()


@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_every_participant_page_says_a_closed_session_has_closed(client: FlaskClient, page: str) -> None:
    workshop = make_session()
    repository.close_session(workshop, None)
    soup = check_page(client.get(f"/w/{workshop.code}{page}"))
    assert soup.h1.get_text(strip=True) == CLOSED
    assert "no longer taking ideas, votes or answers about you" in soup.get_text()
    assert soup.find("form") is None


def test_answers_sent_after_closing_are_refused_and_not_stored(client: FlaskClient) -> None:
    """The forms were opened while the session was open, and sent after it closed."""
    workshop = make_session()
    about_you = client.get(f"/w/{workshop.code}/about-you")
    idea = client.get(f"/w/{workshop.code}/idea")
    repository.close_session(workshop, None)
    response = client.post(
        f"/w/{workshop.code}/about-you", data={"csrf_token": csrf_token(about_you), "eq_age": "16_to_24"}
    )
    assert CLOSED in check_page(response, 409).get_text()
    key = "a" * 32
    response = client.post(
        f"/w/{workshop.code}/idea", data={"csrf_token": csrf_token(idea), "text": "More buses", "idempotency_key": key}
    )
    assert CLOSED in check_page(response, 409).get_text()
    assert rows(WorkshopEqualityResponse) == 0 and rows(WorkshopNote) == 0


def test_a_session_is_closed_a_day_after_it_ended_even_before_the_job_runs(client: FlaskClient) -> None:
    starts = utcnow() - timedelta(days=1, hours=3)
    workshop = make_session(starts_at=starts, ends_at=starts + timedelta(hours=2))
    assert reload(workshop).closed_at is None
    assert CLOSED in check_page(client.get(f"/w/{workshop.code}/about-you")).get_text()
    page = client.get(f"/w/{workshop.code}")
    assert CLOSED in page.get_data(as_text=True)


def test_the_hourly_job_marks_ended_sessions_closed_and_audits_it(app: object) -> None:
    now = utcnow()
    ended = make_session(starts_at=now - timedelta(days=2))
    today = make_session(starts_at=now - timedelta(hours=3))
    undated = make_session()
    reopened = make_session(starts_at=now - timedelta(days=3))
    repository.reopen_session(reopened, None)
    assert tasks.close_ended(now) == [ended.id]
    assert reload(ended).closed_at is not None
    assert all(reload(w).closed_at is None for w in (today, undated, reopened))
    event = audit.events_for("workshop_session", ended.id)[0]
    assert event.action == "close" and event.staff_user_id is None
    assert event.detail == {"reason": "a day after the session ended"}
    assert tasks.close_ended(now) == []  # the next hour's run finds nothing new
    assert tasks.close_ended(now + timedelta(days=1, minutes=1)) == [today.id, reopened.id]


def test_the_job_is_on_the_queue_schedule() -> None:
    from toolkit.queue import huey

    registry = huey._registry
    assert "workshops.tasks.hourly_session_close" in {registry.task_to_string(t) for t in registry._periodic_tasks}


def test_staff_close_and_reopen_a_session_audited(client: FlaskClient) -> None:
    workshop = make_session(starts_at=datetime(2020, 1, 1, 18, tzinfo=UTC))
    sign_in(client, "facilitator")
    page = check_page(client.get(f"{STAFF}/sessions/{workshop.id}"))
    assert "Closed: participants' pages no longer take" in page.get_text()
    reopen = page.find("form", action=f"{STAFF}/sessions/{workshop.id}/reopen")
    assert reopen is not None
    response = client.post(reopen["action"], data={"csrf_token": reopen.find("input")["value"]})
    assert response.status_code == 302
    assert CLOSED not in client.get(f"/w/{workshop.code}/about-you").get_data(as_text=True)
    page = check_page(client.get(f"{STAFF}/sessions/{workshop.id}"))
    assert "They close by themselves on" in page.get_text()
    close = page.find("form", action=f"{STAFF}/sessions/{workshop.id}/close")
    assert client.post(close["action"], data={"csrf_token": close.find("input")["value"]}).status_code == 302
    assert CLOSED in client.get(f"/w/{workshop.code}/about-you").get_data(as_text=True)
    actions = [event.action for event in audit.events_for("workshop_session", workshop.id)]
    assert actions[:2] == ["close", "reopen"]


def test_viewers_cannot_close_a_session(client: FlaskClient) -> None:
    workshop = make_session()
    sign_in(client, "viewer")
    page = client.get(f"{STAFF}/sessions/{workshop.id}")
    response = client.post(f"{STAFF}/sessions/{workshop.id}/close", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 403
    assert reload(workshop).closed_at is None


def test_the_session_date_names_a_missing_part(client: FlaskClient) -> None:
    workshop = make_session()
    sign_in(client, "lead")
    data = {"title": "T", "venue": "Hall", "day-day": "31", "day-year": "2027", "ends": "20:00"}
    soup = check_page(post_form(client, f"{STAFF}/sessions/{workshop.id}/edit", data), 400)
    summary = soup.select_one(".nhsuk-error-summary").get_text(" ", strip=True)
    assert "The date of the session must include a month" in summary
    assert "finish time" not in summary  # the date's own problem is the one to fix
    data = {"title": "T", "venue": "Hall", "ends": "20:00"}
    soup = check_page(post_form(client, f"{STAFF}/sessions/{workshop.id}/edit", data), 400)
    assert "Enter the date of the session to give a finish time" in soup.get_text()


def test_the_session_form_takes_a_finish_time_and_refuses_one_before_the_start(client: FlaskClient) -> None:
    workshop = make_session()
    sign_in(client, "lead")
    url = f"{STAFF}/sessions/{workshop.id}/edit"
    base = {"title": "T", "venue": "Hall", "day-day": "31", "day-month": "3", "day-year": "2027", "time": "18:30"}
    soup = check_page(post_form(client, url, {**base, "ends": "18:00"}), 400)
    assert "The finish time must be after the start time" in soup.get_text()
    assert post_form(client, url, {**base, "ends": "20:30"}).status_code == 302
    stored = reload(workshop)
    assert (stored.starts_at.hour, stored.ends_at.hour, stored.ends_at.minute) == (18, 20, 30)
    assert stored.ends_at.date() == stored.starts_at.date()
    soup = check_page(client.get(url))
    assert soup.find("input", attrs={"type": "date"}) is None and "For example, 31 3 2026" in soup.get_text()
    assert soup.find("input", attrs={"name": "ends"})["value"] == "20:30"
    assert soup.find("input", attrs={"name": "day-day"})["value"] == "31"
