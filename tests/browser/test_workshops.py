"""Workshops in Chromium: two facilitators capturing at once, a note typed offline delivered
exactly once, a participant's vote counted once, and axe-core on the board and the capture
page with JavaScript on and off."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.browser.conftest import BrowserSession, LiveServer, assert_fits_width, assert_no_axe_violations
from tests.helpers import PASSWORD
from toolkit import db
from toolkit.auth import users
from toolkit.schema import WorkshopNote, WorkshopSession
from workshops import demo, repository


def demo_session(server: LiveServer) -> WorkshopSession:
    with server.app.app_context():
        engagement = repository.find_engagement(demo.DEMO_TITLE)
        assert engagement is not None
        workshop = repository.sessions_of(engagement.id)[0]
        db.session.remove()
        return workshop


def count_notes(server: LiveServer, text: str) -> int:
    with server.app.app_context():
        count = db.session.scalar(select(func.count(WorkshopNote.id)).where(WorkshopNote.text == text))
        db.session.remove()
        return int(count or 0)


def facilitator_page(session: BrowserSession, email: str, **kwargs: Any) -> Any:
    with session.server.app.app_context():
        if users.find_by_email(email) is None:
            users.create_user(email, "Facilitator", PASSWORD, "facilitator")
        db.session.remove()
    page = session.new_page(**kwargs)
    page.goto("/staff/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    return page


def send_note(page: Any, text: str) -> None:
    page.get_by_label("Note").fill(text)
    page.get_by_role("button", name="Send note").click()


def test_two_facilitators_capture_at_once_and_both_see_all_notes(
    browser_session: BrowserSession, live_server: LiveServer
) -> None:
    workshop = demo_session(live_server)
    capture = f"/staff/workshops/sessions/{workshop.id}/capture"
    first = facilitator_page(browser_session, "first@example.org", width=390, height=844)
    second = facilitator_page(browser_session, "second@example.org", width=390, height=844)
    first.goto(capture)
    second.goto(capture)
    first.get_by_label("Table").select_option(label="Table 1")
    second.get_by_label("Table").select_option(label="Table 2")
    send_note(first, "Note from the first facilitator")
    send_note(second, "Note from the second facilitator")
    send_note(first, "Another from the first")
    for page in (first, second):
        notes = page.locator("#live-notes")
        for text in ("Note from the first facilitator", "Note from the second facilitator", "Another from the first"):
            notes.get_by_text(text).wait_for(timeout=15_000)
    for text in ("Note from the first facilitator", "Note from the second facilitator", "Another from the first"):
        assert count_notes(live_server, text) == 1


def test_a_note_typed_offline_is_delivered_exactly_once(
    browser_session: BrowserSession, live_server: LiveServer
) -> None:
    workshop = demo_session(live_server)
    page = facilitator_page(browser_session, "offline@example.org", width=390, height=844)
    page.goto(f"/staff/workshops/sessions/{workshop.id}/capture")
    context = page.context
    context.set_offline(True)
    send_note(page, "Typed in the basement with no signal")
    page.get_by_text(re.compile("You are offline")).wait_for()
    assert page.evaluate("() => JSON.parse(localStorage.getItem('workshops.outbox')).length") == 1
    assert count_notes(live_server, "Typed in the basement with no signal") == 0
    context.set_offline(False)
    page.locator("#capture-status", has_text="Note sent.").wait_for(timeout=15_000)
    assert page.evaluate("() => JSON.parse(localStorage.getItem('workshops.outbox')).length") == 0
    # A second "online" event (flaky signal) sends nothing more.
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    page.wait_for_timeout(1000)
    assert count_notes(live_server, "Typed in the basement with no signal") == 1


def test_a_participants_vote_counts_once(browser_session: BrowserSession, live_server: LiveServer) -> None:
    workshop = demo_session(live_server)
    with live_server.app.app_context():
        themes = [t.id for t in repository.themes_of(workshop.id)]
        vote_round = repository.open_round(workshop.id, "Browser round", 3, themes, [], None)
        db.session.remove()
    page = browser_session.new_page(width=390, height=844)
    page.goto(f"/w/{workshop.code}/vote")
    assert_no_axe_violations(page, "workshop vote")
    assert_fits_width(page, "workshop vote")
    page.get_by_label("Access").fill("2")
    page.get_by_label("Continuity of care").fill("1")
    page.get_by_role("button", name="Send my votes").click()
    page.get_by_role("heading", name="Thank you for voting").wait_for()
    page.go_back()
    page.reload()
    page.get_by_role("heading", name="Thank you for voting").wait_for()
    with live_server.app.app_context():
        assert repository.ballot_count(vote_round.id) == 1
        repository.close_round(vote_round, None)
        db.session.remove()


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_board_and_capture_pass_axe(browser_session: BrowserSession, live_server: LiveServer, javascript: bool) -> None:
    """With JavaScript "off" the app's own scripts are blocked, so axe (injected by the
    test) sees the pages exactly as a browser without JavaScript gets them."""
    workshop = demo_session(live_server)
    page = facilitator_page(browser_session, "axe@example.org")
    if not javascript:
        page.route(re.compile(r".*\.m?js(\?.*)?$"), lambda route: route.abort())
    base = f"/staff/workshops/sessions/{workshop.id}"
    for path, name in ((f"{base}/board", "board"), (f"{base}/capture", "capture"), (f"{base}/record", "record")):
        page.goto(path)
        assert page.locator("h1").count() == 1
        assert_no_axe_violations(page, f"workshop {name} ({'js' if javascript else 'no js'})")


def test_capture_works_with_javascript_off(browser_session: BrowserSession, live_server: LiveServer) -> None:
    workshop = demo_session(live_server)
    page = facilitator_page(browser_session, "nojs@example.org", width=320, height=640, javascript=False)
    page.goto(f"/staff/workshops/sessions/{workshop.id}/capture")
    assert_fits_width(page, "workshop capture without JavaScript")
    page.get_by_label("Table").select_option(label="Table 3")
    send_note(page, "Sent without JavaScript")
    page.get_by_text("Note sent.").wait_for()
    assert page.get_by_label("Table").input_value() != ""  # the table is remembered for the next note
    send_note(page, "")
    page.locator(".nhsuk-error-summary").get_by_text("Enter the note").wait_for()
    assert count_notes(live_server, "Sent without JavaScript") == 1
