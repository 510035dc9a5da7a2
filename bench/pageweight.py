"""Benchmark: what a respondent's phone downloads, measured in headless Chromium.

    .venv/bin/python bench/pageweight.py [--responses 300]

Serves the app on a free loopback port (a temporary SQLite database with the demo data) and
walks the demo survey as a respondent does: the start page, each page of questions, check your
answers, the confirmation. Bytes are what Chromium's DevTools protocol counts on the wire
(`encodedDataLength`: headers plus the body as sent, compressed or not); nothing served from the
browser's cache counts.

1. cold: a new browser profile (empty cache) walks the survey; each page is printed with what it
   and everything it loads transferred;
2. warm: the same profile walks it again (the static files are now in its cache);
3. slow 3G: a new, empty profile opens the start page through Chromium's network emulation at
   400 kbit/s down and up with 400 ms latency; "usable" is the load event (everything the page
   loads has arrived and its scripts have run);
4. staff: the representativeness dashboard of the demo survey, signed in, empty cache, then again.

Targets (issue 17): the start page with everything it loads under 60 KB on a first visit, each
later page under 10 KB, the first page usable in under 3 s on slow 3G, the dashboard under 200 KB.

Loopback only; a benchmark, never a test: it does not fail for being heavy. The last line is

    first_visit_kb=<start page, cold> repeat_visit_kb=<start page, warm> slow3g_first_page_s=<load event>
"""

from __future__ import annotations

import argparse
import logging
import secrets
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from werkzeug.serving import make_server  # noqa: E402

from toolkit import create_app, db, migrate  # noqa: E402
from toolkit.demo import load_demo  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic"]
SLOW_3G = {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8, "uploadThroughput": 400_000 / 8}


@dataclass
class Traffic:
    """Bytes on the wire per request, from the DevTools protocol, since the last `reset`."""

    sizes: dict[str, int] = field(default_factory=dict)
    urls: dict[str, str] = field(default_factory=dict)
    cached: set[str] = field(default_factory=set)

    def attach(self, cdp: Any) -> None:
        cdp.send("Network.enable")
        cdp.on("Network.requestWillBeSent", lambda e: self.urls.__setitem__(e["requestId"], e["request"]["url"]))
        cdp.on("Network.requestServedFromCache", lambda e: self.cached.add(e["requestId"]))
        cdp.on("Network.loadingFinished", lambda e: self.sizes.__setitem__(e["requestId"], int(e["encodedDataLength"])))

    def reset(self) -> None:
        self.sizes.clear()
        self.urls.clear()
        self.cached.clear()

    def total_kb(self) -> float:
        return sum(size for rid, size in self.sizes.items() if rid not in self.cached) / 1024

    def detail(self) -> str:
        parts = []
        for rid, size in sorted(self.sizes.items(), key=lambda item: -item[1]):
            name = self.urls.get(rid, "?").split("/", 3)[-1][:60]
            parts.append(f"{name} {'(cache)' if rid in self.cached else f'{size / 1024:.1f}'}")
        return ", ".join(parts)


@contextmanager
def served(responses: int) -> Iterator[tuple[str, str, str]]:
    with tempfile.TemporaryDirectory(prefix="pageweight-") as folder:
        instance = Path(folder)
        url = f"sqlite:///{instance / 'bench.sqlite3'}"
        migrate.upgrade(url)
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": secrets.token_hex(32)})
        app.instance_path = str(instance)
        with app.app_context():
            for _line in load_demo(responses, instance / "login.txt"):
                pass
            db.session.remove()
        # One login per role ("role: email / password"); the lead has no two-factor step to go through.
        lead = next(line for line in (instance / "login.txt").read_text().splitlines() if line.startswith("lead:"))
        email, password = lead.removeprefix("lead:").strip().split(" / ")
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_port}", email, password
        finally:
            server.shutdown()
            thread.join(timeout=5)


def _continue(page: Any) -> None:
    page.get_by_role("button", name="Continue").click()


def walk(page: Any) -> list[tuple[str, Callable[[], None]]]:
    """Each step leaves the browser on the next page of the demo survey."""

    def first() -> None:
        page.get_by_label("In the last month").check()
        _continue(page)

    def second() -> None:
        page.get_by_label("5 – Very good").check()
        page.get_by_label("Roughly how many minutes did you wait to be seen?").fill("20")
        _continue(page)

    def third() -> None:
        page.get_by_label("Being seen quickly").check()
        _continue(page)

    return [
        ("start", lambda: page.goto("/s/demo")),
        ("page 1", lambda: page.get_by_role("button", name="Start now").click()),
        ("page 2", first),
        ("page 3", second),
        ("equality page", third),
        ("equality page 2", lambda: _continue(page)),  # split before the disability follow-up
        ("check answers", lambda: _continue(page)),
        ("confirmation", lambda: page.get_by_role("button", name="Send my answers").click()),
    ]


def measure_walk(page: Any, traffic: Traffic, label: str) -> dict[str, float]:
    figures = {}
    for name, step in walk(page):
        traffic.reset()
        step()
        page.wait_for_load_state("load")
        page.wait_for_load_state("networkidle")
        figures[name] = traffic.total_kb()
        print(f"{label:5} {name:14} {figures[name]:7.1f} KB  [{traffic.detail()}]")
    return figures


def new_page(browser: Any, base_url: str) -> tuple[Any, Traffic]:
    context = browser.new_context(base_url=base_url, viewport={"width": 360, "height": 740}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(60_000)
    traffic = Traffic()
    cdp = context.new_cdp_session(page)
    traffic.attach(cdp)
    page.cdp = cdp  # type: ignore[attr-defined]
    return page, traffic


def slow_3g_seconds(browser: Any, base_url: str) -> tuple[float, float]:
    page, _traffic = new_page(browser, base_url)
    page.cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    page.goto("/s/demo", wait_until="load")
    load_ms = page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd")
    paint_ms = page.evaluate(
        """() => new Promise(resolve => {
            setTimeout(() => resolve(NaN), 10000)
            new PerformanceObserver(list => {
                const entry = list.getEntries().find(e => e.name === 'first-contentful-paint')
                if (entry) resolve(entry.startTime)
            }).observe({type: 'paint', buffered: true})
        })"""
    )
    timing = (load_ms, paint_ms)
    page.context.close()
    return timing[0] / 1000, timing[1] / 1000


def dashboard_kb(browser: Any, base_url: str, email: str, password: str) -> float:
    page, traffic = new_page(browser, base_url)
    page.goto("/staff/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("load")
    survey_link = page.get_by_role("link", name="Urgent care in your area").first.get_attribute("href")
    survey_id = next(part for part in (survey_link or "").split("/") if part.isdigit())
    # A fresh cache: sign-in pulled in the stylesheet already.
    page.cdp.send("Network.clearBrowserCache")
    traffic.reset()
    page.goto(f"/staff/surveys/{survey_id}/representativeness", wait_until="load")
    page.wait_for_load_state("networkidle")
    cold = traffic.total_kb()
    print(f"staff  representativeness {cold:.1f} KB  [{traffic.detail()[:400]}]")
    traffic.reset()
    page.goto(f"/staff/surveys/{survey_id}/representativeness", wait_until="load")
    page.wait_for_load_state("networkidle")
    print(f"staff  representativeness seen again {traffic.total_kb():.1f} KB")
    page.context.close()
    return cold


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--responses", type=int, default=300, help="demo responses (the dashboard's data)")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    from playwright.sync_api import sync_playwright

    with served(args.responses) as (base_url, email, password), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page, traffic = new_page(browser, base_url)
        cold = measure_walk(page, traffic, "cold")
        warm = measure_walk(page, traffic, "warm")
        page.context.close()
        later = {name: kb for name, kb in cold.items() if name != "start"}
        print(f"cold walk total {sum(cold.values()):.1f} KB, warm walk total {sum(warm.values()):.1f} KB")
        print(f"heaviest later page (cold): {max(later, key=later.__getitem__)} {max(later.values()):.1f} KB")
        load_s, paint_s = slow_3g_seconds(browser, base_url)
        print(f"slow 3G start page: first contentful paint {paint_s:.2f} s, load event {load_s:.2f} s")
        dashboard = dashboard_kb(browser, base_url, email, password)
        print(f"representativeness_kb={dashboard:.1f}")
        browser.close()
    print(f"first_visit_kb={cold['start']:.1f} repeat_visit_kb={warm['start']:.1f} slow3g_first_page_s={load_s:.2f}")


if __name__ == "__main__":
    main()
