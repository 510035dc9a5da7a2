"""Engagements in Chromium: axe-core on the engagement, timeline, checklist, codebook, agreement
and coding pages, and coding from the keyboard with JavaScript on and off."""

from __future__ import annotations

from typing import Any

import pytest

from engagements import coding, demo, repository
from engagements import coding_repository as codes
from tests.browser.conftest import BrowserSession, LiveServer, assert_fits_width, assert_no_axe_violations
from toolkit import db
from toolkit.schema import Engagement


def demo_engagement(server: LiveServer) -> Engagement:
    with server.app.app_context():
        found = repository.find_engagement(demo.DEMO_TITLE)
        assert found is not None
        db.session.remove()
        return found


def signed_in(session: BrowserSession, **kwargs: Any) -> Any:
    page = session.new_page(**kwargs)
    page.goto("/staff/sign-in")
    page.get_by_label("Email address").fill(session.server.staff_email)
    page.get_by_label("Password").fill(session.server.staff_password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    return page


def my_codes(server: LiveServer, engagement_id: int, key: str) -> set[str]:
    with server.app.app_context():
        book = {c.id: c.name for c in codes.codebook(engagement_id)}
        found = coding.merged(codes.codings(engagement_id)).get(coding.parse_key(key), frozenset())  # type: ignore[arg-type]
        db.session.remove()
        return {book[i] for i in found}


@pytest.mark.parametrize("width", [320, 1280])
def test_engagement_pages_pass_axe(browser_session: BrowserSession, live_server: LiveServer, width: int) -> None:
    engagement = demo_engagement(live_server)
    page = signed_in(browser_session, width=width)
    base = f"/staff/engagements/{engagement.id}"
    for path, name in (
        (base, "engagement"),
        (f"{base}/timeline", "engagement timeline"),
        (f"{base}/checklists/gunning", "engagement checklist"),
        (f"{base}/codebook", "engagement codebook"),
        (f"{base}/coding", "engagement coding"),
        (f"{base}/agreement", "engagement agreement"),
    ):
        page.goto(path)
        assert_no_axe_violations(page, f"{name} {width}", screenshot_it=width == 1280)
        assert_fits_width(page, name)


def _first_uncoded(page: Any, engagement_id: int) -> str:
    page.goto(f"/staff/engagements/{engagement_id}/coding?uncoded=1")
    return str(page.locator("input[name=key]").get_attribute("value"))


def test_coding_from_the_keyboard_with_javascript(browser_session: BrowserSession, live_server: LiveServer) -> None:
    engagement = demo_engagement(live_server)
    page = signed_in(browser_session)
    key = _first_uncoded(page, engagement.id)
    assert_no_axe_violations(page, "coding with javascript", screenshot_it=False)
    page.keyboard.press("/")
    page.keyboard.type("parking")
    page.keyboard.press("Enter")  # ticks the first match
    page.keyboard.press("Escape")
    with page.expect_navigation():
        page.keyboard.press("Control+Enter")  # save and next
    assert my_codes(live_server, engagement.id, key) == {"Parking"}
    assert page.locator("input[name=key]").get_attribute("value") != key


def test_coding_from_the_keyboard_without_javascript(browser_session: BrowserSession, live_server: LiveServer) -> None:
    engagement = demo_engagement(live_server)
    page = signed_in(browser_session, javascript=False)
    key = _first_uncoded(page, engagement.id)
    assert page.locator("[data-code-find]").is_hidden()  # the find box needs JavaScript
    page.get_by_label("Getting there › Buses", exact=True).focus()
    page.keyboard.press("Space")
    page.get_by_label("Accessibility", exact=True).focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Save and next").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert my_codes(live_server, engagement.id, key) == {"Buses", "Accessibility"}
    assert_fits_width(page, "coding without javascript")  # axe needs JavaScript: it runs on the page above
