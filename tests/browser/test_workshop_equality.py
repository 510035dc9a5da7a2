"""The anonymous "about you" questions on a participant's phone, with and without JavaScript,
checked by axe-core; the staff attendance page with the answers in aggregate; and the
downloadable report opened on its own, as it would be offline."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.browser.conftest import BrowserSession, LiveServer, assert_fits_width, assert_no_axe_violations
from tests.browser.test_workshops import demo_session, facilitator_page
from toolkit import db
from toolkit.schema import WorkshopEqualityResponse
from workshops import repository
from workshops.model import SessionDetails


def answer_count(server: LiveServer) -> int:
    with server.app.app_context():
        count = db.session.scalar(select(func.count(WorkshopEqualityResponse.id)))
        db.session.remove()
        return int(count or 0)


def closed_session_with_answers(server: LiveServer) -> int:
    """A closed session with a dozen people's answers, in an engagement of its own (the other
    tests use the demo engagement's first session)."""
    with server.app.app_context():
        engagement = repository.create_engagement("Closed sessions", "", None)
        made = repository.create_session(engagement, SessionDetails(title="Closed session", venue="Library"), None)
        for n in range(12):
            repository.add_equality_answers(made.id, {"eq_sex": "female" if n % 3 else "male"})
        repository.close_session(made, None)
        db.session.remove()
        return made.id


def phone(session: BrowserSession, javascript: bool) -> Any:
    page = session.new_page(width=390, height=844)
    if not javascript:
        page.route(re.compile(r".*\.m?js(\?.*)?$"), lambda route: route.abort())
    return page


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_a_participant_answers_the_questions_about_them(
    browser_session: BrowserSession, live_server: LiveServer, javascript: bool
) -> None:
    workshop = demo_session(live_server)
    before = answer_count(live_server)
    page = phone(browser_session, javascript)
    page.goto(f"/w/{workshop.code}")
    page.get_by_role("link", name="Answer the questions about you").click()
    page.get_by_role("heading", name="About you", level=1).wait_for()
    assert_no_axe_violations(page, f"workshop about you ({'js' if javascript else 'no js'})")
    assert_fits_width(page, "workshop about you")

    page.get_by_role("group", name="Which age group are you in?").get_by_label("35 to 44").check()
    page.get_by_role("textbox", name="What is the first half of your postcode?").fill("ABCDE")
    page.get_by_role("button", name="Send my answers").click()
    summary = page.locator(".nhsuk-error-summary")
    summary.get_by_text("Enter the first half of a postcode").wait_for()
    assert_no_axe_violations(page, f"workshop about you with an error ({'js' if javascript else 'no js'})")
    # The answer already chosen is kept.
    assert page.get_by_role("group", name="Which age group are you in?").get_by_label("35 to 44").is_checked()
    summary.get_by_role("link").first.click()
    page.get_by_role("textbox", name="What is the first half of your postcode?").fill("PR7 1AB")
    page.get_by_role("group", name="What is your sex?").get_by_label("Prefer not to say").check()
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_role("heading", name="Thank you for telling us about yourself").wait_for()
    assert_no_axe_violations(page, "workshop about you done")
    assert answer_count(live_server) == before + 1

    page.goto(f"/w/{workshop.code}/about-you")
    page.get_by_role("heading", name="You have already answered").wait_for()
    assert answer_count(live_server) == before + 1


def test_staff_see_the_aggregate_and_the_report_works_on_its_own(
    browser_session: BrowserSession, live_server: LiveServer
) -> None:
    workshop = demo_session(live_server)
    closed = closed_session_with_answers(live_server)  # the tables show once the session has closed
    page = facilitator_page(browser_session, "equality@example.org", width=390, height=844)
    page.goto(f"/staff/workshops/sessions/{closed}/attendance")
    page.get_by_role("heading", name="About the people who took part").wait_for()
    page.get_by_role("table", name=re.compile("What is your sex?")).wait_for()
    assert_no_axe_violations(page, "workshop attendance with equality counts")
    base = f"/staff/workshops/sessions/{workshop.id}"

    # The HTML download, opened with no server behind it: the route guard in BrowserSession
    # fails the test if the page asks for anything at all.
    html = page.request.get(f"{base}/record.html").text()
    # A new tab (about:blank) as when the file is opened from disk: the app's CSP does not apply
    # there, but the file's own inline styles and SVG must work without any script.
    page = browser_session.new_page(width=390, height=844)
    page.set_content(html)
    page.get_by_role("heading", name=re.compile("Workshop record")).wait_for()
    page.get_by_role("img", name=re.compile("Bar chart of dots per priority")).first.wait_for()
    assert page.evaluate("() => getComputedStyle(document.querySelector('.masthead')).backgroundColor") == (
        "rgb(0, 94, 184)"
    )
    assert_no_axe_violations(page, "workshop report download")
    assert_fits_width(page, "workshop report download")
