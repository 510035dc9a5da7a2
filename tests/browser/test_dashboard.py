"""The representativeness dashboard of the demo survey in Chromium: its charts load, say what they
show in words, and the dashboard and the other equality pages pass axe-core with zero WCAG 2.2
A/AA violations, wide and at 320 px."""

from __future__ import annotations

from typing import Any

import pytest

from surveys import repository
from tests.browser.conftest import BrowserSession, LiveServer, assert_fits_width, assert_no_axe_violations
from toolkit import db

SLOW_PAGE = 60_000  # milliseconds


def demo_survey_id(server: LiveServer) -> int:
    with server.app.app_context():
        survey = repository.get_by_slug("demo")
        assert survey is not None
        db.session.remove()
        return survey.id


def staff_page(session: BrowserSession, server: LiveServer, **kwargs: Any) -> Any:
    page = session.new_page(**kwargs)
    page.goto("/staff/sign-in")
    page.get_by_label("Email address").fill(server.staff_email)
    page.get_by_label("Password").fill(server.staff_password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/staff/surveys/")
    return page


def check(page: Any, name: str, *, narrow: bool) -> None:
    assert page.locator("h1").count() == 1, f"{name}: expected exactly one h1"
    if narrow:
        assert_fits_width(page, name)
    assert_no_axe_violations(page, name)


@pytest.mark.parametrize("width", [320, 1280])
def test_the_dashboard_and_its_charts_pass_axe(
    browser_session: BrowserSession, live_server: LiveServer, width: int
) -> None:
    survey_id = demo_survey_id(live_server)
    page = staff_page(browser_session, live_server, width=width, height=900)
    narrow = width <= 320
    # The first view draws a dozen charts: allow for a busy test machine.
    response = page.goto(f"/staff/surveys/{survey_id}/representativeness?margin=age&margin=sex", timeout=SLOW_PAGE)
    assert response.status == 200
    charts = page.locator("img.toolkit-chart")
    assert charts.count() >= 10  # one per dimension, and the score over time
    for index in range(charts.count()):
        chart = charts.nth(index)
        assert chart.get_attribute("src").startswith("/staff/charts/")  # separately cached SVG files
        assert len(chart.get_attribute("alt")) > 20
        assert chart.evaluate("image => image.complete && image.naturalWidth > 0"), "a chart did not load"
    assert "Lancashire and South Cumbria" in page.inner_text("main")
    assert page.locator("#still-to-hear-from table").count() == 1
    # One overview chart opens the page, then who we still need to hear from; the detail is collapsed.
    order = page.eval_on_selector_all("#overview, #still-to-hear-from, [id^=dimension-]", "all => all.map(e => e.id)")
    assert order[:2] == ["overview", "still-to-hear-from"]
    assert page.locator("details[open]").count() == 0
    assert page.locator("#weighting table").count() >= 2
    check(page, "representativeness dashboard", narrow=narrow)

    page.locator("#dimension-age-mapping summary").click()  # the survey-to-census mapping, opened
    page.locator("#dimension-age-detail summary").click()  # the age chart and table, opened
    assert page.locator("#dimension-age-detail table").is_visible()
    check(page, "representativeness dashboard, mapping and detail open", narrow=narrow)

    response = page.goto(f"/staff/surveys/{survey_id}/representativeness?submitted_from=not-a-date", timeout=SLOW_PAGE)
    assert response.status == 400
    check(page, "representativeness dashboard, bad date", narrow=narrow)


@pytest.mark.parametrize("width", [320, 1280])
def test_the_other_equality_pages_pass_axe(
    browser_session: BrowserSession, live_server: LiveServer, width: int
) -> None:
    survey_id = demo_survey_id(live_server)
    page = staff_page(browser_session, live_server, width=width, height=900)
    narrow = width <= 320
    for path, name in [
        ("equality", "equality monitoring"),
        ("equality/questions", "choose equality questions"),
        ("equality/area", "survey area"),
        ("equality/population", "custom population"),
        ("results?margin=sex", "results with weighting"),
    ]:
        response = page.goto(f"/staff/surveys/{survey_id}/{path}", timeout=SLOW_PAGE)
        assert response.status == 200, path
        check(page, name, narrow=narrow)

    page.goto(f"/staff/surveys/{survey_id}/equality/area")
    page.get_by_label("One or more local authorities").check()
    page.get_by_label("Local authorities", exact=True).fill("Atlantis")
    page.get_by_role("button", name="Save the area").click()
    assert "Atlantis" in page.locator(".nhsuk-error-summary").inner_text()
    check(page, "survey area error", narrow=narrow)
