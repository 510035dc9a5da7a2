"""Reports in Chromium: the public "You said, we did" (reached from the home page) read on a 320 px
phone with JavaScript off, axe-clean; and the staff report and "You said, we did" pages axe-clean."""

from __future__ import annotations

import csv
import io

import pytest

from engagements import repository as engagements
from reports import repository
from tests.browser.conftest import BrowserSession, LiveServer, assert_fits_width, assert_no_axe_violations
from tests.browser.test_engagements import demo_engagement, signed_in
from tests.browser.test_public_look import assert_same_look
from toolkit import db, outbox

URDU_TITLE = "وِدنیل: آپ نے کہا، ہم نے کیا"
READER = "reader@example.com"


def _translate_to_urdu(server: LiveServer, engagement_id: int, title: str) -> None:
    """The translator's spreadsheet, filled in and read back (the same round trip as the staff upload)."""
    with server.app.app_context():
        rows = list(csv.reader(io.StringIO(repository.feedback_translation_csv(engagement_id, "ur").lstrip("\ufeff"))))
        out = io.StringIO()
        csv.writer(out).writerows([rows[0], *([k, e, URDU_TITLE if e == title else ""] for k, e, _t in rows[1:])])
        found = engagements.get_engagement(engagement_id)
        assert found is not None
        repository.save_feedback_translations(found, "ur", out.getvalue().encode(), None)
        db.session.remove()


def _messages_to(server: LiveServer, address: str) -> int:
    with server.app.app_context(), db.transaction() as session:
        count = len([m for m in outbox.recent(session) if m.to_address == address])
    with server.app.app_context():
        db.session.remove()
    return count


def test_publish_then_read_in_urdu_and_easy_read_on_a_phone_without_javascript(
    browser_session: BrowserSession, live_server: LiveServer
) -> None:
    engagement = demo_engagement(live_server)
    public = f"/you-said-we-did/{engagement.id}"
    # A participant asks to hear the outcome (no JavaScript).
    phone = browser_session.new_page(width=320, height=640, javascript=False)
    phone.goto(f"{public}/tell-me")
    phone.get_by_label("Email address").fill(READER)
    phone.get_by_role("button", name="Tell me the outcome").click()
    phone.get_by_text("Thank you.", exact=False).first.wait_for()
    # A lead publishes a new version in the browser.
    staff = signed_in(browser_session, width=1280)
    staff.goto(f"/staff/engagements/{engagement.id}/you-said-we-did")
    staff.get_by_label("What changed since the last version (optional)").fill("Waiting times are now on the door.")
    staff.get_by_role("button", name="Publish a new version").click()
    staff.wait_for_load_state()
    assert _messages_to(live_server, READER) == 1
    _translate_to_urdu(live_server, engagement.id, engagement.title)

    phone.goto(f"{public}?lang=ur")
    assert phone.locator("html").get_attribute("dir") == "rtl"
    assert phone.locator("h1").inner_text().strip() == URDU_TITLE
    assert phone.get_by_text("Waiting times are now on the door.", exact=False).is_visible()
    assert_fits_width(phone, "you said we did in Urdu")
    phone.goto(f"{public}?lang=en")
    phone.get_by_role("link", name="Read this in easy read").click()
    pictures = phone.locator("img.toolkit-easy-read__picture")
    assert pictures.count() >= 3 and all(pictures.nth(i).get_attribute("alt") for i in range(pictures.count()))
    assert phone.get_by_text("You do not want to wait a long time.").is_visible()
    assert_fits_width(phone, "easy-read summary")
    checked = browser_session.new_page(width=320, height=640)
    for path in (f"{public}?lang=ur", f"{public}/easy-read-report", f"{public}/easy-read-report?lang=ur"):
        checked.goto(path)
        assert_no_axe_violations(checked, f"{path} 320", screenshot_it=False)
    assert _messages_to(live_server, READER) == 1  # reading sends nothing more


def test_you_said_we_did_on_a_phone_without_javascript(
    browser_session: BrowserSession, live_server: LiveServer
) -> None:
    engagement = demo_engagement(live_server)
    page = browser_session.new_page(width=320, height=640, javascript=False)
    page.goto("/")
    page.get_by_role("link", name="What people told us and what we did about it").click()
    page.wait_for_url("**/you-said-we-did")  # the click only starts the navigation
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
        (f"{base}/report/easy-read", "easy-read summary"),
        ("/staff/insight?q=opening+hours", "insight library"),
    ):
        # The report is assembled in the request, auditing the demo survey's equality figures
        # again if an earlier test changed its settings (seconds, more on a loaded CI machine).
        page.goto(path, timeout=30_000)
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
