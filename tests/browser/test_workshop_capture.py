"""The capture page in Chromium, on a phone: the character count starts again after a note is
sent, the long topic names fit the screen at 390 px and 320 px, and axe-core finds nothing
at 320 px and 1280 px with JavaScript on and off."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import BrowserSession, LiveServer, assert_fits_width, assert_no_axe_violations
from tests.browser.test_workshops import demo_session, facilitator_page, send_note

LONG_TOPIC = "How should local people be involved in choosing the new provider?"
# Each of the capture form's boxes and labels that does not fit: its right edge is past the
# screen's, or its text is wider than the space it has (a select box cuts its chosen option
# off; the text is measured in the box's own font).
CUT_OFF = """() => {
  const canvas = document.createElement('canvas').getContext('2d')
  const widthOf = (element, text) => {
    canvas.font = getComputedStyle(element).font
    return canvas.measureText(text).width
  }
  const problems = []
  const boxes = 'select, textarea, input:not([type=hidden]), label'
  for (const element of document.querySelectorAll(`form[data-capture] :is(${boxes})`)) {
    const name = element.name || element.textContent.trim()
    const edge = element.getBoundingClientRect().right
    if (edge > window.innerWidth) problems.push(`${name} runs to ${edge}px`)
    const style = getComputedStyle(element)
    const room = element.clientWidth - parseFloat(style.paddingInlineStart) - parseFloat(style.paddingInlineEnd)
    const shown = element.tagName === 'SELECT' ? element.selectedOptions[0].text : ''
    if (shown && widthOf(element, shown) > room) problems.push(`${name} shows "${shown}" in ${room}px`)
    if (element.scrollWidth > element.clientWidth) problems.push(`${name} is cut off`)
  }
  return problems
}"""


def capture_page(
    session: BrowserSession, server: LiveServer, email: str, *, javascript: bool = True, **kwargs: Any
) -> Any:
    """With JavaScript "off" the app's own scripts are blocked (the test's own evaluate calls,
    axe-core among them, still run): the page is what a browser without JavaScript gets."""
    page = facilitator_page(session, email, **kwargs)
    if not javascript:
        page.route(re.compile(r".*\.m?js(\?.*)?$"), lambda route: route.abort())
    page.goto(f"/staff/workshops/sessions/{demo_session(server).id}/capture")
    return page


def count_text(page: Any) -> str:
    return str(page.locator(".nhsuk-character-count__status").inner_text())


def test_the_character_count_starts_again_after_a_note_is_sent(
    browser_session: BrowserSession, live_server: LiveServer
) -> None:
    page = capture_page(browser_session, live_server, "count@example.org", width=390, height=844)
    empty = count_text(page)
    assert re.fullmatch(r"You (can|have) \S+ characters? (remaining|left)|You can enter up to 2,?000 characters", empty)
    send_note(page, "Counted, then sent")
    page.locator("#capture-status", has_text="Note sent.").wait_for(timeout=15_000)
    assert page.get_by_label("Note").input_value() == ""
    assert count_text(page) == empty  # not "You have 1,982 characters remaining"


@pytest.mark.parametrize("width", [390, 320])
@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_the_topic_select_fits_a_phone_screen(
    browser_session: BrowserSession, live_server: LiveServer, width: int, javascript: bool
) -> None:
    page = capture_page(
        browser_session, live_server, f"narrow-{width}@example.org", width=width, height=844, javascript=javascript
    )
    page.get_by_label(LONG_TOPIC).check()
    assert page.get_by_label(LONG_TOPIC).is_checked()
    assert page.evaluate(CUT_OFF) == []
    assert_fits_width(page, f"workshop capture at {width}px")


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_the_capture_page_passes_axe(
    browser_session: BrowserSession, live_server: LiveServer, width: int, javascript: bool
) -> None:
    page = capture_page(browser_session, live_server, "axecapture@example.org", width=width, javascript=javascript)
    assert_no_axe_violations(page, f"workshop capture ({'js' if javascript else 'no js'})")
