"""Every public page in every shipped language, checked by axe-core at 320 px.

One walk per language, in one browser context: the standard survey (start, each section,
an error, check your answers, confirmation), the easy-read version (start, a question,
its error, check your answers, confirmation), the closed and unknown survey pages, and
the other public pages. Buttons are found by where they are, not by their (translated)
names. On each page: the language's `lang` and `dir` on <html>, one h1, no sideways
scrolling, and no axe violations.
"""

from __future__ import annotations

from typing import Any

import pytest

from surveys.demo_translations import DEMO_TRANSLATIONS
from tests.browser.conftest import CLOSED_SLUG, BrowserSession, assert_fits_width, assert_no_axe_violations, path_of
from toolkit.i18n import DEFAULT_LANGUAGE, LANGUAGES, Language

WIDTH = 320


class Walk:
    """A page in one language, checked the same way at every step."""

    def __init__(self, page: Any, language: Language) -> None:
        self.page = page
        self.language = language

    def check(self, name: str) -> None:
        page, language = self.page, self.language
        html = page.locator("html")
        assert html.get_attribute("lang") == language.tag, f"{language.code} {name}: wrong lang"
        assert html.get_attribute("dir") == language.direction, f"{language.code} {name}: wrong dir"
        assert page.locator("h1").count() == 1, f"{language.code} {name}: expected exactly one h1"
        assert_fits_width(page, f"{language.code} {name}")
        assert_no_axe_violations(page, f"{language.code} {name}", screenshot_it=False)

    def open(self, path: str, name: str, status: int = 200) -> None:
        response = self.page.goto(f"{path}?lang={self.language.code}")
        assert response.status == status, f"{path}: {response.status}"
        self.check(name)

    def submit(self) -> None:
        """Press the page's main button and wait for the next page (which may have the same address)."""
        with self.page.expect_navigation():
            self.page.locator("#maincontent form .nhsuk-button").last.click()

    def submit_to(self, path: str, name: str | None = None) -> None:
        """Submit, arrive at `path`, and check the page there if it is named."""
        self.submit()
        assert path_of(self.page) == path, f"{self.language.code}: expected {path}, at {self.page.url}"
        if name:
            self.check(name)

    def submit_until(self, path: str, limit: int = 30) -> None:
        """Leave the remaining optional questions unanswered, a page at a time."""
        for _ in range(limit):
            if path_of(self.page) == path:
                return
            self.submit()
        pytest.fail(f"never reached {path}; stuck at {self.page.url}")

    def error_state(self, name: str) -> None:
        self.submit()
        assert self.page.locator(".nhsuk-error-summary").is_visible(), f"{name}: no error summary"
        self.check(f"{name} error")


def walk_standard_survey(walk: Walk) -> None:
    page = walk.page
    walk.open("/s/demo", "start page")
    # The demo's own words are in English, Urdu and Polish; in other languages they are marked English.
    untranslated = walk.language.code not in (DEFAULT_LANGUAGE, *DEMO_TRANSLATIONS)
    assert page.locator("h1").get_attribute("lang") == ("en-GB" if untranslated else None)
    walk.submit_to("/s/demo/page/s1", "section 1")
    walk.error_state("section 1")
    page.locator("input[value=month]").check()
    walk.submit()
    if path_of(page) != "/s/demo/page/s2":  # see tests/browser/test_rtl.py
        page.goto("/s/demo/page/s2")
    walk.check("section 2")
    page.locator("input[name=rating][value='4']").check()
    walk.submit_to("/s/demo/page/s3", "section 3")
    page.locator("input[name=matters][value=fast]").check()
    page.locator("input[name=phone_first][value=yes]").check()
    walk.submit_to("/s/demo/page/equality", "equality section")
    walk.submit_to("/s/demo/page/equality.eq_disability_impact", "equality section, second page")
    walk.submit_to("/s/demo/check", "check your answers")
    walk.submit_to("/s/demo/done", "confirmation")


def walk_easy_read(walk: Walk) -> None:
    page = walk.page
    walk.open("/s/demo/easy-read", "easy read start")
    walk.submit_to("/s/demo/easy-read/questions/used_service", "easy read question")
    walk.error_state("easy read question")
    page.locator("input[value=never]").check()
    walk.submit_to("/s/demo/easy-read/questions/matters")
    page.locator("input[value=fast]").check()
    walk.submit()
    walk.submit_until("/s/demo/easy-read/check")
    walk.check("easy read check answers")
    walk.submit_to("/s/demo/easy-read/done", "easy read confirmation")


def walk_other_pages(walk: Walk) -> None:
    for path, name, status in [
        (f"/s/{CLOSED_SLUG}", "closed survey", 410),
        ("/s/no-such-survey", "unknown survey", 404),
        ("/accessibility", "accessibility statement", 200),
        ("/privacy", "privacy", 200),
        ("/about-this-translation", "about this translation", 200),
        ("/", "home", 200),
    ]:
        walk.open(path, name, status)


@pytest.mark.parametrize("language", LANGUAGES, ids=lambda language: language.code)
def test_every_public_page_passes_axe(browser_session: BrowserSession, language: Language) -> None:
    walk = Walk(browser_session.new_page(width=WIDTH, height=800), language)
    walk_standard_survey(walk)
    walk_easy_read(walk)
    walk_other_pages(walk)
