"""Benchmark: the representativeness page with and without the cache of audited figures.

    .venv/bin/python bench/dashboard_cache.py [--responses 20000] [--days 60]

The cross-view audit (`toolkit.stats.disclosure.publish`) runs over every published view of every
reporting block; `surveys.equality.service` keeps what it published per survey, keyed by the
responses it was worked out from (their number and last id), the population settings, the
channels and the day. This loads the demo survey, adds `--responses` responses spread over
`--days` days before today (SQLite in a temporary directory), then times the page (no filter, and
one channel) with the cache emptied before every request ("uncached") and warm ("cached"), in one
run. Last line: `uncached_s=<x> cached_s=<y> ratio=<x/y>`. A benchmark, never a test.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import func, insert, select  # noqa: E402

from surveys import demo, repository  # noqa: E402
from surveys.equality import demo as demo_equality  # noqa: E402
from surveys.equality import service  # noqa: E402
from surveys.results import tally_repository  # noqa: E402
from toolkit import create_app, db, migrate  # noqa: E402
from toolkit.auth import COOKIE_KEY, sessions, users  # noqa: E402
from toolkit.schema import EqualityResponse, Response  # noqa: E402
from toolkit.stats.disclosure import new_record_key  # noqa: E402

DISTINCT = 2_000
RUNS = 3


def build(app: object, responses: int, days: int) -> tuple[int, int]:
    with app.app_context():  # type: ignore[attr-defined]
        list(demo.load_demo(0))
        survey = repository.get_by_slug(demo.DEMO_SLUG)
        assert survey is not None
        version_id = repository.latest_version_id(survey.id)
        channels = [c.id for c in repository.channels(survey.id)]
        user = users.create_user("lead@example.org", "Bench lead", "bench password 1234", "lead")
        rng, equality_rng = random.Random(1), random.Random(2)
        pool = [
            (demo._random_answers(rng), demo_equality.random_answers(equality_rng, n % len(channels)))
            for n in range(DISTINCT)
        ]
        start = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0) - timedelta(days=days)
        step = timedelta(days=days) / responses
        with db.engine().begin() as connection:
            first_id = (connection.scalar(select(func.max(Response.id))) or 0) + 1
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
                        "submitted_at": start + step * n,
                        "answers": pool[n % len(pool)][0],
                    }
                    for n in range(responses)
                ],
            )
            connection.execute(
                insert(EqualityResponse.__table__),
                [
                    {
                        "survey_id": survey.id,
                        "response_id": first_id + n,
                        "answers": pool[n % len(pool)][1],
                        "record_key": new_record_key(),
                    }
                    for n in range(responses)
                    if pool[n % len(pool)][1]
                ],
            )
            tally_repository.rebuild(connection, survey.id)
        return survey.id, user.id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--responses", type=int, default=20_000)
    parser.add_argument("--days", type=int, default=60)
    args = parser.parse_args()
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as directory:
        url = f"sqlite:///{Path(directory) / 'bench.sqlite3'}"
        migrate.upgrade(url)
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
        survey_id, user_id = build(app, args.responses, args.days)
        client = app.test_client()
        with app.app_context():
            channel = repository.channels(survey_id)[3].id
            user = users.get(user_id)
            assert user is not None
            token = sessions.start(user.id, user.role, two_factor_done=True)
        with client.session_transaction() as session:
            session[COOKIE_KEY] = token
        pages = (
            f"/staff/surveys/{survey_id}/representativeness",
            f"/staff/surveys/{survey_id}/representativeness?channel={channel}",
        )

        def load(empty: bool) -> float:
            times = []
            for _ in range(RUNS):
                for page in pages:
                    if empty:
                        service.clear_cache()
                    started = time.perf_counter()
                    response = client.get(page)
                    assert response.status_code == 200, response.status
                    times.append(time.perf_counter() - started)
            return statistics.median(times)

        uncached = load(True)
        client.get(pages[0])  # fills the cache
        cached = load(False)
        print(f"{args.responses:,} responses over {args.days} days; median page load of {RUNS * len(pages)}")
        print(f"uncached_s={uncached:.2f} cached_s={cached:.2f} ratio={uncached / cached:.1f}")


if __name__ == "__main__":
    main()
