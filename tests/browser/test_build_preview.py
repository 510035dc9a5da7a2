"""Issue 16, building a survey, in Chromium at 320 px and 1280 px, with JavaScript on and off,
axe-core on every page: a lead previews a draft exactly as respondents will see it (standard and
easy read), and a respondent sees the survey's contact details on its start and thank-you
pages. The staff overview's task list and the details form's date boxes pass axe too."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from surveys import repository
from tests.browser.conftest import BrowserSession, LiveServer, assert_fits_width, assert_no_axe_violations
from tests.helpers import make_survey
from toolkit import db
from toolkit.schema import Survey

CONTACTS = {
    "contact_email": "engage@example.nhs.uk",
    "contact_phone": "0300 123 4567",
    "contact_text_relay": "18001 0300 123 4567",
    "contact_address": "Engagement team\nFreepost ICB\nPreston",
}
# Each walk at one width with JavaScript on or off, so the file covers all four in four walks.
PREVIEW_MODES = [(320, True), (1280, False)]
CONTACT_MODES = [(320, False), (1280, True)]
def check(page: Any, name: str, width: int) -> None:
    assert page.locator("h1").count() == 1, f"{name}: expected exactly one h1"
    if width <= 320:
        assert_fits_width(page, name)
    assert_no_axe_violations(page, name, screenshot_it=False)


def press(page: Any, name: str) -> None:
    """Click a button and wait for the page it leads to: counting the h1 straight after the click
    could catch the old page unloading (no h1), which once looked like a page without a heading."""
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


@pytest.fixture
def surveys(live_server: LiveServer) -> Iterator[tuple[Survey, Survey]]:
    """A draft to preview and a live survey with contact details, made afresh for each test."""
    draft = make_survey("preview-draft", publish=False, title="A draft to preview")
    live = make_survey("with-contacts", title="A survey with contacts")
    repository.update_details(live, None, **CONTACTS)
    db.session.remove()
    yield draft, live
    for survey in (draft, live):
        found = db.session.get(Survey, survey.id)
        if found is not None:
            db.session.delete(found)
    db.session.commit()
    db.session.remove()


def sign_in(page: Any, server: LiveServer) -> None:
    page.goto("/staff/sign-in")
    page.get_by_label("Email address").fill(server.staff_email)
    page.get_by_label("Password").fill(server.staff_password)
    press(page, "Sign in")


def answer(page: Any, name: str, width: int, *, easy_read: bool = False) -> None:
    """Through the survey's pages to its thank-you page, checking each."""
    button = "Next" if easy_read else "Continue"
    press(page, button)  # nothing chosen: the error state
    assert page.locator(".nhsuk-error-summary").is_visible()
    check(page, f"{name}: a required answer left out", width)
    page.get_by_label("Red").check()
    press(page, button)
    check(page, f"{name}: second page", width)
    for _ in range(3):
        if page.url.split("?")[0].endswith("/check"):
            break
        press(page, button)
    assert page.url.split("?")[0].endswith("/check"), f"{name}: never reached check answers ({page.url})"
    check(page, f"{name}: check answers", width)
    press(page, "Send")
    check(page, f"{name}: thank you", width)


@pytest.mark.parametrize(("width", "javascript"), PREVIEW_MODES)
def test_preview_a_draft_standard_and_easy_read(
    browser_session: BrowserSession,
    live_server: LiveServer,
    surveys: tuple[Survey, Survey],
    width: int,
    javascript: bool,
) -> None:
    draft, _live = surveys
    page = browser_session.new_page(width=width, javascript=javascript)
    sign_in(page, live_server)
    page.goto(f"/staff/surveys/{draft.id}")
    check(page, "survey overview task list", width)
    with page.expect_navigation():
        page.get_by_role("link", name="Preview", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "A draft to preview"
    assert page.locator(".toolkit-preview-notice").is_visible()
    check(page, "preview: start", width)
    press(page, "Start now")
    answer(page, "preview", width)
    assert "PREVIEW" in page.locator(".toolkit-reference").inner_text()
    page.goto(f"/staff/surveys/{draft.id}/preview/easy-read?lang=en")
    check(page, "preview: easy read start", width)
    press(page, "Start")
    answer(page, "preview easy read", width, easy_read=True)
    assert repository.count_responses(draft.id) == 0
    db.session.remove()


@pytest.mark.parametrize(("width", "javascript"), CONTACT_MODES)
def test_contact_details_on_the_start_and_thank_you_pages(
    browser_session: BrowserSession, surveys: tuple[Survey, Survey], width: int, javascript: bool
) -> None:
    page = browser_session.new_page(width=width, javascript=javascript)
    page.goto("/s/with-contacts")
    contact = page.locator(".toolkit-contact")
    assert "engage@example.nhs.uk" in contact.inner_text() and "Freepost ICB" in contact.inner_text()
    check(page, "start page with contact details", width)
    press(page, "Start now")
    answer(page, "answering", width)
    done = page.locator("main").inner_text()
    assert "if you want to ask us" in done and "0300 123 4567" in done


def test_details_form_date_boxes_pass_axe(
    browser_session: BrowserSession, live_server: LiveServer, surveys: tuple[Survey, Survey]
) -> None:
    draft, _live = surveys
    page = browser_session.new_page(width=1280)
    sign_in(page, live_server)
    page.goto(f"/staff/surveys/{draft.id}/details")
    assert page.locator('input[type="date"]').count() == 0
    check(page, "details form", 1280)
    page.locator("#closes_on-day").fill("31")
    page.locator("#closes_on-month").fill("2")
    page.locator("#closes_on-year").fill("2099")
    press(page, "Save details")
    assert "The close date must be a real date" in page.locator(".nhsuk-error-summary").inner_text()
    check(page, "details form with a date error", 1280)
    page.locator(".nhsuk-error-summary a").first.click()
    assert page.evaluate("document.activeElement.id") == "closes_on-day"
