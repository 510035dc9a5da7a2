"""Benchmark: the engagement report page over 1,000,000 survey responses.

    .venv/bin/python bench/report_page.py [--responses N] [--engine sqlite|postgresql|both]

The demo survey, workshop, engagement (which links the survey and codes its comments) and report
are loaded, then `--responses` responses added in bulk (as bench/representativeness_page.py does:
skewed equality answers and free text, the results tallies rebuilt); the survey's equality figures
are published, as the queue's job would have done. A fresh child process then times, signed in as
a lead, what a lead waits for: the report page (`/staff/engagements/<id>/report`) the first time
and again, and the self-contained HTML download. Last line per engine: `report_page_s=<first view>
warm_s=<second> html_s=<download>`.
Target: under 2 s, as for the results and representativeness pages. A benchmark, never a test.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "bench"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from representativeness_page import build as build_survey  # noqa: E402
from representativeness_page import on_engines  # noqa: E402

from engagements import repository as engagements  # noqa: E402
from engagements.demo import DEMO_TITLE  # noqa: E402
from engagements.demo import load_demo as load_engagement_demo  # noqa: E402
from reports.demo import load_demo as load_report_demo  # noqa: E402
from surveys.equality import tasks as equality_tasks  # noqa: E402
from toolkit import create_app  # noqa: E402
from toolkit.auth import COOKIE_KEY, sessions, users  # noqa: E402
from workshops.demo import load_demo as load_workshop_demo  # noqa: E402


def load_the_engagement() -> None:
    for _line in (*load_workshop_demo(), *load_engagement_demo(), *load_report_demo()):
        pass


def build(url: str, responses: int) -> tuple[int, int]:
    survey_id, user_id = build_survey(url, responses, load_the_engagement)  # the demo codes its comments first
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    with app.app_context():
        found = engagements.find_engagement(DEMO_TITLE)
        assert found is not None
        assert equality_tasks.publish(survey_id)
        return found.id, user_id


def run_pages(url: str, engagement_id: int, user_id: int) -> None:
    queue = Path(tempfile.mkdtemp(prefix="bench-queue-")) / "queue.sqlite3"  # asked for, never consumed
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "QUEUE_URL": f"sqlite:///{queue}"})
    client = app.test_client()
    with app.app_context():
        user = users.get(user_id)
        assert user is not None
        token = sessions.start(user.id, user.role, two_factor_done=True)
    with client.session_transaction() as session:
        session[COOKIE_KEY] = token
    times = {}
    for name, path in (("first", "report"), ("warm", "report"), ("html", "report.html")):
        started = time.perf_counter()
        response = client.get(f"/staff/engagements/{engagement_id}/{path}")
        assert response.status_code == 200, response.status
        times[name] = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"report_page_s={times['first']:.2f} warm_s={times['warm']:.2f} html_s={times['html']:.2f}", end="")
    print(f" peak_rss_mb={peak:.0f}")


def measure(url: str, responses: int) -> None:
    started = time.perf_counter()
    engagement_id, user_id = build(url, responses)
    print(f"set-up: {responses:,} responses in {time.perf_counter() - started:.1f} s", flush=True)
    child = [sys.executable, __file__, "--child", url, str(engagement_id), str(user_id)]
    result = subprocess.run(child, capture_output=True, text=True, check=False)
    lines = [line for line in result.stdout.splitlines() if line.startswith("report_page_s=")]
    print(lines[-1] if lines else result.stderr[-3000:], flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        url, engagement_id, user_id = args.child
        run_pages(url, int(engagement_id), int(user_id))
        return
    on_engines(args.engine, lambda url: measure(url, args.responses))


if __name__ == "__main__":
    main()
