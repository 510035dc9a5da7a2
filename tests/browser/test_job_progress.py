"""A job's progress page in Chromium, as a consumer works through the job: with JavaScript the
bar and the step change in place and the page shows the download once the job is done; without
JavaScript the page refreshes itself to the same end. Running, done and failed pages pass axe."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import BrowserSession, LiveServer
from tests.browser.test_dashboard import check, staff_page
from toolkit import db
from toolkit.schema import Job, StaffUser


def running_job(server: LiveServer, title: str) -> int:
    with server.app.app_context(), db.transaction() as session:
        user = session.query(StaffUser).filter_by(email=server.staff_email).one()
        job = Job(kind="survey_xlsx", title=title, params={}, state={}, started_by=user.id, status="running")
        job.step, job.done, job.total = "Writing the responses", 1, 4
        session.add(job)
        session.flush()
        job_id = job.id
    return job_id


def consumer_moves(server: LiveServer, job_id: int, **values: Any) -> None:
    """What a consumer does to the job's row as it works."""
    with server.app.app_context(), db.transaction() as session:
        job = session.get(Job, job_id)
        for name, value in values.items():
            setattr(job, name, value)


def finish(server: LiveServer, job_id: int) -> None:
    consumer_moves(server, job_id, status="failed", error="This survey has been deleted, so there is nothing to make.")


@pytest.mark.parametrize("width", [320, 1280])
def test_progress_updates_in_place_with_javascript(
    browser_session: BrowserSession, live_server: LiveServer, width: int
) -> None:
    job_id = running_job(live_server, f"Excel export, {width} px, with JavaScript")
    page = staff_page(browser_session, live_server, width=width)
    assert page.goto(f"/staff/jobs/{job_id}").status == 200
    assert page.locator("progress").get_attribute("value") == "25"
    check(page, "a job in progress", narrow=width <= 320)
    page.evaluate("() => { window.stillTheSamePage = true }")
    consumer_moves(live_server, job_id, done=3, step="Writing the responses")
    page.wait_for_function("() => document.querySelector('progress').value === 75")
    assert page.locator("#job-step").inner_text() == "Writing the responses (3 of 4)"
    assert page.evaluate("() => window.stillTheSamePage") is True  # updated in place, not reloaded
    finish(live_server, job_id)
    page.get_by_role("heading", name="This job did not finish").wait_for()
    assert "nothing to make" in page.locator(".nhsuk-error-summary").inner_text()
    check(page, "a job that did not finish", narrow=width <= 320)


def test_progress_refreshes_itself_without_javascript(browser_session: BrowserSession, live_server: LiveServer) -> None:
    job_id = running_job(live_server, "Excel export without JavaScript")
    page = staff_page(browser_session, live_server, javascript=False)
    assert page.goto(f"/staff/jobs/{job_id}").status == 200
    assert page.locator("#job-step").inner_text() == "Writing the responses (1 of 4)"
    consumer_moves(live_server, job_id, done=2)
    page.wait_for_function("() => document.querySelector('progress').value === 50", timeout=8_000)
    consumer_moves(live_server, job_id, status="done", done=4)
    page.get_by_role("heading", name="Ready").wait_for(timeout=8_000)
    assert page.locator("noscript").count() == 0  # finished: no more refreshing
    # axe-core needs JavaScript: the same pages, checked in a browser that runs it.
    checker = staff_page(browser_session, live_server, width=320)
    assert checker.goto(f"/staff/jobs/{job_id}").status == 200
    check(checker, "a finished job", narrow=True)
    checker.get_by_role("link", name="All your recent jobs").click()
    checker.wait_for_url("**/staff/jobs/")
    assert checker.locator("table").inner_text().count("Excel export without JavaScript") == 1
    check(checker, "your recent jobs", narrow=True)


def admin_page(session: BrowserSession, server: LiveServer, **kwargs: Any) -> Any:
    """The demo admin signs in as a person would: password, then one of the recovery codes the
    demo wrote beside the passwords (every admin has two-factor sign-in; the authenticator's
    current code may already have been used when the demo set two-factor up)."""
    import re
    from pathlib import Path

    logins = (Path(server.app.instance_path) / "login.txt").read_text()
    email, password = re.search(r"^admin: (\S+) / (\S+)$", logins, re.M).groups()  # type: ignore[union-attr]
    code = re.search(r"each works once\): ([\w-]+)", logins).group(1)  # type: ignore[union-attr]
    page = session.new_page(**kwargs)
    page.goto("/staff/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/sign-in/code**")
    page.get_by_label("Code from your authenticator app, or a recovery code").fill(code)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/staff/surveys/")
    return page


def test_the_outbox_and_notification_settings_pass_axe(
    browser_session: BrowserSession, live_server: LiveServer
) -> None:
    from toolkit import outbox

    with live_server.app.app_context(), db.transaction() as session:
        message = outbox.enqueue(
            session, to="lead@example.org", subject="Closes in 7 days: GP access", body="Line one\nLine two", kind="t"
        )
        message_id = message.id
    page = admin_page(browser_session, live_server, width=320)
    assert page.goto("/staff/outbox/").status == 200
    assert "no email leaves this installation" in page.locator("main").inner_text()
    check(page, "the outbox", narrow=True)
    assert page.goto(f"/staff/outbox/{message_id}").status == 200
    assert page.locator("pre").inner_text() == "Line one\nLine two"
    check(page, "an email in the outbox", narrow=True)
    assert page.goto("/staff/notifications/").status == 200
    check(page, "notification settings", narrow=True)
