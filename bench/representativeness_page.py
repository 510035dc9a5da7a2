"""Benchmark: the whole representativeness page (the real view) over 1,000,000 responses.

    .venv/bin/python bench/representativeness_page.py [--responses N] [--engine sqlite|postgresql|both]

bench/representativeness.py times the statistics alone; this times what a lead waits for: the
`/staff/surveys/<id>/representativeness` page through the real view, signed in, with the
disclosure layer applied, reading every response's equality answers from the database. The
demo survey (equality section, Lancashire and South Cumbria ICB, five channels) is loaded, then
`--responses` responses with skewed equality answers are added in bulk (Core inserts, 2,000
distinct answer sets repeated). SQLite in a temporary directory, then a throwaway PostgreSQL
cluster on a free loopback port. Fresh child processes time the page with no filter and with a
channel filter, in four states:

- `never`: nothing ever published (the page asks the queue and says the figures are being
  checked: at a million responses the audit is never run in a request);
- `job`: the queue's job auditing every block (what a consumer spends, not a viewer);
- `kept`: the page with the job's tables, and asked for weighted results (age and sex margins:
  above `WEIGHED_IN_A_REQUEST` responses the page offers the queue's job instead); then weighing
  the whole view, timed on its own (what that job spends);
- `catching_up`: a reporting block completed since the job last ran (the tables kept are those
  published before the last one): the page asks the queue and shows the tables published before.

Last line per engine: `representativeness_page_s=<slowest view in any state> job_s=<y>
weighting_whole_view_s=<z>`.
Target: under 2 s. A benchmark, never a test.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "bench"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from sqlalchemy import delete, func, insert, select  # noqa: E402

from surveys import demo, repository  # noqa: E402
from surveys.equality import demo as demo_equality  # noqa: E402
from surveys.equality import service as equality_service  # noqa: E402
from surveys.equality import tasks as equality_tasks  # noqa: E402
from surveys.repository import ResponseFilter  # noqa: E402
from surveys.results import tally_repository  # noqa: E402
from toolkit import create_app, db, migrate  # noqa: E402
from toolkit.auth import COOKIE_KEY, sessions, users  # noqa: E402
from toolkit.equality_blocks import DAY, complete_cells  # noqa: E402
from toolkit.schema import EqualityPublished, EqualityResponse, Response  # noqa: E402

CHUNK = 20_000
DISTINCT = 2_000


def build(url: str, responses: int, then_load: Callable[[], object] = lambda: None) -> tuple[int, int]:
    """The demo survey (and whatever `then_load` loads) with `responses` responses added in bulk."""
    migrate.upgrade(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    with app.app_context():
        list(demo.load_demo(0))
        then_load()
        survey = repository.get_by_slug(demo.DEMO_SLUG)
        assert survey is not None
        version_id = repository.latest_version_id(survey.id)
        channels = [c.id for c in repository.channels(survey.id)]
        user = users.find_by_email("lead@example.org") or users.create_user(
            "lead@example.org", "Bench lead", "bench password 1234", "lead"
        )
        rng, equality_rng = random.Random(1), random.Random(2)
        pool = [
            (demo._random_answers(rng), demo_equality.random_answers(equality_rng, n % len(channels)))
            for n in range(DISTINCT)
        ]
        start = datetime(2025, 1, 1, tzinfo=UTC)
        with db.engine().begin() as connection:
            first_id = (connection.scalar(select(func.max(Response.id))) or 0) + 1
            for first in range(0, responses, CHUNK):
                numbers = range(first, min(first + CHUNK, responses))
                connection.execute(
                    insert(Response.__table__),
                    [
                        {
                            "id": first_id + n,
                            "survey_id": survey.id,
                            "version_id": version_id,
                            "channel_id": channels[n % len(pool) % len(channels)],
                            "reference": f"R{n:09d}",
                            "submission_key": f"bench-{n}",
                            "language": "en",
                            "submitted_at": start + timedelta(seconds=n),
                            "answers": pool[n % len(pool)][0],
                        }
                        for n in numbers
                    ],
                )
                connection.execute(
                    insert(EqualityResponse.__table__),
                    [
                        {"survey_id": survey.id, "response_id": first_id + n, "answers": pool[n % len(pool)][1]}
                        for n in numbers
                        if pool[n % len(pool)][1]
                    ],
                )
            tally_repository.rebuild(connection, survey.id)
        return survey.id, user.id


def run_page(url: str, survey_id: int, user_id: int, mode: str) -> None:
    """In a fresh process, one of the states above."""
    queue = Path(tempfile.mkdtemp(prefix="bench-queue-")) / "queue.sqlite3"  # asked for, never consumed
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "QUEUE_URL": f"sqlite:///{queue}"})
    client = app.test_client()
    with app.app_context():
        if mode in ("never", "job"):
            with db.transaction() as session:
                session.execute(delete(EqualityPublished))
        if mode == "job":
            started = time.perf_counter()
            assert equality_tasks.publish(survey_id)
            print(f"job_s={time.perf_counter() - started:.2f}")
            return
        if mode == "catching_up":
            published_before_the_last_block(survey_id)
        channel = repository.channels(survey_id)[3].id
        user = users.get(user_id)
        assert user is not None
        token = sessions.start(user.id, user.role, two_factor_done=True)  # signed in as staff are
    with client.session_transaction() as session:
        session[COOKIE_KEY] = token
    times = {}
    views = [("none", ""), ("channel", f"channel={channel}")]
    if mode == "kept":
        views.append(("weighted", "margin=age&margin=sex"))  # weighted results beside the figures
    for name, query in views:
        started = time.perf_counter()
        response = client.get(f"/staff/surveys/{survey_id}/representativeness?{query}")
        assert response.status_code == 200, response.status
        times[name] = time.perf_counter() - started
        page = response.get_data(as_text=True)
        expected = {"never": 'id="view-problem"', "kept": 'id="responses-total"', "catching_up": 'id="catching-up"'}
        assert expected[mode] in page, f"{mode}: the page does not show what it should"
        assert name != "weighted" or 'id="weighting-view-problem"' in page or 'id="weighted' in page
    if mode == "kept":  # what weighing the whole view costs (the page refuses above WEIGHED_IN_A_REQUEST)
        with app.app_context():
            survey = repository.get(survey_id)
            assert survey is not None
            started = time.perf_counter()
            equality_service.weighting(survey, equality_service.setup(survey), ResponseFilter(), ["age", "sex"])
            times["weighting"] = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(" ".join(f"{mode}_{name}={seconds:.2f}" for name, seconds in times.items()) + f" peak_rss_mb={peak:.0f}")


def published_before_the_last_block(survey_id: int) -> None:
    """Tables kept as the job published them the day the last reporting block ended: that block
    has completed since (blocks grow by a quarter at least, so at a million responses a new one
    takes about 250,000 more responses: this is the same state, got cheaply)."""
    with db.transaction() as session:
        session.execute(delete(EqualityPublished))
    survey = repository.get(survey_id)
    assert survey is not None
    found = equality_service.setup(survey)
    counted = equality_service.response_cells(survey, found)
    last_end = max(complete_cells(counted, equality_service.policy(found), equality_service.today())[DAY])
    today = equality_service.today
    equality_service.today = lambda: last_end  # type: ignore[assignment]
    try:
        assert equality_tasks.publish(survey_id)
    finally:
        equality_service.today = today  # type: ignore[method-assign]
    equality_service.clear_cache()


def measure(url: str, responses: int) -> None:
    started = time.perf_counter()
    survey_id, user_id = build(url, responses)
    print(f"set-up: {responses:,} responses in {time.perf_counter() - started:.1f} s", flush=True)
    figures: dict[str, float] = {}
    for mode in ("never", "job", "kept", "catching_up"):
        child = [sys.executable, __file__, "--child", url, str(survey_id), str(user_id), mode]
        result = subprocess.run(child, capture_output=True, text=True, check=False)
        lines = [line for line in result.stdout.splitlines() if "=" in line and "HiGHS" not in line]
        print(lines[-1] if lines else result.stderr[-3000:], flush=True)
        for pair in lines[-1].split() if lines else []:
            name, value = pair.split("=")
            figures[name] = float(value)
    views = [value for name, value in figures.items() if name.endswith(("_none", "_channel", "_weighted"))]
    slowest = max(views) if len(views) == 7 else float("nan")  # every view of the three states, or none
    weighting, job = figures.get("kept_weighting", float("nan")), figures.get("job_s", float("nan"))
    print(f"representativeness_page_s={slowest:.2f} job_s={job:.2f} weighting_whole_view_s={weighting:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        url, survey_id, user_id, mode = args.child
        run_page(url, int(survey_id), int(user_id), mode)
        return
    on_engines(args.engine, lambda url: measure(url, args.responses))


def on_engines(chosen: str, measure: Callable[[str], None]) -> None:
    """`measure` a fresh database of each engine asked for ("both": SQLite in a temporary directory,
    then a throwaway PostgreSQL cluster on a free loopback port)."""
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    for engine in ("sqlite", "postgresql") if chosen == "both" else (chosen,):
        print(f"--- {engine}", flush=True)
        if engine == "sqlite":
            with tempfile.TemporaryDirectory(prefix="bench-") as directory:
                measure(f"sqlite:///{Path(directory) / 'bench.sqlite3'}")
        else:
            from load import throwaway_postgres

            with throwaway_postgres() as (url, _restart):
                measure(url)


if __name__ == "__main__":
    main()
