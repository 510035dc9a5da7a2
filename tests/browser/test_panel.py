"""The citizens' panel's public pages in Chromium: the join page, standard and easy read, in English
and Urdu (right to left), with JavaScript on and off, axe-clean; joining without JavaScript, by
keyboard, reaching the "check your email" page; the error summary after a wrong answer.

axe-core itself needs JavaScript, so "JavaScript off" for axe means the app's own scripts are not
loaded (the page is what a browser without JavaScript shows); the joining walk-through runs in a
browser with JavaScript really switched off."""

from __future__ import annotations

import re
import secrets
from typing import Any

import pytest
from sqlalchemy import select

from panel.demo import DEMO_SLUG
from tests.browser.conftest import BrowserSession, LiveServer, assert_fits_width, assert_no_axe_violations
from toolkit import db
from toolkit.schema import OutboxMessage

JOIN = f"/panel/{DEMO_SLUG}/join"


def check(page: Any, name: str, lang: str) -> None:
    html = page.locator("html")
    if lang == "ur":
        assert html.get_attribute("dir") == "rtl" and html.get_attribute("lang") == "ur", f"{name}: not Urdu, RTL"
    else:
        assert html.get_attribute("dir") == "ltr", name
    assert page.locator("h1").count() == 1, name
    assert_no_axe_violations(page, name, screenshot_it=False)


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
@pytest.mark.parametrize("lang", ["en", "ur"])
def test_the_join_pages_pass_axe(
    browser_session: BrowserSession, live_server: LiveServer, lang: str, javascript: bool
) -> None:
    page = browser_session.new_page()
    if not javascript:
        page.route("**/*.mjs", lambda route: route.abort())  # the app's scripts never run
    for path, name in ((JOIN, "join"), (f"{JOIN}/easy-read", "join easy read")):
        page.goto(f"{path}?lang={lang}")
        check(page, f"panel {name} {lang} js={javascript}", lang)


def test_the_home_page_links_to_the_join_page(browser_session: BrowserSession, live_server: LiveServer) -> None:
    page = browser_session.new_page(width=320, height=640, javascript=False)
    page.goto("/?lang=en")
    page.get_by_role("link", name="Join Central Lancashire Health Panel").click()
    page.wait_for_url(f"**{JOIN}")
    assert_fits_width(page, "panel join page at 320px")


def test_joining_without_javascript_and_the_error_summary(
    browser_session: BrowserSession, live_server: LiveServer
) -> None:
    page = browser_session.new_page(javascript=False)
    page.goto(f"{JOIN}?lang=en")
    page.get_by_role("button", name="Join the panel").click()
    page.get_by_role("heading", name="There is a problem").wait_for()
    assert page.get_by_role("link", name="You must agree before you can join the panel").count() == 1
    page.get_by_label("By email").check()
    page.get_by_label("Email address").fill("browser.test@example.org")
    page.get_by_label("16 to 24", exact=True).check()
    page.get_by_label("I agree to join the citizens' panel").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Join the panel").click()
    page.get_by_role("heading", name="Thank you for joining").wait_for()
    checked = browser_session.new_page()
    checked.goto(page.url)
    check(checked, "panel joined", "en")
    checked.goto(f"{JOIN}?lang=en")
    checked.get_by_role("button", name="Join the panel").click()
    checked.get_by_role("heading", name="There is a problem").wait_for()
    check(checked, "panel join with errors", "en")


def _join_by_email(browser_session: BrowserSession) -> str:
    """Join without JavaScript; the member page's address, from the email that was sent."""
    email = f"pause-{secrets.token_hex(3)}@example.org"
    page = browser_session.new_page(javascript=False)
    page.goto(f"{JOIN}?lang=en")
    page.get_by_label("By email").check()
    page.get_by_label("Email address").fill(email)
    page.get_by_label("16 to 24", exact=True).check()
    page.get_by_label("I agree to join the citizens' panel").check()
    page.get_by_role("button", name="Join the panel").click()
    page.get_by_role("heading", name="Thank you for joining").wait_for()
    page.close()
    db.session.remove()
    message = db.session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == email)).first()
    assert message is not None, f"no email to {email}"
    match = re.search(r"(/panel/me/[A-Za-z0-9_\-]+)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_the_pause_page_date_boxes_pass_axe(
    browser_session: BrowserSession, live_server: LiveServer, javascript: bool
) -> None:
    """ "Pause until" is the NHS.UK day, month and year boxes (issue 16): axe-clean at 320 and
    1280 px, before and after a wrong date."""
    pause = f"{_join_by_email(browser_session)}/pause"
    for width in (320, 1280):
        page = browser_session.new_page(width=width, height=800, javascript=javascript)
        page.set_default_timeout(10_000)
        if not javascript:
            page.route("**/*.mjs", lambda route: route.abort())
        page.goto(pause)
        name = f"panel pause {width}px js={javascript}"
        check(page, name, "en")
        assert_fits_width(page, name)
        assert page.locator("input[type=date]").count() == 0, "no browser date picker"
        page.get_by_label("Day").fill("31")
        page.get_by_label("Month").fill("2")
        page.get_by_label("Year").fill("2027")
        page.get_by_role("button", name="Pause", exact=True).click()
        page.get_by_role("heading", name="There is a problem").wait_for()
        assert page.get_by_role("link", name="The date to pause until must be a real date").count() == 1
        check(page, f"{name} with an error", "en")
        assert_fits_width(page, f"{name} with an error")
        page.close()
