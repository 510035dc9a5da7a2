"""Public pages look exactly the same with the NHS.UK stylesheet cut to what they use
(toolkit/assets.py) as with the whole stylesheet, at 320 px and 1280 px, error states, revealed
conditional questions and right-to-left included; and the NHS.UK script is fetched only by
pages with a component that needs it."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from PIL import Image, ImageChops

from tests.browser.conftest import ARTIFACTS, CLOSED_SLUG, BrowserSession, LiveServer, assert_no_axe_violations
from tests.browser.test_workshop_equality import demo_session

FULL_STYLESHEET = "/static/nhsuk/nhsuk-frontend.min.css"
SWAP_STYLESHEET = """async ([from, to]) => {
    const old = document.querySelector(`link[rel=stylesheet][href*="${from}"]`)
    if (!old) return false
    await new Promise((resolve, reject) => {
        const next = old.cloneNode()
        next.href = to
        next.onload = resolve
        next.onerror = reject
        old.after(next)
    })
    old.remove()
    return true
}"""
NHSUK_SCRIPT = re.compile(r"/static/nhsuk/nhsuk-frontend\.min\.[0-9a-f]+\.js$")


def picture(page: Any) -> Image.Image:
    shot = page.screenshot(full_page=True, animations="disabled", caret="hide")
    return Image.open(io.BytesIO(shot)).convert("RGB")


def assert_same_look(page: Any, name: str) -> None:
    """Screenshot the page as served (cut stylesheet), swap in the whole stylesheet, compare."""
    page.wait_for_load_state("networkidle")  # the NHS.UK script, where fetched, has run (focus moved)
    cut_url = page.evaluate("() => document.querySelector('link[href*=\"nhsuk-frontend.public\"]')?.href")
    assert cut_url, f"{name}: the page does not use the cut stylesheet"
    cut = picture(page)
    assert page.evaluate(SWAP_STYLESHEET, ["nhsuk-frontend.public", FULL_STYLESHEET])
    whole = picture(page)
    assert page.evaluate(SWAP_STYLESHEET, [FULL_STYLESHEET, cut_url])  # as served, for what comes next
    box = ImageChops.difference(cut, whole).getbbox() if cut.size == whole.size else (0, 0, *whole.size)
    if box is not None:
        ARTIFACTS.mkdir(exist_ok=True)
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        cut.save(ARTIFACTS / f"look-{slug}-cut.png")
        whole.save(ARTIFACTS / f"look-{slug}-whole.png")
        pytest.fail(f"{name} ({page.url}) looks different with the cut stylesheet: {cut.size} vs {whole.size}, {box}")


def button(page: Any, name: str) -> Any:
    return page.get_by_role("button", name=re.compile(f"^{name}"))


def walk_the_survey(page: Any, width: int) -> None:
    for path, name in [("/", "home"), ("/s/demo", "start"), ("/s/demo?lang=ur", "start in Urdu")]:
        page.goto(path)
        assert_same_look(page, f"{name} {width}")
    page.goto("/s/demo?lang=en")
    button(page, "Start now").click()
    page.wait_for_url("**/page/s1")
    assert_same_look(page, f"section 1 {width}")
    button(page, "Continue").click()
    page.locator(".nhsuk-error-summary").wait_for()
    assert_same_look(page, f"section 1 error {width}")
    page.get_by_label("In the last month").check()
    button(page, "Continue").click()
    page.wait_for_url("**/page/s2")
    page.get_by_label("Roughly how many minutes did you wait to be seen?").fill("abc")
    button(page, "Continue").click()
    page.locator(".nhsuk-error-summary").wait_for()
    assert_same_look(page, f"section 2 errors {width}")
    page.get_by_label("5 – Very good").check()
    page.get_by_label("Roughly how many minutes did you wait to be seen?").fill("20")
    button(page, "Continue").click()
    page.wait_for_url("**/page/s3")
    assert_same_look(page, f"section 3 {width}")
    page.get_by_label("Other", exact=True).check()
    page.get_by_label("Please specify").wait_for()  # the conditional question, revealed
    assert_same_look(page, f"section 3 other revealed {width}")
    page.get_by_label("Please specify").fill("A quiet place to wait")
    button(page, "Continue").click()
    page.wait_for_url("**/page/equality")
    assert_same_look(page, f"equality section {width}")
    button(page, "Continue").click()
    page.wait_for_url("**/page/equality.eq_disability_impact")  # split before the disability follow-up
    assert_same_look(page, f"equality section, second page {width}")
    button(page, "Continue").click()
    page.wait_for_url("**/check")
    assert_same_look(page, f"check your answers {width}")
    button(page, "Send my answers").click()
    page.wait_for_url("**/done")
    assert_same_look(page, f"confirmation {width}")


def walk_easy_read(page: Any, width: int) -> None:
    page.goto("/s/demo/easy-read")
    assert_same_look(page, f"easy read start {width}")
    button(page, "Start").click()
    page.wait_for_url("**/easy-read/questions/used_service")
    button(page, "Next").click()
    page.locator(".nhsuk-error-summary").wait_for()
    assert_same_look(page, f"easy read error {width}")
    page.get_by_label("In the last month").check()
    button(page, "Next").click()
    page.wait_for_url("**/easy-read/questions/rating")
    assert_same_look(page, f"easy read smiley faces {width}")
    for _ in range(30):
        if page.url.endswith("/easy-read/check"):
            break
        with page.expect_navigation():
            button(page, "Next").click()
    assert_same_look(page, f"easy read check answers {width}")


def walk_other_pages(page: Any, live_server: LiveServer, width: int) -> None:
    for path, name in [
        ("/s/nope", "not found"),
        (f"/s/{CLOSED_SLUG}", "closed survey"),
        ("/privacy", "privacy"),
        ("/accessibility", "accessibility statement"),
        ("/staff/sign-in", "staff sign in"),
    ]:
        page.goto(path)
        assert_same_look(page, f"{name} {width}")
    page.get_by_label("Email address").fill(live_server.staff_email)
    button(page, "Sign in").click()
    page.locator(".nhsuk-error-summary").wait_for()
    assert_same_look(page, f"staff sign in error {width}")
    code = demo_session(live_server).code
    for path, name in [(f"/w/{code}", "workshop"), (f"/w/{code}/idea", "workshop idea"), (f"/w/{code}/vote", "vote")]:
        page.goto(path)
        assert_same_look(page, f"{name} {width}")
    page.goto(f"/w/{code}/about-you")
    assert_same_look(page, f"workshop about you {width}")


@pytest.mark.parametrize("width", [320, 1280])
def test_public_pages_look_the_same_with_the_cut_stylesheet(
    browser_session: BrowserSession, live_server: LiveServer, width: int
) -> None:
    page = browser_session.new_page(width=width, height=800)
    walk_the_survey(page, width)
    walk_easy_read(page, width)
    walk_other_pages(page, live_server, width)


def test_the_nhsuk_script_is_fetched_only_by_pages_that_need_it(browser_session: BrowserSession) -> None:
    page = browser_session.new_page(width=390, height=844)
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url) if NHSUK_SCRIPT.search(request.url) else None)
    page.goto("/s/demo")
    button(page, "Start now").click()
    page.wait_for_url("**/page/s1")
    page.wait_for_load_state("networkidle")
    assert fetched == [], "plain radios and buttons need no NHS.UK script"

    button(page, "Continue").click()  # an error summary: the script moves focus to it
    page.locator(".nhsuk-error-summary").wait_for()
    page.wait_for_function("() => document.activeElement.classList.contains('nhsuk-error-summary')")
    assert len(fetched) == 1

    page.get_by_label("I have never used it").check()
    button(page, "Continue").click()
    page.wait_for_url("**/page/s3")
    other = page.get_by_label("Please specify")
    assert not other.is_visible()  # a conditional question: hidden until "Other" is ticked
    page.get_by_label("Other", exact=True).check()
    other.wait_for()
    assert other.is_visible()


def to_section_3(page: Any) -> None:
    """The demo's third page (a conditional question and a character count), with no error on the way."""
    page.goto("/s/demo")
    button(page, "Start now").click()
    page.get_by_label("I have never used it").check()
    button(page, "Continue").click()
    page.wait_for_url("**/page/s3")


def test_other_please_specify_is_revealed_by_the_toolkits_own_script(browser_session: BrowserSession) -> None:
    """A page of questions with a conditional question and no error fetches no NHS.UK script: the
    toolkit's own lines reveal it, with aria-controls; no aria-expanded, which ARIA does not allow
    on a radio (axe's aria-allowed-attr flagged the NHS.UK script's)."""
    page = browser_session.new_page(width=390, height=844)
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url) if NHSUK_SCRIPT.search(request.url) else None)
    to_section_3(page)
    page.wait_for_load_state("networkidle")
    other_choice = page.get_by_label("Other", exact=True)
    specify = page.get_by_label("Please specify")
    assert not specify.is_visible()
    assert other_choice.get_attribute("aria-expanded") is None
    controlled = other_choice.get_attribute("aria-controls")
    assert controlled and page.locator(f"#{controlled}").locator("input, textarea").count() == 1
    other_choice.check()
    specify.wait_for()
    assert other_choice.get_attribute("aria-expanded") is None
    assert fetched == [], "the conditional reveal needs no NHS.UK script"
    assert_no_axe_violations(page, "a page with 'Other, please specify' revealed")


def test_other_please_specify_is_shown_without_javascript(browser_session: BrowserSession) -> None:
    page = browser_session.new_page(width=390, height=844, javascript=False)
    to_section_3(page)
    assert page.get_by_label("Please specify").is_visible()


def test_the_character_count_counts_without_the_nhsuk_script(browser_session: BrowserSession) -> None:
    page = browser_session.new_page(width=390, height=844)
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url) if NHSUK_SCRIPT.search(request.url) else None)
    to_section_3(page)
    status = page.locator(".nhsuk-character-count__status")
    status.wait_for()
    assert status.inner_text() == "You have 1,000 characters remaining"  # numbers formatted, as NHS.UK does
    page.locator("textarea.nhsuk-js-character-count").fill("x" * 1002)
    assert status.inner_text() == "You have 2 characters too many"
    assert "nhsuk-error-message" in (status.get_attribute("class") or "")
    page.locator(".nhsuk-character-count__sr-status").filter(has_text="2 characters too many").wait_for(
        state="attached"
    )
    page.locator("textarea.nhsuk-js-character-count").fill("x" * 999)
    assert status.inner_text() == "You have 1 character remaining"  # the catalog's plural form for one
    assert fetched == []
