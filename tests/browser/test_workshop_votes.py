"""Voting in the room, in Chromium at 320 and 1280 px, JavaScript on and off, axe-core on every
page: a participant's +/- buttons and "dots left" counter, the projector view's QR code and live
tally with its close button, and paper dots entered on the round page."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import BrowserSession, LiveServer, assert_fits_width, assert_no_axe_violations
from tests.browser.test_public_look import assert_same_look
from tests.browser.test_workshops import facilitator_page
from toolkit import db
from toolkit.schema import VoteRound, WorkshopSession
from workshops import repository
from workshops.model import SessionDetails

WIDTHS = [320, 1280]
JAVASCRIPT = [pytest.param(True, id="js-on"), pytest.param(False, id="js-off")]


def new_round(server: LiveServer, title: str) -> tuple[WorkshopSession, VoteRound]:
    """A session of its own with an open round on two themes, so tests never share a ballot box."""
    with server.app.app_context():
        engagement = repository.create_engagement(f"Votes: {title}", "", None)
        workshop = repository.create_session(engagement, SessionDetails(title, venue="Hall"), None)
        themes = [repository.add_theme(workshop.id, name, None).id for name in ("Access", "Continuity of care")]
        vote_round = repository.open_round(workshop.id, "What matters most?", 3, themes, [], None)
        db.session.remove()
    return workshop, vote_round


def results(server: LiveServer, vote_round: VoteRound) -> dict[str, tuple[int, int]]:
    """Priority: (dots, of them on paper)."""
    with server.app.app_context():
        found = {r.label: (r.dots, r.paper_dots) for r in repository.results(vote_round)}
        db.session.remove()
    return found


def no_scripts(page: Any) -> None:
    """JavaScript "off" for the app: its own scripts are blocked, so axe (evaluated by the test)
    still runs and the page is what a browser without JavaScript gets."""
    page.route(re.compile(r".*\.m?js(\?.*)?$"), lambda route: route.abort())


def step(page: Any, sign: str, priority: str) -> None:
    verb = "Add a dot to" if sign == "+" else "Take a dot from"
    page.get_by_role("button", name=f"{verb} {priority}").click()


def expect(locator: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect  # only once the browser suite runs

    return playwright_expect(locator)


def dots_left(page: Any) -> Any:
    return page.locator("[data-dots-left]")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("javascript", JAVASCRIPT)
def test_a_participant_votes_with_plus_and_minus(
    browser_session: BrowserSession, live_server: LiveServer, width: int, javascript: bool
) -> None:
    workshop, vote_round = new_round(live_server, f"Dots {width} {javascript}")
    page = browser_session.new_page(width=width, height=800)
    if not javascript:
        no_scripts(page)
    label = f"participant ballot ({width}px, {'js' if javascript else 'no js'})"
    page.goto(f"/w/{workshop.code}/vote")
    assert_no_axe_violations(page, label)
    assert_fits_width(page, label)
    if javascript:  # the public page's cut stylesheet keeps every rule the ballot uses
        assert_same_look(page, label)
    page.evaluate("() => { window.stillHere = true }")  # gone if a button reloads the page
    assert dots_left(page).inner_text() == "3 dots left"
    step(page, "+", "Access")
    step(page, "+", "Access")
    expect(dots_left(page)).to_have_text("1 dot left")
    step(page, "+", "Continuity of care")
    step(page, "+", "Continuity of care")  # no dots left: nothing added
    step(page, "-", "Access")
    step(page, "+", "Continuity of care")
    expect(dots_left(page)).to_have_text("0 dots left")
    assert page.get_by_label("Access").input_value() == "1"
    assert page.get_by_label("Continuity of care").input_value() == "2"
    assert page.evaluate("() => window.stillHere === true") is javascript  # live with JS, posted without
    assert_no_axe_violations(page, f"{label} after +/-")
    assert results(live_server, vote_round) == {"Access": (0, 0), "Continuity of care": (0, 0)}  # nothing sent yet
    page.get_by_role("button", name="Send my votes").click()
    page.get_by_role("heading", name="Thank you for voting").wait_for()
    assert results(live_server, vote_round) == {"Access": (1, 0), "Continuity of care": (2, 0)}


@pytest.mark.parametrize("javascript", JAVASCRIPT)
def test_typing_too_many_dots_is_refused_and_enter_sends_the_votes(
    browser_session: BrowserSession, live_server: LiveServer, javascript: bool
) -> None:
    workshop, vote_round = new_round(live_server, f"Typed {javascript}")
    page = browser_session.new_page(width=320, height=700)
    if not javascript:
        no_scripts(page)
    page.goto(f"/w/{workshop.code}/vote")
    page.get_by_label("Access").fill("3")
    page.get_by_label("Continuity of care").fill("2")
    if javascript:  # the counter follows typing
        expect(dots_left(page)).to_contain_text("Too many dots")
    page.get_by_label("Continuity of care").press("Enter")  # the form's default button: Send my votes
    page.locator(".nhsuk-error-summary").get_by_text("You have 3 dots: you used 5").wait_for()
    assert "Too many dots" in dots_left(page).inner_text()
    assert_no_axe_violations(page, f"participant ballot refused ({'js' if javascript else 'no js'})")
    page.get_by_label("Continuity of care").fill("0")
    page.get_by_label("Continuity of care").press("Enter")
    page.get_by_role("heading", name="Thank you for voting").wait_for()
    assert results(live_server, vote_round) == {"Access": (3, 0), "Continuity of care": (0, 0)}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("javascript", JAVASCRIPT)
def test_the_projector_shows_a_live_tally_and_closes_the_round(
    browser_session: BrowserSession, live_server: LiveServer, width: int, javascript: bool
) -> None:
    workshop, vote_round = new_round(live_server, f"Projector {width} {javascript}")
    projector = facilitator_page(browser_session, "projector@example.org", width=width, height=800)
    if not javascript:
        no_scripts(projector)
    label = f"projector view ({width}px, {'js' if javascript else 'no js'})"
    projector.goto(f"/staff/workshops/sessions/{workshop.id}/votes/{vote_round.id}/projector")
    qr = projector.locator("img.workshop-projector__qr")
    assert qr.is_visible() and qr.bounding_box()["width"] >= min(width - 40, 400)
    assert_no_axe_violations(projector, label)
    assert_fits_width(projector, label)
    if width == 1280:  # large type, readable from the back of the room
        size = projector.locator(".workshop-projector__label").first.evaluate("e => getComputedStyle(e).fontSize")
        assert float(size.removesuffix("px")) >= 36

    phone = browser_session.new_page(width=320, height=700)
    phone.goto(f"/w/{workshop.code}/vote")
    phone.get_by_label("Access").fill("2")
    phone.get_by_role("button", name="Send my votes").click()
    phone.get_by_role("heading", name="Thank you for voting").wait_for()

    access = projector.locator("[data-option]").filter(has_text="Access").locator("[data-dots]")
    if javascript:  # the script polls the tally: no reload
        projector.evaluate("() => { window.stillHere = true }")
        projector.get_by_role("heading", name="1 person has voted").wait_for(timeout=15_000)
        assert access.inner_text() == "2 dots"
        assert projector.evaluate("() => window.stillHere === true")
        assert not projector.get_by_role("link", name="Refresh the tally").is_visible()
    else:
        projector.get_by_role("link", name="Refresh the tally").click()
        projector.get_by_role("heading", name="1 person has voted").wait_for()
        assert access.inner_text() == "2 dots"
    projector.get_by_role("button", name="Close voting").click()
    projector.get_by_text("Voting has closed. These are the results.").wait_for()
    assert "/projector" in projector.url
    assert projector.locator("img.workshop-projector__qr").count() == 0
    assert_no_axe_violations(projector, f"{label} closed")
    with live_server.app.app_context():
        assert repository.get_round(workshop.id, vote_round.id).status == "closed"  # type: ignore[union-attr]
        db.session.remove()


@pytest.mark.parametrize("width", WIDTHS)
def test_paper_dots_on_the_round_page(browser_session: BrowserSession, live_server: LiveServer, width: int) -> None:
    workshop, vote_round = new_round(live_server, f"Paper {width}")
    page = facilitator_page(browser_session, "paper@example.org", width=width, height=800)
    base = f"/staff/workshops/sessions/{workshop.id}"
    page.goto(f"{base}/votes/{vote_round.id}")
    assert_no_axe_violations(page, f"vote round with paper dots form ({width}px)")
    assert_fits_width(page, f"vote round ({width}px)")
    paper = page.locator("form[action$='/paper']")
    paper.get_by_label("Access").fill("5")
    paper.get_by_role("button", name="Add paper dots").click()
    page.get_by_text("Paper dots added.").wait_for()
    page.get_by_role("columnheader", name="Of the dots, from paper").wait_for()
    assert results(live_server, vote_round) == {"Access": (5, 5), "Continuity of care": (0, 0)}
    assert_no_axe_violations(page, f"vote round with paper dots ({width}px)")
    assert_fits_width(page, f"vote round with its chart ({width}px)")
    # With the NHS.UK script, whose status radios reveal a question: no aria-expanded on a radio
    # (axe's aria-allowed-attr), as the toolkit's script shows and hides it.
    page.goto(f"{base}/actions/new")
    page.get_by_label("Vote round it came from (optional)").select_option(label="What matters most?")
    reason = page.get_by_label("Why is it not possible?")
    assert not reason.is_visible()
    page.get_by_role("radio", name="Not possible").check()
    reason.wait_for()
    assert page.get_by_role("radio", name="Not possible").get_attribute("aria-expanded") is None
    assert_no_axe_violations(page, f"action form with a vote round and a reason shown ({width}px)")
    page.get_by_role("radio", name="Agreed").check()
    reason.wait_for(state="hidden")
    no_scripts(page)
    page.goto(f"{base}/actions/new")
    assert_no_axe_violations(page, f"action form without scripts ({width}px)")
