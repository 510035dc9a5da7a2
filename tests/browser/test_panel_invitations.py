"""The staff side of panel invitations in Chromium (issue 15): a lead opens the invitations page,
draws a round (first forgetting how many, for the error summary), checks the sample against the
population and the panel, sends it and follows it to the job's progress page and the round's own
page. Every page passes axe at 320 and 1280 px, with JavaScript on and off (the pages need none),
and fits the narrow screen without scrolling sideways.

As in test_panel.py, "JavaScript off" means none of the app's scripts load: axe itself runs as
JavaScript, and a context with JavaScript disabled would leave its evaluation waiting forever."""

from __future__ import annotations

import re

import pytest

from panel import repository as panel_repository
from panel.demo import DEMO_SLUG
from panel.invitations import JOB_KIND
from tests.browser.conftest import BrowserSession, LiveServer, path_of
from tests.browser.test_dashboard import check, staff_page
from toolkit import db
from toolkit.schema import Job

ROUND_SIZE = 12  # small, so the runs leave most of the demo panel free to invite


def demo_panel_id(server: LiveServer) -> int:
    with server.app.app_context():
        panel = panel_repository.panel_by_slug(DEMO_SLUG)
        assert panel is not None
        db.session.remove()
        return panel.id


def stop_waiting(server: LiveServer, job_id: int) -> None:
    """No consumer runs beside the live server: the sending job would wait for ever and count
    against the lead's limit of jobs at once, so it is closed as a consumer would close it."""
    with server.app.app_context(), db.transaction() as session:
        job = session.get(Job, job_id)
        assert job is not None and job.kind == JOB_KIND
        job.status = "done"


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
@pytest.mark.parametrize("width", [320, 1280])
def test_a_round_drawn_checked_and_sent_passes_axe(
    browser_session: BrowserSession, live_server: LiveServer, width: int, javascript: bool
) -> None:
    narrow = width <= 320
    name = f"panel invitations {width}px js={javascript}"
    panel_id = demo_panel_id(live_server)
    page = staff_page(browser_session, live_server, width=width, height=900)
    if not javascript:
        page.route(re.compile(r"\.m?js(\?.*)?$"), lambda route: route.abort())  # the app's scripts never run

    assert page.goto(f"/staff/panel/{panel_id}/invitations").status == 200
    check(page, f"{name}: the rounds", narrow=narrow)
    page.get_by_role("link", name="Invite members").click()
    page.get_by_role("heading", name="Invite members", level=1).wait_for()
    check(page, f"{name}: a new round", narrow=narrow)

    page.get_by_role("button", name="Draw the sample").click()  # no size given
    page.get_by_role("heading", name="There is a problem").wait_for()
    assert page.get_by_role("link", name="Enter how many members to invite").count() == 1
    check(page, f"{name}: a new round with errors", narrow=narrow)

    page.get_by_label("How many members").fill(str(ROUND_SIZE))
    page.get_by_role("button", name="Draw the sample").click()
    page.get_by_role("heading", name="The sample", level=2).wait_for()
    seed = page.locator("dd strong").first.inner_text()
    assert seed.isdigit(), "the page shows the draw's seed so it can be checked"
    assert page.locator("table caption").count() >= 1, "the sample is shown against the population"
    check(page, f"{name}: the sample", narrow=narrow)

    page.get_by_role("button", name=re.compile(rf"^Send {ROUND_SIZE} invitations$")).click()
    page.wait_for_url(re.compile(r"/staff/jobs/\d+$"))
    check(page, f"{name}: sending", narrow=narrow)
    stop_waiting(live_server, int(path_of(page).rsplit("/", 1)[1]))

    page.goto(f"/staff/panel/{panel_id}/invitations")
    rounds = page.locator("table tbody tr").filter(has_text=seed)
    assert rounds.count() == 1, "the round sent is listed with its seed"
    rounds.get_by_role("link").click()
    page.wait_for_url(re.compile(rf"/staff/panel/{panel_id}/invitations/\d+$"))
    assert path_of(page).startswith(f"/staff/panel/{panel_id}/invitations/")
    check(page, f"{name}: the round", narrow=narrow)
