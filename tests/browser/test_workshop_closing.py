"""A workshop session closed by its facilitator: a participant who had the "about you" form open
sends it and is told, in plain words, that the session has closed; nothing is stored. Checked by
axe-core at 320 and 1280 px, with JavaScript on and off."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import BrowserSession, LiveServer, assert_fits_width, assert_no_axe_violations
from tests.browser.test_workshop_equality import answer_count
from tests.browser.test_workshops import facilitator_page
from toolkit import db
from toolkit.schema import WorkshopSession
from workshops import repository
from workshops.model import SessionDetails

CLOSED = "This session has closed"


def own_session(server: LiveServer, title: str) -> WorkshopSession:
    """A session of its own: the demo's is shared with the other browser tests, so stays open."""
    with server.app.app_context():
        engagement = repository.create_engagement(f"Closing: {title}", "", None)
        workshop = repository.create_session(engagement, SessionDetails(title, venue="Library"), None)
        db.session.remove()
        return workshop


def participant(session: BrowserSession, width: int, javascript: bool) -> Any:
    page = session.new_page(width=width, height=800)
    page.set_default_timeout(15_000)
    if not javascript:
        page.route(re.compile(r".*\.m?js(\?.*)?$"), lambda route: route.abort())
    return page


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
@pytest.mark.parametrize("width", [320, 1280])
def test_a_closed_session_says_so_and_keeps_nothing_sent_after(
    browser_session: BrowserSession, live_server: LiveServer, width: int, javascript: bool
) -> None:
    workshop = own_session(live_server, f"Evening session {width} {javascript}")
    page = participant(browser_session, width, javascript)
    page.goto(f"/w/{workshop.code}/about-you")
    page.get_by_role("heading", name="About you", level=1).wait_for()
    page.get_by_role("group", name="Which age group are you in?").get_by_label("35 to 44").check()

    staff = facilitator_page(browser_session, "closer@example.org", width=width, height=800)
    staff.set_default_timeout(15_000)
    staff.goto(f"/staff/workshops/sessions/{workshop.id}")
    staff.get_by_role("button", name="Close the session").click()
    staff.get_by_role("button", name="Reopen the session").wait_for()
    assert_no_axe_violations(staff, f"closed session, staff page at {width}px")
    before = answer_count(live_server)

    page.get_by_role("button", name="Send my answers").click()
    page.get_by_role("heading", name=CLOSED, level=1).wait_for()
    page.get_by_text("no longer taking ideas, votes or answers about you").wait_for()
    assert answer_count(live_server) == before
    assert_no_axe_violations(page, f"closed session page at {width}px ({'js' if javascript else 'no js'})")
    assert_fits_width(page, "closed session page")
    for path in ("", "/idea", "/vote"):
        page.goto(f"/w/{workshop.code}{path}")
        page.get_by_role("heading", name=CLOSED, level=1).wait_for()
