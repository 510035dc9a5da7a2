"""Reports in Chromium: the public "You said, we did" (reached from the home page) read on a 320 px
phone with JavaScript off, axe-clean; and the staff report and "You said, we did" pages axe-clean."""

from __future__ import annotations

import pytest

from tests.browser.conftest import BrowserSession, LiveServer, assert_fits_width, assert_no_axe_violations
from tests.browser.test_engagements import demo_engagement, signed_in
from tests.browser.test_public_look import assert_same_look


def test_you_said_we_did_on_a_phone_without_javascript(
    browser_session: BrowserSession, live_server: LiveServer
) -> None:
    engagement = demo_engagement(live_server)
    page = browser_session.new_page(width=320, height=640, javascript=False)
    page.goto("/")
    page.get_by_role("link", name="What people told us and what we did about it").click()
    assert_fits_width(page, "you said we did index")
    page.get_by_role("link", name=engagement.title).click()
    assert page.url.endswith(f"/you-said-we-did/{engagement.id}")
    page.wait_for_load_state()
    page.get_by_role("heading", name="What you told us").wait_for()
    assert page.get_by_text("Bus routes are decided by the council", exact=False).is_visible()
    assert_fits_width(page, "you said we did page")
    # axe-core runs as a script: the same pages at the same width, with JavaScript on to run it.
    checked = browser_session.new_page(width=320, height=640)
    for path in ("/you-said-we-did", f"/you-said-we-did/{engagement.id}"):
        checked.goto(path)
        assert_no_axe_violations(checked, f"{path} 320", screenshot_it=False)


@pytest.mark.parametrize("width", [320, 1280])
def test_staff_report_pages_pass_axe(browser_session: BrowserSession, live_server: LiveServer, width: int) -> None:
    engagement = demo_engagement(live_server)
    page = signed_in(browser_session, width=width)
    base = f"/staff/engagements/{engagement.id}"
    for path, name in (
        (f"{base}/report", "engagement report"),
        (f"{base}/report/edit", "write the report"),
        (f"{base}/you-said-we-did", "you said we did staff"),
        (f"{base}/you-said-we-did/commitments/new", "new commitment"),
        ("/staff/loop-closed", "loop closed"),
    ):
        page.goto(path)
        assert page.locator("h1").count() == 1, name
        assert_no_axe_violations(page, f"{name} {width}", screenshot_it=False)


@pytest.mark.parametrize("width", [320, 1280])
def test_you_said_we_did_looks_the_same_with_the_cut_stylesheet(
    browser_session: BrowserSession, live_server: LiveServer, width: int
) -> None:
    engagement = demo_engagement(live_server)
    page = browser_session.new_page(width=width, height=800)
    for path, name in (
        ("/you-said-we-did", "you said we did index"),
        (f"/you-said-we-did/{engagement.id}", "you said we did page"),
        (f"/you-said-we-did/{engagement.id}/tell-me", "tell me the outcome"),
    ):
        page.goto(path)
        assert_same_look(page, f"{name} {width}")
