"""Load and faults: many respondents at once while workers are killed and the database restarts.

    .venv/bin/python bench/load.py [--journeys 3000] [--clients 50] [--workers 4]
                                   [--engine sqlite|postgresql|both] [--kills 3] [--max-seconds 900]
    make load            (the same; ARGS="--journeys 20000" for the long run)

For each engine (SQLite, then PostgreSQL): a fresh database (SQLite: a file in a temporary
directory; PostgreSQL: a throwaway cluster made here with initdb on a free loopback port,
never the shared server), migrated, with a live survey of two sections; gunicorn serving
`wsgi:app` with several sync workers. Then `--clients` simulated respondents at once (threads
in a few processes) complete the real journey `--journeys` times: start page, start (CSRF
token), each section GET and POST, check answers, submit, confirmation page, each with a
cookie jar, as a browser without JavaScript. Each journey's free-text answer carries a marker
of its own, so every stored response can be traced to the journey that sent it.

During the run a gunicorn worker is killed with SIGKILL `--kills` times (gunicorn starts a
new one) and, on PostgreSQL, the database is restarted once. A respondent whose request fails
(connection dropped, 5xx) does what a person does: waits a moment and sends it again, the same
form with the same submission key, so a submit that was stored before the worker died is found,
not stored twice.

Then the database is checked: every journey whose confirmation page was shown is stored exactly
once, under the reference that page showed (lost=0); no journey is stored twice and no reference
twice (duplicated=0); every stored response has all its answers (partial=0); and the results
tallies written with the responses equal a recount of what is stored (tallies_off=0). One line per
engine, then the last line: `journeys=… stored=… lost=0 duplicated=0 partial=0 journeys_per_s=…
p95_ms=…` (p95 of every request of every journey). The job consumer is not started: the job
queue is not part of the answering path yet. Exits 1 if anything was lost, duplicated or partial,
or if fewer than 95% of journeys were confirmed. Loopback only; bounded by --max-seconds.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from multiprocessing import Value
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import submit  # (bench/submit.py: the survey, gunicorn start and stop)

RETRYABLE = (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError, OSError)
KILL_AT = (0.2, 0.45, 0.7)  # fractions of the journeys done when a worker is killed
RESTART_DATABASE_AT = 0.55
JOURNEY_PATIENCE_S = 90  # how long a respondent keeps retrying one request


@dataclass
class Outcome:
    marker: str
    confirmed: bool = False
    reference: str = ""
    error: str = ""
    retries: int = 0
    times: list[float] = field(default_factory=list)


class GaveUp(RuntimeError):
    pass


class Respondent:
    """A browser without JavaScript: cookies kept, redirects followed by hand, and on a dropped
    connection or a server error the same request sent again after a short wait."""

    def __init__(self, base: str, outcome: Outcome, deadline: float) -> None:
        self.base = base
        self.outcome = outcome
        self.deadline = deadline
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), submit._NoRedirect())

    def _once(self, path: str, data: dict[str, str] | None) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, data=body, timeout=30) as response:
                return response.status, response.headers.get("Location", ""), response.read().decode()
        except urllib.error.HTTPError as error:
            answer = error.code, error.headers.get("Location", ""), error.read().decode()
            error.close()
            return answer

    def open(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str, str]:
        give_up = min(self.deadline, time.time() + JOURNEY_PATIENCE_S)
        wait = 0.2
        while True:
            started = time.perf_counter()
            try:
                status, location, text = self._once(path, data)
                if status < 500:
                    self.outcome.times.append(time.perf_counter() - started)
                    return status, location, text
                problem = f"{status} from {path}"
            except RETRYABLE as error:
                problem = f"{type(error).__name__} on {path}"
            if time.time() + wait > give_up:
                raise GaveUp(problem)
            self.outcome.retries += 1
            time.sleep(wait * random.uniform(0.5, 1.5))
            wait = min(wait * 2, 2.0)

    def get(self, path: str) -> str:
        status, _location, text = self.open(path)
        if status != 200:
            raise GaveUp(f"GET {path} answered {status}")
        return text

    def post(self, path: str, data: dict[str, str]) -> tuple[str, str]:
        status, location, _text = self.open(path, data)
        if status not in (302, 303):
            raise GaveUp(f"POST {path} answered {status}")
        target = urllib.parse.urlsplit(location)
        new_path = target.path + (f"?{target.query}" if target.query else "")
        return new_path, self.get(new_path)


REFERENCE = re.compile(r'class="toolkit-reference">([^<]+)<')


def comment_for(marker: str) -> str:
    return f"Load test journey {marker}"


def journey(base: str, marker: str, deadline: float) -> Outcome:
    outcome = Outcome(marker)
    browser = Respondent(base, outcome, deadline)
    slug = submit.SLUG
    try:
        page = browser.get(f"/s/{slug}")
        path, page = browser.post(f"/s/{slug}/start", {"csrf_token": submit.hidden(page, "csrf_token")})
        for section, answers in submit.PAGES.items():
            given = {**answers, "comment": comment_for(marker)} if section == "s2" else answers
            path, page = browser.post(path, {"csrf_token": submit.hidden(page, "csrf_token"), **given})
        form = {
            "csrf_token": submit.hidden(page, "csrf_token"),
            "submission_key": submit.hidden(page, "submission_key"),
        }
        path, page = browser.post(path, form)
        found = REFERENCE.search(page)
        if not path.endswith("/done") or found is None:
            raise GaveUp(f"no confirmation page at {path}")
        outcome.confirmed, outcome.reference = True, found.group(1).strip()
    except (GaveUp, RuntimeError) as error:
        outcome.error = str(error)
    return outcome


_done_counter: Any = None


def _init_client(counter: Any) -> None:
    global _done_counter
    _done_counter = counter


def client_process(base: str, markers: list[str], threads: int, deadline: float) -> list[Outcome]:
    """One process: `threads` respondents at once, each taking the next marker until none are left."""
    pending = iter(markers)
    lock = threading.Lock()
    outcomes: list[Outcome] = []

    def respondent() -> None:
        while time.time() < deadline:
            with lock:
                marker = next(pending, None)
            if marker is None:
                return
            outcome = journey(base, marker, deadline)
            with lock:
                outcomes.append(outcome)
            with _done_counter.get_lock():
                _done_counter.value += 1

    with ThreadPoolExecutor(max_workers=threads) as pool:
        for future in [pool.submit(respondent) for _ in range(threads)]:
            future.result()
    return outcomes


# --- faults ---------------------------------------------------------------------------------


def worker_pids(master: int) -> list[int]:
    try:
        return [int(pid) for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split()]
    except OSError:
        return []


@dataclass
class Faults:
    master: int
    total: int
    kills: int
    restart_database: Callable[[], None] | None
    log: list[str] = field(default_factory=list)

    def plan(self) -> list[tuple[float, str]]:
        steps = [(at, "kill") for at in KILL_AT[: self.kills]]
        steps += [(0.2 + 0.6 * n / self.kills, "kill") for n in range(len(KILL_AT), self.kills)]
        if self.restart_database:
            steps.append((RESTART_DATABASE_AT, "restart"))
        return sorted(steps)

    def run(self, done: Any, finished: threading.Event) -> None:
        for fraction, action in self.plan():
            while done.value < fraction * self.total and not finished.is_set():
                time.sleep(0.05)
            if finished.is_set():
                return
            if action == "kill":
                workers = worker_pids(self.master)
                if workers:
                    victim = random.choice(workers)
                    os.kill(victim, signal.SIGKILL)
                    self.log.append(f"SIGKILL worker {victim} after {done.value} journeys")
            else:
                started = time.perf_counter()
                assert self.restart_database is not None
                self.restart_database()
                self.log.append(
                    f"database restarted after {done.value} journeys ({time.perf_counter() - started:.1f} s)"
                )


# --- databases ------------------------------------------------------------------------------


def _as_postgres(command: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root: as root, run them as the postgres user."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _pg_bin(name: str) -> str:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if not found:
        raise SystemExit(f"{name} not found under /usr/lib/postgresql (Debian: apt-get install postgresql)")
    return str(found[-1])


@contextmanager
def throwaway_postgres() -> Iterator[tuple[str, Callable[[], None]]]:
    """A PostgreSQL cluster of our own on a free loopback port; (database URL, restart) while it lives."""
    directory = Path(tempfile.mkdtemp(prefix="load-pg-"))
    data = directory / "data"
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres", "postgres")
    port = submit.free_port()
    options = f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={directory} -c max_connections=200"
    pg_ctl = [_pg_bin("pg_ctl"), "-D", str(data), "-l", str(directory / "server.log"), "-o", options, "-w"]
    run = subprocess.run
    try:
        initdb = [_pg_bin("initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"]
        run(_as_postgres(initdb), check=True, capture_output=True)
        run(_as_postgres([*pg_ctl, "start"]), check=True, capture_output=True)
        createdb = [_pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "load"]
        run(createdb, check=True, capture_output=True)

        def restart() -> None:
            run(_as_postgres([*pg_ctl, "-m", "fast", "restart"]), check=True, capture_output=True)

        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/load", restart
    finally:
        run(_as_postgres([*pg_ctl, "-m", "immediate", "stop"]), check=False, capture_output=True)
        shutil.rmtree(directory, ignore_errors=True)


# --- checking what was stored ---------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    journeys: int
    confirmed: int
    stored: int
    lost: int
    duplicated: int
    partial: int
    stored_unconfirmed: int
    tallies_off: int  # result tallies that differ from a recount of the stored responses


def check_database(url: str, outcomes: list[Outcome]) -> Verdict:
    from sqlalchemy import create_engine, select

    from surveys.results import tally_repository
    from toolkit.schema import Response, ResponseTally

    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(select(Response.reference, Response.submission_key, Response.answers)).all()
        kept = set(connection.execute(select(ResponseTally.__table__)).all())
        tally_repository.rebuild(connection)  # recounted from what is stored, then rolled back
        recounted = set(connection.execute(select(ResponseTally.__table__)).all())
        connection.rollback()
    engine.dispose()
    markers = {comment_for(o.marker): o for o in outcomes}
    by_comment = Counter(str(row.answers.get("comment")) for row in rows)
    references = Counter(row.reference for row in rows)
    keys = Counter(row.submission_key for row in rows)
    expected = {key: value for page in submit.PAGES.values() for key, value in page.items() if key != "comment"}
    stored_reference = {str(row.answers.get("comment")): row.reference for row in rows}

    def whole(answers: dict[str, Any]) -> bool:
        same = all(str(answers.get(key)) == str(value) for key, value in expected.items())
        return same and str(answers.get("comment")) in markers

    confirmed = [o for o in outcomes if o.confirmed]
    lost = sum(1 for o in confirmed if stored_reference.get(comment_for(o.marker)) != o.reference)
    duplicated = sum(n - 1 for counter in (by_comment, references, keys) for n in counter.values() if n > 1)
    partial = sum(1 for row in rows if not whole(row.answers))
    confirmed_comments = {comment_for(o.marker) for o in confirmed}
    unconfirmed = sum(1 for comment in by_comment if comment not in confirmed_comments)
    tallies_off = len(kept ^ recounted)
    return Verdict(len(outcomes), len(confirmed), len(rows), lost, duplicated, partial, unconfirmed, tallies_off)


# --- one engine -----------------------------------------------------------------------------


def percentile(seconds: list[float], pct: float) -> float:
    ordered = sorted(seconds)
    return 1000 * ordered[min(len(ordered) - 1, int(len(ordered) * pct / 100))] if ordered else 0.0


def run_engine(
    url: str, restart: Callable[[], None] | None, args: argparse.Namespace, log: Path
) -> tuple[Verdict, float, list[float]]:
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": uuid.uuid4().hex, **submit.set_up(url)}
    env["LOG_LEVEL"] = "INFO"  # the app logs as in production, to the log file
    env["TOOLKIT_ENV"] = "development"  # plain HTTP on loopback: cookies without the Secure flag
    server, base = submit.serve("wsgi:app", env, args.workers, log)
    markers = [uuid.uuid4().hex[:12] for _ in range(args.journeys)]
    processes = max(1, min(args.processes, args.clients))
    threads = [args.clients // processes + (1 if n < args.clients % processes else 0) for n in range(processes)]
    shares = [markers[n::processes] for n in range(processes)]
    done = Value("i", 0)
    finished = threading.Event()
    faults = Faults(server.pid, args.journeys, args.kills, restart)
    deadline = time.time() + args.max_seconds
    try:
        with ProcessPoolExecutor(max_workers=processes, initializer=_init_client, initargs=(done,)) as pool:
            list(pool.map(time.sleep, [0] * processes))  # start the client processes before the clock
            injector = threading.Thread(target=faults.run, args=(done, finished), daemon=True)
            started = time.perf_counter()
            injector.start()
            results = list(pool.map(client_process, [base] * processes, shares, threads, [deadline] * processes))
            elapsed = time.perf_counter() - started
            finished.set()
            injector.join(timeout=60)
    finally:
        finished.set()
        submit.stop(server)
    outcomes = [outcome for result in results for outcome in result]
    for line in faults.log:
        print(f"  {line}", flush=True)
    errors = Counter(o.error.split(" on ")[0].split(" from ")[0] for o in outcomes if o.error)
    retried = sum(o.retries for o in outcomes)
    print(f"  retried requests: {retried}; journeys not confirmed: {dict(errors) or 0}", flush=True)
    verdict = check_database(url, outcomes)
    times = [t for o in outcomes for t in o.times]
    return verdict, elapsed, times


def summary_line(verdict: Verdict, rate: float, p95: float) -> str:
    return (
        f"journeys={verdict.journeys} stored={verdict.stored} lost={verdict.lost} "
        f"duplicated={verdict.duplicated} partial={verdict.partial} journeys_per_s={rate:.1f} p95_ms={p95:.0f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--journeys", type=int, default=3000, help="per engine (default 3000; 20000 for the long run)")
    parser.add_argument("--clients", type=int, default=50, help="respondents at once (default 50)")
    parser.add_argument("--processes", type=int, default=4, help="client processes the respondents share")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers (default 4)")
    parser.add_argument("--kills", type=int, default=3, help="workers killed with SIGKILL per engine (default 3)")
    parser.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--max-seconds", type=float, default=900.0, help="per engine (default 900)")
    args = parser.parse_args()
    engines = ("sqlite", "postgresql") if args.engine == "both" else (args.engine,)
    os.environ["LOG_LEVEL"] = "WARNING"  # this process's own set-up (migrations) quietly
    load = "/".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"{args.clients} respondents, {args.workers} gunicorn workers, {os.cpu_count()} CPUs, load {load}")
    verdicts, elapsed, times, healthy = [], 0.0, [], True
    with tempfile.TemporaryDirectory(prefix="load-") as directory:
        for engine in engines:
            log = Path(directory) / f"{engine}.log"
            if engine == "sqlite":
                outcome = run_engine(f"sqlite:///{Path(directory) / 'load.sqlite3'}", None, args, log)
            else:
                with throwaway_postgres() as (url, restart):
                    outcome = run_engine(url, restart, args, log)
            verdict, seconds, engine_times = outcome
            rate = verdict.confirmed / seconds if seconds else 0.0
            print(
                f"{engine}: {summary_line(verdict, rate, percentile(engine_times, 95))} "
                f"confirmed={verdict.confirmed} stored_unconfirmed={verdict.stored_unconfirmed} "
                f"tallies_off={verdict.tallies_off}",
                flush=True,
            )
            if verdict.journeys < args.journeys:
                print(
                    f"  note: stopped by --max-seconds after {verdict.journeys} of {args.journeys} journeys", flush=True
                )
            healthy &= verdict.lost == verdict.duplicated == verdict.partial == verdict.tallies_off == 0
            healthy &= verdict.confirmed >= 0.95 * verdict.journeys
            verdicts.append(verdict)
            elapsed += seconds
            times += engine_times
    total = Verdict(*(sum(getattr(v, name) for v in verdicts) for name in Verdict.__dataclass_fields__))
    print(summary_line(total, total.confirmed / elapsed if elapsed else 0.0, percentile(times, 95)))
    sys.exit(0 if healthy else 1)


if __name__ == "__main__":
    main()
