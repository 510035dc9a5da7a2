"""Benchmark: respondents per second through the whole journey, against a bare insert.

    .venv/bin/python bench/journey.py [--journeys N] [--clients C] [--workers W] [--max-seconds S]
                                      [--database-url URL]

Serves the real app (`wsgi:app`) and a bare one-insert app (bench/submit.py's `bare_app`)
with gunicorn, each with the same number of sync workers, over the same database (a fresh
SQLite file by default, WAL; or an empty PostgreSQL database given with --database-url),
in the same run. The app logs as in production (one JSON line per request, to a file).

- bare: each client POSTs the answers to the one-insert endpoint, one response per request;
- journey: each client is a respondent with a cookie jar, as a browser without JavaScript:
  GET the start page, POST start (CSRF token), for each section GET it and POST its answers
  (its CSRF token), GET check your answers, POST it, GET the confirmation page: 9 requests.

The bare phase runs before and after the journeys and its mean is the comparison, so a
change in the machine's load during the run weighs on both sides. Last line:
`journey_vs_bare_ratio=<x> journeys_per_s=<y> p95_ms=<z>`, where p95_ms is the 95th
percentile of the journey's requests. The floor is about 0.11 (nine requests against one);
the target is 0.06 or more. A benchmark, never a test: it does not fail for being slow.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import submit  # (bench/submit.py: the survey, the bare app, the browser, gunicorn)


def journey_client(base: str, count: int, deadline: float) -> tuple[int, list[float]]:
    """One respondent after another until `count` or the deadline; every request's seconds."""
    timings: dict[str, list[float]] = {}
    done = 0
    while done < count and time.time() < deadline:
        submit.submit_real(base, timings)
        done += 1
    return done, [seconds for times in timings.values() for seconds in times]


def bare_client(base: str, count: int, deadline: float) -> tuple[int, list[float]]:
    times = []
    while len(times) < count and time.time() < deadline:
        times.append(submit.submit_bare(base))
    return len(times), times


def phase(kind: str, base: str, total: int, clients: int, max_seconds: float) -> tuple[float, list[float]]:
    """(completed per second by the wall clock, every request's seconds)."""
    shares = [total // clients + (1 if n < total % clients else 0) for n in range(clients)]
    worker = journey_client if kind == "journey" else bare_client
    with ProcessPoolExecutor(max_workers=clients) as pool:
        list(pool.map(time.sleep, [0] * clients))  # start the client processes before the clock
        started = time.perf_counter()
        deadline = time.time() + max_seconds
        results = list(pool.map(worker, [base] * clients, shares, [deadline] * clients))
        elapsed = time.perf_counter() - started
    completed = sum(done for done, _ in results)
    times = [seconds for _, client_times in results for seconds in client_times]
    rate = completed / elapsed if elapsed else 0.0
    print(f"{kind}: {completed} in {elapsed:.1f} s = {rate:.1f}/s; p95 request {percentile(times, 95):.0f} ms")
    return rate, times


def percentile(seconds: list[float], pct: float) -> float:
    if not seconds:
        return 0.0
    ordered = sorted(seconds)
    return 1000 * ordered[min(len(ordered) - 1, int(len(ordered) * pct / 100))]


def database(url: str | None, directory: Path) -> str:
    return url or f"sqlite:///{directory / 'bench.sqlite3'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--journeys", type=int, default=300, help="journeys, and bare inserts per bare phase")
    parser.add_argument("--clients", type=int, default=4, help="client processes (default 4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers for each app (default 2)")
    parser.add_argument("--max-seconds", type=float, default=120.0, help="per phase (default 120)")
    parser.add_argument("--database-url", default=None, help="an empty database (default: a new SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-journey-") as directory:
        url = database(args.database_url, Path(directory))
        env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": secrets.token_hex(32), **submit.set_up(url)}
        env["TOOLKIT_ENV"] = "development"  # plain HTTP on loopback: cookies without the Secure flag
        log = Path(directory) / "app.log"
        servers = []
        try:
            real, real_base = submit.serve("wsgi:app", env, args.workers, log)
            servers.append(real)
            bare, bare_base = submit.serve("submit:bare_app()", env, args.workers, log)
            servers.append(bare)
            engine = url.split(":", 1)[0]
            load = "/".join(f"{value:.1f}" for value in os.getloadavg())
            print(f"{args.clients} clients, {args.workers} sync workers each, {engine}; load average {load}")
            for _ in range(submit.WARM_UP):
                submit.submit_real(real_base)
                submit.submit_bare(bare_base)
            bare_count = 10 * args.journeys  # a bare phase as long as the journeys, roughly
            bare_before, _ = phase("bare", bare_base, bare_count, args.clients, args.max_seconds)
            journeys, times = phase("journey", real_base, args.journeys, args.clients, args.max_seconds)
            bare_after, _ = phase("bare", bare_base, bare_count, args.clients, args.max_seconds)
        finally:
            for process in servers:
                submit.stop(process)
        print(f"app log: {sum(1 for _ in log.open())} lines; load average after {os.getloadavg()[0]:.1f}")
    bare_rate = (bare_before + bare_after) / 2
    ratio = journeys / bare_rate if bare_rate else 0.0
    print(f"journey_vs_bare_ratio={ratio:.3f} journeys_per_s={journeys:.1f} p95_ms={percentile(times, 95):.0f}")


if __name__ == "__main__":
    main()
