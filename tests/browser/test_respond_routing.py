"""What a respondent sees of routing, counts and languages, in Chromium at 320 px and 1280 px,
with JavaScript on and off, axe-core on every page: the demo survey's easy-read equality
questions in English and Urdu (the disability follow-up skipped after "No", the count a fixed
"up to" total that agrees with the start page), and a language bar offering only the languages
the survey has (English, Urdu, Polish) while an interface-only page keeps them all."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import BrowserSession, assert_fits_width, assert_no_axe_violations
from toolkit import i18n

PROGRESS = re.compile(r"(\d+)\D+(\d+)")


def _check(page: Any, name: str, narrow: bool) -> None:
    assert page.locator("h1").count() == 1, f"{name}: expected exactly one h1"
    if narrow:
        assert_fits_width(page, name)
    assert_no_axe_violations(page, name, screenshot_it=False)


def _offered(page: Any) -> set[str]:
    items = page.locator(".toolkit-languages__item > *")
    return {items.nth(n).get_attribute("lang") or "" for n in range(items.count())}


def _next(page: Any) -> None:
    with page.expect_navigation():
        page.locator("form button[type=submit]").first.click()


# Each width with JavaScript on and off, each language at both widths: four walks, not eight.
@pytest.mark.parametrize(
    ("lang", "width", "javascript"),
    [("en", 320, True), ("en", 1280, False), ("ur", 320, False), ("ur", 1280, True)],
    ids=["en-320-js", "en-1280-no-js", "ur-320-no-js", "ur-1280-js"],
)
def test_easy_read_equality_routing_counts_and_language_bar(
    browser_session: BrowserSession, width: int, javascript: bool, lang: str
) -> None:
    page = browser_session.new_page(width=width, height=800, javascript=javascript)
    narrow = width <= 320
    page.goto(f"/s/demo/easy-read?lang={lang}")
    _check(page, f"easy read start {lang} {width}", narrow)
    assert _offered(page) == {"en-GB", "ur", "pl"}
    start_count = int(re.search(r"\d+", page.locator("#question-count").inner_text()).group(0))
    _next(page)
    totals: set[int] = set()
    numbers: list[int] = []
    for _ in range(40):
        if page.url.endswith("/easy-read/check"):
            break
        progress = page.locator("#progress")
        if progress.count():
            number, total = map(int, PROGRESS.search(progress.inner_text()).groups())
            numbers.append(number)
            totals.add(total)
        if "/questions/eq_disability_impact" in page.url:
            pytest.fail("the disability follow-up was asked after “No”")
        if re.search(r"/questions/eq_(disability|ethnic_group|sex)\b", page.url):
            _check(page, f"{page.url} {lang} {width}", narrow)
        if page.url.split("?")[0].endswith("/questions/eq_disability"):
            page.locator("input[name=eq_disability][value=no]").check()
        elif page.locator("input[type=radio]").count() and not page.locator("input[type=radio]:checked").count():
            page.locator("input[type=radio]").first.check()
        elif page.locator("input[type=checkbox]").count() and not page.locator("input[type=checkbox]:checked").count():
            page.locator("input[type=checkbox]").first.check()
        _next(page)
    else:
        pytest.fail(f"never reached check answers; stuck at {page.url}")
    assert totals == {start_count}, "every page's total agrees with the start page"
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers), "the count never goes backwards"
    _check(page, f"check answers {lang} {width}", narrow)
    page.goto(f"/accessibility?lang={lang}")
    assert len(_offered(page)) == len(i18n.LANGUAGES)
