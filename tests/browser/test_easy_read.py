"""A person answers the demo survey's easy-read version in Chromium: pictures beside the
words, smiley faces, yes/no with ticks and crosses, by clicks at 320 px and 1280 px and
with JavaScript off; axe-core checks every page, error state included. Staff pages for
easy-read wording, printing and keying paper copies pass axe too."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from tests.browser.conftest import BrowserSession, LiveServer, assert_fits_width, assert_no_axe_violations
from toolkit import db
from toolkit.schema import Response, Survey

REFERENCE = re.compile(r"\b[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}\b")
USED = "When did you last go to the walk-in centre on Station Road?"
RATING = "How was your last visit?"
WAIT = "How many minutes did you wait? You can leave this empty."
MATTERS = "What is most important to you? You can pick more than one."
PHONE = "Would you phone 111 first? 111 is a free NHS phone number."
IDEAS = "Do you want to tell us anything else?"
EASY_MATTERS = [
    "Near my home",
    "Not waiting long",
    "Easy to get to by car or bus",
    "Open in the evening and at the weekend",
    "Staff who know me",
]
URDU_EASY_MATTERS = [
    "میرے گھر کے قریب",
    "زیادہ انتظار نہ کرنا",
    "گاڑی یا بس سے آسانی سے پہنچنا",
    "شام کو اور ہفتے کے آخر میں کھلا",
    "عملہ جو مجھے جانتا ہو",
]


def check_page(page: Any, name: str, *, narrow: bool = False) -> None:
    assert page.locator("h1").count() == 1, f"{name}: expected exactly one h1"
    assert page.title(), f"{name}: no title"
    if narrow:
        assert_fits_width(page, name)
    assert_no_axe_violations(page, name)


def next_button(page: Any) -> Any:
    return page.get_by_role("button", name="Next")


def picture_shown(page: Any, alt: str) -> None:
    """The question's picture loaded from the server and says what it shows."""
    picture = page.locator("img.toolkit-easy-read__picture")
    assert picture.get_attribute("alt") == alt
    assert picture.evaluate("img => img.complete && img.naturalWidth > 0"), "the picture did not load"


def skip_to_check(page: Any, limit: int = 30) -> None:
    """Leave the remaining optional questions unanswered, one page at a time."""
    for _ in range(limit):
        if page.url.endswith("/easy-read/check"):
            return
        with page.expect_navigation():
            next_button(page).click()
    pytest.fail(f"never reached check answers; stuck at {page.url}")


@pytest.mark.parametrize("width", [320, 1280])
def test_easy_read_end_to_end_with_pictures_and_smiley_faces(browser_session: BrowserSession, width: int) -> None:
    page = browser_session.new_page(width=width, height=800)
    narrow = width <= 320
    page.goto("/s/demo")
    page.get_by_role("link", name="Easy read version, with pictures").click()
    page.wait_for_url("**/s/demo/easy-read")
    check_page(page, f"easy read start {width}", narrow=narrow)
    page.get_by_role("button", name="Start").click()

    page.wait_for_url("**/easy-read/questions/used_service")
    assert page.locator("h1").inner_text() == USED
    picture_shown(page, "A health centre building with a white cross on its roof")
    next_button(page).click()
    assert "Select an answer" in page.locator(".nhsuk-error-summary").inner_text()
    check_page(page, f"easy read error {width}", narrow=narrow)
    page.get_by_label("In the last month").check()
    next_button(page).click()

    page.wait_for_url("**/easy-read/questions/rating")
    assert page.locator("h1").inner_text() == RATING
    assert page.locator("svg.toolkit-face").count() == 5
    check_page(page, f"easy read smiley faces {width}", narrow=narrow)
    page.get_by_label("Good", exact=True).check()
    next_button(page).click()

    page.wait_for_url("**/easy-read/questions/wait")
    page.get_by_label(WAIT).fill("30")
    next_button(page).click()
    page.wait_for_url("**/easy-read/questions/matters")
    check_page(page, f"easy read checkboxes {width}", narrow=narrow)
    answers = page.locator(".nhsuk-checkboxes__label").all_inner_texts()
    assert [a.strip() for a in answers] == [*EASY_MATTERS, "Other"]  # the easy-read wording of each answer
    page.get_by_label("Not waiting long").check()
    next_button(page).click()
    page.wait_for_url("**/easy-read/questions/phone_first")
    check_page(page, f"easy read yes or no {width}", narrow=narrow)
    page.get_by_label("Yes", exact=True).check()
    next_button(page).click()
    page.wait_for_url("**/easy-read/questions/ideas")
    page.get_by_label(IDEAS).fill("A bus after 6pm.")
    with page.expect_navigation():
        next_button(page).click()
    if "/questions/" in page.url:  # the standard equality questions, one per page, all optional
        check_page(page, f"easy read equality question {width}", narrow=narrow)
    skip_to_check(page)
    check_page(page, f"easy read check answers {width}", narrow=narrow)
    check_page(page, f"easy read check answers {width}", narrow=narrow)
    answers = page.locator(".nhsuk-summary-list").inner_text()
    for expected in ("In the last month", "4", "30", "Not waiting long", "Yes", "A bus after 6pm."):
        assert expected in answers
    assert "Being seen quickly" not in answers
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_url("**/easy-read/done")
    check_page(page, f"easy read thank you {width}", narrow=narrow)
    reference = REFERENCE.search(page.inner_text(".nhsuk-panel"))
    assert reference

    saved = db.session.scalars(select(Response).where(Response.reference == reference.group(0))).one()
    assert {k: v for k, v in saved.answers.items() if not k.startswith("eq_")} == {
        "used_service": "month",
        "rating": 4,
        "wait": 30,
        "matters": ["fast"],
        "phone_first": "yes",
        "ideas": "A bus after 6pm.",
    }
    db.session.remove()


def test_easy_read_works_without_javascript_by_keyboard(browser_session: BrowserSession) -> None:
    page = browser_session.new_page(javascript=False)
    page.goto("/s/demo/easy-read")
    page.get_by_role("button", name="Start").click()
    page.wait_for_url("**/questions/used_service")
    page.get_by_label("I have never used it").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Enter")  # Enter on a radio submits its form
    page.wait_for_url("**/questions/matters")  # the visit questions are skipped
    page.get_by_label("Easy to get to by car or bus").focus()
    page.keyboard.press("Space")
    next_button(page).focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/questions/phone_first")
    next_button(page).click()
    page.wait_for_url("**/questions/ideas")
    skip_to_check(page)
    assert "Easy to get to by car or bus" in page.locator(".nhsuk-summary-list").inner_text()
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_url("**/easy-read/done")
    reference = REFERENCE.search(page.inner_text(".nhsuk-panel"))
    assert reference
    saved = db.session.scalars(select(Response).where(Response.reference == reference.group(0))).one()
    assert saved.answers["matters"] == ["parking"]  # the same stored value as the standard version
    db.session.remove()


def test_easy_read_answers_are_worded_for_easy_read_in_urdu(browser_session: BrowserSession) -> None:
    page = browser_session.new_page(width=320, height=800)
    page.goto("/s/demo/easy-read?lang=ur")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.locator("form[action$='/easy-read/start'] button").click()
    page.wait_for_url("**/questions/used_service")
    page.locator("input[value=never]").check()
    page.locator(".toolkit-easy-read form button[type=submit]").click()
    page.wait_for_url("**/questions/matters")
    answers = [a.strip() for a in page.locator(".nhsuk-checkboxes__label").all_inner_texts()]
    assert answers[:5] == URDU_EASY_MATTERS
    check_page(page, "easy read answers in Urdu", narrow=True)


def test_staff_easy_read_print_and_keying_pages_pass_axe(
    browser_session: BrowserSession, live_server: LiveServer
) -> None:
    page = browser_session.new_page()
    page.goto("/staff/sign-in")
    page.get_by_label("Email address").fill(live_server.staff_email)
    page.get_by_label("Password").fill(live_server.staff_password)
    page.get_by_role("button", name="Sign in").click()
    survey_id = db.session.scalars(select(Survey.id).where(Survey.slug == "demo")).one()
    db.session.remove()
    for path, name in [
        (f"/staff/surveys/{survey_id}/paper", "staff paper and print"),
        (f"/staff/surveys/{survey_id}/easy-read", "staff easy read overview"),
        (f"/staff/surveys/{survey_id}/easy-read/rating", "staff easy read question"),
        (f"/staff/surveys/{survey_id}/paper/enter", "staff key a paper copy"),
        (f"/staff/surveys/{survey_id}/paper/mismatches", "staff keyings that differ"),
    ]:
        response = page.goto(path)
        assert response.status == 200, f"{path}: {response.status}"
        check_page(page, name)
    page.goto(f"/staff/surveys/{survey_id}/paper/enter")
    page.get_by_role("button", name="Save and key the next copy").click()
    assert "Enter the reference number" in page.locator(".nhsuk-error-summary").inner_text()
    check_page(page, "staff key a paper copy error")
