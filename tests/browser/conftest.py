"""Browser tests: Playwright drives Debian's Chromium against the real app served on
loopback, and axe-core checks each page against WCAG 2.2 A/AA.

The whole suite is skipped (or failed, with REQUIRE_ALL_TESTS=1) when Chromium,
axe-core or Playwright is missing. Nothing here reaches the internet: every
request to a host other than the live server is blocked and fails the test.
Screenshots of each page checked go to test-artifacts/ for people to look at.

Pages run under the app's real Content Security Policy: axe-core is evaluated through the
DevTools protocol (which the page's CSP does not govern) rather than added as a script tag, and
any CSP violation the browser reports in the console fails the test.
"""

from __future__ import annotations

import functools
import re
import secrets
import threading
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from sqlalchemy.engine import Engine
from werkzeug.serving import make_server

from surveys import repository
from tests.conftest import skip_or_fail
from tests.helpers import make_survey
from toolkit import create_app, db, migrate
from toolkit.demo import load_demo

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],  # details of passing checks are not needed, and cost time
}
CLOSED_SLUG = "closed-survey"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_ready() -> None:
    """Skip the browser suite, saying why, when what it needs is not installed."""
    if not CHROMIUM.exists():
        skip_or_fail(f"Chromium is not installed at {CHROMIUM} (Debian: apt-get install chromium)")
    if not AXE_JS.exists():
        skip_or_fail(f"axe-core is missing at {AXE_JS} (run npm ci)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        skip_or_fail("Python Playwright is not installed in the virtualenv")


@dataclass(frozen=True)
class LiveServer:
    url: str
    app: Flask
    engine: Engine
    staff_email: str
    staff_password: str


def _load_data(app: Flask, instance: Path) -> tuple[str, str]:
    """The demo survey, its staff login, and one closed survey for the 410 page."""
    with app.app_context():
        for _line in load_demo(300, instance / "login.txt"):
            pass
        closed = make_survey(CLOSED_SLUG, title="A survey that has closed")
        repository.close(closed, None)
        db.session.remove()
    # One login per role, a line each ("lead: lead@example.org / password"): the browser tests use the lead's.
    logins = dict(line.split(": ", 1) for line in (instance / "login.txt").read_text().splitlines() if ": " in line)
    email, password = logins["lead"].split(" / ")
    return email, password


@pytest.fixture(scope="session")
def live_server(browser_ready: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    instance = tmp_path_factory.mktemp("live")
    database_url = f"sqlite:///{instance / 'live.sqlite3'}"
    migrate.upgrade(database_url)
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": secrets.token_hex(32)})
    app.instance_path = str(instance)
    engine = db.engine()
    email, password = _load_data(app, instance)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(f"http://127.0.0.1:{server.server_port}", app, engine, email, password)
    finally:
        server.shutdown()
        thread.join(timeout=5)
        engine.dispose()


@pytest.fixture(autouse=True)
def _live_database(request: pytest.FixtureRequest) -> None:
    """The database binding is process-wide and other test modules rebind it: point it
    back at the live server's database before each browser test."""
    if "live_server" in request.fixturenames:
        server: LiveServer = request.getfixturevalue("live_server")
        db.bind(server.engine)


@pytest.fixture(scope="session")
def browser(browser_ready: None) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class BrowserSession:
    """Makes browser contexts that may only talk to the live server."""

    def __init__(self, browser: Any, server: LiveServer) -> None:
        self.browser = browser
        self.server = server
        self.contexts: list[Any] = []
        self.blocked: list[str] = []
        self.server_errors: list[str] = []
        self.csp_violations: list[str] = []

    def new_page(self, width: int = 1280, height: int = 900, javascript: bool = True) -> Any:
        context = self.browser.new_context(
            base_url=self.server.url,
            viewport={"width": width, "height": height},
            java_script_enabled=javascript,
            locale="en-GB",
        )
        context.route("**/*", self._only_live_server)
        context.on("response", self._note_server_error)
        self.contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        if not javascript:
            WITHOUT_SCRIPTS.add(page)
        page.on("console", self._note_csp_violation)
        return page

    def _note_csp_violation(self, message: Any) -> None:
        if "Content Security Policy" in message.text:
            self.csp_violations.append(f"{message.location.get('url', '')}: {message.text}")

    def _only_live_server(self, route: Any) -> None:
        if route.request.url.startswith(self.server.url + "/"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def _note_server_error(self, response: Any) -> None:
        if response.status >= 500:
            self.server_errors.append(f"{response.status} {response.request.method} {response.url}")

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def browser_session(browser: Any, live_server: LiveServer) -> Iterator[BrowserSession]:
    session = BrowserSession(browser, live_server)
    try:
        yield session
    finally:
        session.close()
    assert not session.blocked, f"the page tried to load from another host: {session.blocked}"
    assert not session.server_errors, f"the server failed: {session.server_errors}"
    assert not session.csp_violations, "the page broke its Content Security Policy:\n" + "\n".join(
        session.csp_violations
    )


@pytest.fixture
def page(browser_session: BrowserSession) -> Any:
    """A desktop-sized page with JavaScript on."""
    return browser_session.new_page()


def screenshot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    width = page.viewport_size["width"] if page.viewport_size else 0
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    page.screenshot(path=str(ARTIFACTS / f"{slug}-{width}px.png"), full_page=True)


@functools.cache
def axe_source() -> str:
    """axe-core's source as one expression for page.evaluate (it sets window.axe)."""
    return "(() => {" + AXE_JS.read_text(encoding="utf-8") + "\n})(); true"


# Pages made with JavaScript off. Playwright still evaluates scripts in them, but the browser runs no
# timers there, and axe-core waits on setTimeout: it never finished (and `evaluate` has no timeout),
# which is how the no-JavaScript walks of test_respond_routing and test_build_preview hung.
WITHOUT_SCRIPTS: weakref.WeakSet[Any] = weakref.WeakSet()
# For those pages only: timers and frames become microtasks, so axe-core runs to the end at once.
TIMERS_AS_MICROTASKS = """(() => {
  const soon = (callback, ...args) => { Promise.resolve().then(() => callback(...args)); return 0; };
  window.setTimeout = (callback, _delay, ...args) => soon(callback, ...args);
  window.clearTimeout = () => {};
  window.requestAnimationFrame = (callback) => soon(callback, performance.now());
  window.requestIdleCallback = (callback) => soon(callback, { didTimeout: false, timeRemaining: () => 50 });
})(); true"""
# With JavaScript on, axe-core gives up rather than leave the test waiting (without, timers are
# microtasks: it runs to the end or fails, and the give-up timer would fire at once).
AXE_RUN = "options => window.axe.run(document, options)"
AXE_RUN_OR_GIVE_UP = """options => Promise.race([
  window.axe.run(document, options),
  new Promise((_, reject) => setTimeout(() => reject(new Error("axe-core did not finish in 60 s")), 60000)),
])"""


def assert_no_axe_violations(page: Any, context_name: str, *, screenshot_it: bool = True) -> None:
    """Run axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on the page as it is now. A full-page
    screenshot costs more than the check itself: walks of many pages may leave it out."""
    if screenshot_it:
        screenshot(page, context_name)
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        if page in WITHOUT_SCRIPTS:
            page.evaluate(TIMERS_AS_MICROTASKS)
        # Evaluated over the DevTools protocol, so the page's real CSP stays on and is not broken.
        page.evaluate(axe_source())
    results = page.evaluate(AXE_RUN if page in WITHOUT_SCRIPTS else AXE_RUN_OR_GIVE_UP, AXE_OPTIONS)
    violations = results["violations"]
    if violations:
        lines = [f"axe-core found {len(violations)} WCAG violation(s) on {context_name} ({page.url}):"]
        for violation in violations:
            lines.append(f"- {violation['id']} [{violation['impact']}]: {violation['help']} ({violation['helpUrl']})")
            for node in violation["nodes"]:
                lines.append(f"    at {node['target']}: {node['html'][:200]}")
        pytest.fail("\n".join(lines))


def assert_fits_width(page: Any, context_name: str) -> None:
    """WCAG 1.4.10 reflow: no horizontal scrolling at the viewport's width."""
    page.wait_for_load_state()  # a page still loading has no document element to measure
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{context_name} scrolls sideways by {overflow}px at {page.viewport_size['width']}px wide"


def path_of(page: Any) -> str:
    return urlsplit(page.url).path
