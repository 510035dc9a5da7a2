"""A person answers the demo survey in Chromium: by keyboard only, by clicks on a 320 px
wide screen, and with JavaScript off. axe-core checks every public page, error states
included, and reports zero WCAG 2.2 A/AA violations."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import (
    CLOSED_SLUG,
    BrowserSession,
    LiveServer,
    assert_fits_width,
    assert_no_axe_violations,
    path_of,
)

REFERENCE = re.compile(r"\b[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}\b")
USED = "When did you last use the walk-in centre on Station Road?"
RATING = "How would you rate your last visit?"
WAIT = "Roughly how many minutes did you wait to be seen?"
MATTERS = "What matters most to you when you need urgent care?"
PHONE = "Would you be happy to phone NHS 111 before travelling?"
IDEAS = "Is there anything else you would like to tell us?"
AGE = "Which age group are you in?"  # the standard equality section, last in the demo
POSTCODE = "What is the first half of your postcode?"
# The equality section's second page: it splits before the disability follow-up, which is asked
# only of people who said they have a condition (the postcode is on this page).
EQUALITY_REST = "**/page/equality.eq_disability_impact"


def check_page(page: Any, name: str, *, narrow: bool = False) -> None:
    """axe on the page as it is, and at 320 px no sideways scrolling."""
    assert page.locator("h1").count() == 1, f"{name}: expected exactly one h1"
    assert page.title(), f"{name}: no title"
    if narrow:
        assert_fits_width(page, name)
    assert_no_axe_violations(page, name)


def continue_button(page: Any) -> Any:
    return page.get_by_role("button", name=re.compile(r"^(Continue|Save and go back)"))


def error_summary(page: Any) -> Any:
    return page.locator(".nhsuk-error-summary")


def expect_error(page: Any, message: str) -> None:
    """The NHS.UK error summary names the problem, and its link leads to the field."""
    page.wait_for_load_state()
    summary = error_summary(page)
    summary.wait_for()
    assert message in summary.inner_text()
    assert page.title().startswith("Error:")
    assert page.locator(".nhsuk-error-message").filter(has_text=message).count() == 1


# --- keyboard only -------------------------------------------------------------------


def tab_to(page: Any, target: Any, limit: int = 80) -> None:
    """Press Tab until the target has focus: proves it is reachable by keyboard."""
    handle = target.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("element => document.activeElement === element", handle):
            return
    pytest.fail(f"could not reach {target} with the Tab key on {page.url}")


def test_keyboard_only_through_every_section(page: Any) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Skip to main content"
    tab_to(page, page.get_by_role("link", name="Urgent care in your area"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/s/demo")
    tab_to(page, page.get_by_role("button", name="Start now"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/s/demo/page/s1")

    tab_to(page, page.get_by_label("In the last month"))
    page.keyboard.press("Space")
    tab_to(page, continue_button(page))
    page.keyboard.press("Enter")
    page.wait_for_url("**/s/demo/page/s2")
    assert "Page 2 of up to 5" in page.inner_text("#progress")  # the total never shrinks

    tab_to(page, page.get_by_label("1 – Very poor"))  # the first radio of the scale
    for _ in range(3):
        page.keyboard.press("ArrowDown")  # arrows move through a radio group, choosing as they go
    assert page.get_by_label("4", exact=True).is_checked()
    tab_to(page, page.get_by_label(WAIT))
    page.keyboard.type("45")
    page.keyboard.press("Enter")  # Enter in a text box submits the form
    page.wait_for_url("**/s/demo/page/s3")

    tab_to(page, page.get_by_label("Being seen quickly"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_label("Parking and public transport"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("group", name=PHONE).get_by_label("Yes"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_label(IDEAS))
    page.keyboard.type("A bus that runs after 6pm.")
    tab_to(page, continue_button(page))
    page.keyboard.press("Enter")
    page.wait_for_url("**/s/demo/page/equality")

    tab_to(page, page.get_by_role("group", name=AGE).get_by_label("16 to 24"))
    page.keyboard.press("ArrowDown")
    assert page.get_by_role("group", name=AGE).get_by_label("25 to 34").is_checked()
    tab_to(page, continue_button(page))
    page.keyboard.press("Enter")
    page.wait_for_url(EQUALITY_REST)  # the page splits before the disability follow-up
    tab_to(page, continue_button(page))
    page.keyboard.press("Enter")
    page.wait_for_url("**/s/demo/check")

    answers = page.locator(".nhsuk-summary-list").inner_text()
    for expected in ("In the last month", "45", "Being seen quickly; Parking and public transport", "25 to 34"):
        assert expected in answers
    tab_to(page, page.get_by_role("button", name="Send my answers"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/s/demo/done")
    assert REFERENCE.search(page.inner_text(".nhsuk-panel"))


# --- clicks at 320 px, with axe on each page and each error state ----------------------


@pytest.mark.parametrize("width", [320, 1280])
def test_every_survey_page_and_error_state_passes_axe(browser_session: BrowserSession, width: int) -> None:
    page = browser_session.new_page(width=width, height=800)
    narrow = width <= 320
    page.goto("/")
    check_page(page, "home", narrow=narrow)
    page.get_by_role("link", name="Urgent care in your area").click()
    page.wait_for_url("**/s/demo")
    check_page(page, "start page", narrow=narrow)
    page.get_by_role("button", name="Start now").click()
    page.wait_for_url("**/page/s1")
    check_page(page, "section 1", narrow=narrow)

    continue_button(page).click()
    expect_error(page, "Select an answer")
    check_page(page, "section 1 error", narrow=narrow)
    error_summary(page).get_by_role("link", name="Select an answer").click()
    assert page.evaluate("() => document.activeElement.name") == "used_service"
    page.get_by_label("In the last month").check()
    continue_button(page).click()
    page.wait_for_url("**/page/s2")
    check_page(page, "section 2", narrow=narrow)

    page.get_by_label(WAIT).fill("abc")
    continue_button(page).click()
    expect_error(page, "Select an answer")
    expect_error(page, "Enter a whole number, like 12")
    check_page(page, "section 2 error", narrow=narrow)
    page.get_by_label("5 – Very good").check()
    page.get_by_label(WAIT).fill("20")
    continue_button(page).click()
    page.wait_for_url("**/page/s3")
    check_page(page, "section 3", narrow=narrow)

    continue_button(page).click()
    expect_error(page, "Select at least one option")
    check_page(page, "section 3 error", narrow=narrow)
    page.get_by_label("Other", exact=True).check()
    continue_button(page).click()
    expect_error(page, "Tell us what you mean by ‘Other’")
    check_page(page, "section 3 other error", narrow=narrow)
    page.get_by_label("Please specify").fill("A quiet place to wait")
    page.get_by_label(IDEAS).fill("x" * 1001)
    continue_button(page).click()
    expect_error(page, "Answer must be 1000 characters or fewer")
    check_page(page, "section 3 too long", narrow=narrow)
    page.get_by_label(IDEAS).fill("Thank you.")
    continue_button(page).click()
    page.wait_for_url("**/page/equality")
    check_page(page, "equality section", narrow=narrow)
    continue_button(page).click()
    page.wait_for_url(EQUALITY_REST)
    check_page(page, "equality section, second page", narrow=narrow)

    page.get_by_label(POSTCODE).fill("PR7 1AB PR7")
    continue_button(page).click()
    expect_error(page, "characters or fewer")
    check_page(page, "equality section error", narrow=narrow)
    page.get_by_label(POSTCODE).fill("")
    continue_button(page).click()
    page.wait_for_url("**/check")
    check_page(page, "check your answers", narrow=narrow)

    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_url("**/done")
    assert REFERENCE.search(page.inner_text(".nhsuk-panel"))
    check_page(page, "confirmation", narrow=narrow)


@pytest.mark.parametrize("width", [320, 1280])
def test_other_public_pages_pass_axe(browser_session: BrowserSession, live_server: LiveServer, width: int) -> None:
    page = browser_session.new_page(width=width, height=800)
    narrow = width <= 320
    for path, name, status in [
        ("/s/nope", "not found", 404),
        (f"/s/{CLOSED_SLUG}", "closed survey", 410),
        ("/privacy", "privacy", 200),
        ("/accessibility", "accessibility statement", 200),
        ("/staff/sign-in", "staff sign in", 200),
    ]:
        response = page.goto(path)
        assert response.status == status, f"{path}: {response.status}"
        check_page(page, name, narrow=narrow)

    page.get_by_label("Email address").fill(live_server.staff_email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect_error(page, "Enter a correct email address and password")
    check_page(page, "staff sign in error", narrow=narrow)
    page.get_by_label("Email address").fill("")
    page.get_by_role("button", name="Sign in").click()
    expect_error(page, "Enter your email address")
    expect_error(page, "Enter your password")
    check_page(page, "staff sign in empty", narrow=narrow)

    page.goto("/s/demo")
    page.context.clear_cookies()  # the session, and with it the CSRF secret, has gone
    page.get_by_role("button", name="Start now").click()
    assert "timed out" in page.locator("h1").inner_text()
    check_page(page, "form timed out", narrow=narrow)


def test_staff_can_sign_in(page: Any, live_server: LiveServer) -> None:
    page.goto("/staff/surveys/")
    page.wait_for_url("**/staff/sign-in?next=**")
    page.get_by_label("Email address").fill(live_server.staff_email)
    page.get_by_label("Password").fill(live_server.staff_password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/staff/surveys/")
    check_page(page, "staff survey list")


# --- routing and changing answers ----------------------------------------------------


def start_demo(page: Any) -> None:
    page.goto("/s/demo")
    page.get_by_role("button", name=re.compile("Start now|Continue where you left off")).click()
    page.wait_for_url("**/page/s1")


def answer_last_sections(page: Any) -> None:
    """What matters (s3), then the optional equality questions left blank."""
    page.get_by_label("Being close to home").check()
    page.get_by_role("group", name=PHONE).get_by_label("Yes").check()
    continue_button(page).click()
    page.wait_for_url("**/page/equality")
    continue_button(page).click()
    page.wait_for_url(EQUALITY_REST)
    continue_button(page).click()
    page.wait_for_url("**/check")


def summary_value(page: Any, question: str) -> str:
    row = page.locator(".nhsuk-summary-list__row").filter(has_text=question)
    return str(row.locator(".nhsuk-summary-list__value").inner_text()).strip()


def test_other_answers_skip_the_last_visit_section(page: Any) -> None:
    start_demo(page)
    page.get_by_label("In the last year").check()
    continue_button(page).click()
    page.wait_for_url("**/page/s3")
    assert "Page 2 of up to 5" in page.inner_text("#progress")  # the skipped page still counts
    page.get_by_role("link", name="Back").click()
    page.wait_for_url("**/page/s1")
    assert page.get_by_label("In the last year").is_checked()
    continue_button(page).click()
    answer_last_sections(page)
    assert RATING not in page.locator(".nhsuk-summary-list").inner_text()


def test_change_links_update_the_answers(page: Any) -> None:
    start_demo(page)
    page.get_by_label("I have never used it").check()
    continue_button(page).click()
    answer_last_sections(page)
    assert summary_value(page, PHONE) == "Yes"

    page.get_by_role("link", name=f"Change {PHONE}").click()
    assert path_of(page) == "/s/demo/page/s3"
    page.get_by_role("group", name=PHONE).get_by_label("No").check()
    page.get_by_role("button", name="Save and go back to your answers").click()
    page.wait_for_url("**/check")
    assert summary_value(page, PHONE) == "No"

    # Changing the routing answer brings in the section it unlocks, then returns here.
    page.get_by_role("link", name=f"Change {USED}").click()
    page.get_by_label("In the last month").check()
    page.get_by_role("button", name="Save and go back to your answers").click()
    page.wait_for_url("**/page/s2?change=1")
    page.get_by_label("3", exact=True).check()
    page.get_by_role("button", name="Save and go back to your answers").click()
    page.wait_for_url("**/check")
    assert summary_value(page, USED) == "In the last month"
    assert summary_value(page, RATING) == "OK (3)"
    assert summary_value(page, WAIT) == "Not answered"
    page.get_by_role("button", name="Send my answers").click()
    assert REFERENCE.search(page.inner_text(".nhsuk-panel"))


# --- JavaScript off ------------------------------------------------------------------


def test_whole_survey_works_with_javascript_off(browser_session: BrowserSession) -> None:
    page = browser_session.new_page(width=320, height=640, javascript=False)
    start_demo(page)
    continue_button(page).click()
    expect_error(page, "Select an answer")
    page.get_by_label("In the last month").check()
    continue_button(page).click()
    page.wait_for_url("**/page/s2")
    page.get_by_label("2", exact=True).check()
    continue_button(page).click()
    page.wait_for_url("**/page/s3")
    page.get_by_label("Other", exact=True).check()
    page.get_by_label("Please specify").fill("Step-free access")  # shown without JavaScript too
    page.get_by_label(IDEAS).fill("Nothing more.")
    continue_button(page).click()
    page.wait_for_url("**/page/equality")
    page.get_by_role("group", name=AGE).get_by_label("Prefer not to say").check()
    continue_button(page).click()
    page.wait_for_url(EQUALITY_REST)
    continue_button(page).click()
    page.wait_for_url("**/check")
    assert summary_value(page, MATTERS) == "Other: Step-free access"
    assert summary_value(page, AGE) == "Prefer not to say"
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_url("**/done")
    assert REFERENCE.search(page.inner_text(".nhsuk-panel"))
    assert_fits_width(page, "confirmation without JavaScript")
