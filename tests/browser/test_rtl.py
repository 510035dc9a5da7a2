"""Right-to-left in Chromium: the demo survey answered end to end in Urdu, with the
layout mirrored (each radio and tick box to the right of its label, the back link's
chevron pointing right, the error bar on the right) and axe-core finding nothing on
any page. axe does not notice an unmirrored layout, so the geometry is measured.
Every page in every shipped language is checked by axe in test_every_language.py."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import assert_fits_width, assert_no_axe_violations, path_of, screenshot

# Where each choice's visible control (the ::before circle or box) is drawn, next to its
# hidden input and its label. Absolutely positioned pseudo-elements report used left/right.
CONTROLS_JS = """
() => Array.from(document.querySelectorAll('.nhsuk-radios__item, .nhsuk-checkboxes__item')).map(item => {
  const input = item.querySelector('input').getBoundingClientRect();
  const label = item.querySelector('label').getBoundingClientRect();
  const box = item.getBoundingClientRect();
  const drawn = getComputedStyle(item.querySelector('label'), '::before');
  const left = box.left + parseFloat(drawn.left);
  return {
    text: item.querySelector('label').textContent.trim(),
    input: [input.left, input.right],
    label: [label.left, label.right],
    drawn: [left, left + parseFloat(drawn.width)],
  };
})
"""

BACK_LINK_JS = """
() => {
  const link = document.querySelector('.nhsuk-back-link');
  const box = link.getBoundingClientRect();
  const chevron = getComputedStyle(link, '::before');
  const matrix = new DOMMatrix(chevron.transform);
  return {left: box.left, right: box.right, chevronLeft: box.left + parseFloat(chevron.left), a: matrix.a};
}
"""


def assert_mirrored_choices(page: Any, name: str) -> None:
    """Each input sits to the right of its label, and its circle or box is drawn over the input."""
    controls = page.evaluate(CONTROLS_JS)
    assert controls, f"{name}: no radios or checkboxes found"
    for control in controls:
        input_left, input_right = control["input"]
        _label_left, label_right = control["label"]
        drawn_left, drawn_right = control["drawn"]
        assert input_left >= label_right - 1, f"{name}: the input for {control['text']!r} is not right of its label"
        middle = (drawn_left + drawn_right) / 2
        assert input_left <= middle <= input_right, (
            f"{name}: the circle or box for {control['text']!r} is drawn at {drawn_left:.0f}-{drawn_right:.0f}px, "
            f"not over its input at {input_left:.0f}-{input_right:.0f}px"
        )


def assert_back_link_mirrored(page: Any, name: str) -> None:
    link = page.evaluate(BACK_LINK_JS)
    assert link["chevronLeft"] > (link["left"] + link["right"]) / 2, f"{name}: the back chevron is not on the right"
    assert link["a"] > 0, f"{name}: the back chevron points left in a right-to-left page"


def assert_rtl(page: Any, name: str) -> None:
    html = page.locator("html")
    assert html.get_attribute("dir") == "rtl" and html.get_attribute("lang") == "ur", f"{name}: not Urdu, RTL"
    assert page.locator("h1").count() == 1, f"{name}: expected exactly one h1"
    assert_no_axe_violations(page, f"rtl urdu {name}")


def submit(page: Any) -> None:
    """Press the page's main button and wait for the next page (which may have the same address)."""
    with page.expect_navigation():
        page.locator("#maincontent form .nhsuk-button").last.click()


def test_demo_survey_in_urdu_end_to_end(page: Any) -> None:
    page.goto("/s/demo?lang=ur")
    assert_rtl(page, "start page")
    assert page.locator("h1").inner_text() == "آپ کے علاقے میں فوری طبی نگہداشت"
    submit(page)
    page.wait_for_url("**/s/demo/page/s1")

    # An error first: the summary, and the red bar beside the question on the right.
    submit(page)
    assert page.locator(".nhsuk-error-summary").is_visible()
    group = page.locator(".nhsuk-form-group--error").first
    borders = group.evaluate("e => [getComputedStyle(e).borderRightWidth, getComputedStyle(e).borderLeftWidth]")
    assert borders == ["4px", "0px"], f"the error bar is not on the right: {borders}"
    assert_rtl(page, "page 1 with an error")
    assert_mirrored_choices(page, "page 1")
    assert_back_link_mirrored(page, "page 1")
    screenshot(page, "rtl urdu radios")

    page.locator("input[value=month]").check()
    submit(page)
    if path_of(page) != "/s/demo/page/s2":
        # The page after s1 is worked out before the answer that shows s2 is saved
        # (surveys/respond/flow.py `next_section`): go to s2, which this answer does show.
        page.goto("/s/demo/page/s2")
    assert_rtl(page, "page 2")
    assert_mirrored_choices(page, "page 2 rating")
    page.locator("input[name=rating][value='4']").check()
    page.locator("input[name=wait]").fill("45")
    submit(page)

    page.wait_for_url("**/s/demo/page/s3")
    page.locator("input[name=matters][value=fast]").check()
    page.locator("input[name=matters][value=other]").check()
    page.locator("input[name=matters__other]").fill("وہیل چیئر کے لیے جگہ")
    assert_rtl(page, "page 3")
    assert_mirrored_choices(page, "page 3 checkboxes")
    screenshot(page, "rtl urdu checkboxes")
    page.locator("input[name=phone_first][value=yes]").check()
    page.locator("textarea[name=ideas]").fill("شام کو کھلا رکھیں")
    submit(page)

    # Any further pages (the equality monitoring questions): checked, then left unanswered.
    for _ in range(5):
        if path_of(page) == "/s/demo/check":
            break
        assert_rtl(page, path_of(page))
        if page.locator(".nhsuk-radios__item, .nhsuk-checkboxes__item").count():
            assert_mirrored_choices(page, path_of(page))
        submit(page)
    assert path_of(page) == "/s/demo/check"
    assert_rtl(page, "check your answers")
    assert "شام کو کھلا رکھیں" in page.locator("main").inner_text()
    submit(page)
    page.wait_for_url("**/s/demo/done")
    assert_rtl(page, "done")


def test_urdu_on_a_small_screen_fits_and_stays_mirrored(browser_session: Any) -> None:
    page = browser_session.new_page(width=320, height=640)
    page.goto("/s/demo?lang=ur")
    submit(page)
    page.wait_for_url("**/s/demo/page/s1")
    assert_fits_width(page, "urdu page 1 at 320px")
    assert_mirrored_choices(page, "urdu page 1 at 320px")
    screenshot(page, "rtl urdu radios narrow")


def test_english_is_not_mirrored(page: Any) -> None:
    """The same rules in a left-to-right page: every input to the left of its label."""
    page.goto("/s/demo?lang=en")
    submit(page)
    page.wait_for_url("**/s/demo/page/s1")
    for control in page.evaluate(CONTROLS_JS):
        assert control["input"][1] <= control["label"][0] + 1
        middle = sum(control["drawn"]) / 2
        assert control["input"][0] <= middle <= control["input"][1]
