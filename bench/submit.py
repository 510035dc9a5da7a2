"""Benchmark: responses per second through the real answering path, against a bare insert.

    .venv/bin/python bench/submit.py [--responses N] [--clients C] [--workers W] [--max-seconds S]

Serves the app with gunicorn on a free loopback port (a temporary SQLite database,
migrated, with a live survey of two pages), and beside it, with the same gunicorn
settings, a bare Flask app whose one endpoint inserts one response into the same
database. Client processes then submit responses to each in turn:

- real: what a browser does, with a cookie jar and redirects followed by hand:
  GET the start page, POST start, then for each page GET it and POST its answers,
  GET check your answers, POST it, GET the confirmation page (9 requests);
- real, submitting only: the clients first take fresh respondents as far as check your
  answers, then all of them only submit (POST check your answers, with each respondent's
  session cookie and CSRF token), as the bare clients only submit;
- bare: one POST of the same answers, one INSERT.

The last ratio compares the submitting request of the real path with the bare POST under
the same load: every client submitting, nothing else running. Each is timed request by
request. Also printed: the whole-journey rate, and the submitting request's rate while
the other clients are being shown pages (it then also waits for a worker busy drawing a
page, which the bare endpoint never does).

Prints responses per second for both; the last line is
`submit_vs_bare_ratio=<x> submit_during_journeys_vs_bare_ratio=<y>`.
Bounded by --responses and --max-seconds per phase; loopback only; a benchmark, never
a test: it does not fail for being slow.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ProcessPoolExecutor
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from flask import Flask, request  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from surveys import repository  # noqa: E402
from surveys.model import Option, Question, Section, SurveyDefinition  # noqa: E402
from toolkit import create_app, db, migrate  # noqa: E402
from toolkit.schema import Response  # noqa: E402

SLUG = "bench-submit"
PAGES = {
    "s1": {"colour": "blue", "carer": "no"},
    "s2": {"rating": "4", "comment": "Friendly staff, but the wait was long."},
}
ANSWERS = {key: value for page in PAGES.values() for key, value in page.items()}
# Every simulated respondent comes from 127.0.0.1: the public per-address limits (which a real
# crowd spreads over many addresses) would stop a benchmark after a few dozen journeys.
UNLIMITED = {name: "1000000 per hour" for name in ("RATELIMIT_START", "RATELIMIT_NEW_DRAFT", "RATELIMIT_SUBMIT")}
WARM_UP = 10  # responses before the clock starts, so the workers have compiled templates and so on


def bench_definition() -> SurveyDefinition:
    first = (
        Question(
            "colour",
            "single_choice",
            "Which colour?",
            required=True,
            options=(Option("red", "Red"), Option("blue", "Blue")),
        ),
        Question("carer", "yes_no", "Are you a carer?"),
    )
    second = (
        Question("rating", "rating", "How was it?", required=True),
        Question("comment", "short_text", "Anything else?"),
    )
    return SurveyDefinition(
        "Submission benchmark",
        sections=(Section("s1", "First", questions=first), Section("s2", "Second", questions=second)),
    )


def set_up(url: str) -> dict[str, str]:
    """Migrate, publish the survey; the ids the bare endpoint needs, as environment variables."""
    migrate.upgrade(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    with app.app_context():
        definition = bench_definition()
        survey = repository.create_survey(definition.title, SLUG, None, definition=definition)
        version = repository.publish(survey, None)
        channel = repository.default_channel(survey.id)
        ids = {"BENCH_SURVEY": str(survey.id), "BENCH_VERSION": str(version.id), "BENCH_CHANNEL": str(channel.id)}
        return {**ids, **UNLIMITED}


def bare_app() -> Flask:
    """The comparison: one endpoint, one INSERT into the same table (gunicorn target `submit:bare_app()`)."""
    engine = db.make_engine(os.environ["DATABASE_URL"])
    ids = {name: int(os.environ[f"BENCH_{name.upper()}"]) for name in ("survey", "version", "channel")}
    app = Flask("bare")

    @app.post("/submit")
    def submit() -> tuple[str, int]:
        key = secrets.token_urlsafe(24)
        row = {
            "survey_id": ids["survey"],
            "version_id": ids["version"],
            "channel_id": ids["channel"],
            "reference": repository.new_reference(),
            "submission_key": key,
            "language": "en",
            "answers": request.form.to_dict(),
        }
        with engine.begin() as connection:
            connection.execute(insert(Response.__table__).values(**row))
        return "", 201

    return app


# --- the client -------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Browser:
    """Cookies kept, redirects followed by hand, as a browser with JavaScript off would."""

    def __init__(self, base: str, timings: dict[str, list[float]] | None = None) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirect())
        self.timings = timings

    def open(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        started = time.perf_counter()
        try:
            with self.opener.open(self.base + path, data=body, timeout=30) as response:
                answer = response.status, response.headers.get("Location", ""), response.read().decode()
        except urllib.error.HTTPError as error:
            answer = error.code, error.headers.get("Location", ""), error.read().decode()
            error.close()
        if self.timings is not None:
            step = ("POST " if data is not None else "GET ") + re.sub(r"^/s/[^/]+", "/s/<slug>", path)
            self.timings.setdefault(step, []).append(time.perf_counter() - started)
        return answer

    def get(self, path: str) -> str:
        status, _location, text = self.open(path)
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}")
        return text

    def post_and_follow(self, path: str, data: dict[str, str]) -> tuple[str, str]:
        """POST, expect a redirect, GET where it points. Returns (new path, its page)."""
        status, location, _text = self.open(path, data)
        if status not in (302, 303):
            raise RuntimeError(f"POST {path} answered {status}")
        target = urllib.parse.urlsplit(location)
        new_path = target.path + (f"?{target.query}" if target.query else "")
        return new_path, self.get(new_path)


def hidden(page: str, name: str) -> str:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    value = re.search(r'value="([^"]*)"', tag.group(0)) if tag else None
    if value is None:
        raise RuntimeError(f"no {name} on the page")
    return value.group(1)


def submit_real(base: str, timings: dict[str, list[float]] | None = None) -> float:
    """The whole journey; returns the seconds the final submission (POST check) took."""
    browser = Browser(base, timings)
    page = browser.get(f"/s/{SLUG}")
    path, page = browser.post_and_follow(f"/s/{SLUG}/start", {"csrf_token": hidden(page, "csrf_token")})
    for answers in PAGES.values():
        path, page = browser.post_and_follow(path, {"csrf_token": hidden(page, "csrf_token"), **answers})
    if not path.endswith("/check"):
        raise RuntimeError(f"expected check your answers, got {path}")
    form = {"csrf_token": hidden(page, "csrf_token"), "submission_key": hidden(page, "submission_key")}
    started = time.perf_counter()
    status, location, _text = browser.open(path, form)
    submitted = time.perf_counter() - started
    if status not in (302, 303) or not location.endswith("/done"):
        raise RuntimeError(f"expected a redirect to the confirmation page, got {status} {location}")
    browser.get(urllib.parse.urlsplit(location).path)
    return submitted


def submit_bare(base: str) -> float:
    request_ = urllib.request.Request(base + "/submit", data=urllib.parse.urlencode(ANSWERS).encode(), method="POST")
    started = time.perf_counter()
    with urllib.request.urlopen(request_, timeout=30) as response:  # loopback only
        if response.status != 201:
            raise RuntimeError(f"bare endpoint answered {response.status}")
    return time.perf_counter() - started


def prepare(base: str, count: int, deadline: float) -> list[tuple[str, str, dict[str, str]]]:
    """Take `count` respondents as far as check your answers: (session cookie, path, form) each."""
    prepared = []
    while len(prepared) < count and time.time() < deadline:
        jar = CookieJar()
        browser = Browser(base)
        browser.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())
        page = browser.get(f"/s/{SLUG}")
        path, page = browser.post_and_follow(f"/s/{SLUG}/start", {"csrf_token": hidden(page, "csrf_token")})
        for answers in PAGES.values():
            path, page = browser.post_and_follow(path, {"csrf_token": hidden(page, "csrf_token"), **answers})
        form = {"csrf_token": hidden(page, "csrf_token"), "submission_key": hidden(page, "submission_key")}
        prepared.append(("; ".join(f"{cookie.name}={cookie.value}" for cookie in jar), path, form))
    return prepared


def submit_prepared(base: str, prepared: list[tuple[str, str, dict[str, str]]]) -> tuple[int, float]:
    """Submit each prepared respondent; how many, and the seconds spent submitting."""
    opener = urllib.request.build_opener(_NoRedirect())
    submitting = 0.0
    for cookie, path, form in prepared:
        request_ = urllib.request.Request(base + path, data=urllib.parse.urlencode(form).encode(), method="POST")
        request_.add_header("Cookie", cookie)
        started = time.perf_counter()
        try:
            opener.open(request_, timeout=30).close()
            status, location = 200, ""
        except urllib.error.HTTPError as error:  # the redirect, refused by _NoRedirect, arrives as an error
            status, location = error.code, error.headers.get("Location", "")
            error.close()
        submitting += time.perf_counter() - started
        if status not in (302, 303) or not location.endswith("/done"):
            raise RuntimeError(f"expected a redirect to the confirmation page, got {status} {location}")
    return len(prepared), submitting


def submit_only_phase(base: str, total: int, clients: int, max_seconds: float) -> float:
    """Every client only submitting, as in the bare phase: the submitting request's rate."""
    shares = [total // clients + (1 if n < total % clients else 0) for n in range(clients)]
    with ProcessPoolExecutor(max_workers=clients) as pool:
        deadline = time.time() + max_seconds
        prepared = list(pool.map(prepare, [base] * clients, shares, [deadline] * clients))
        started = time.perf_counter()
        results = list(pool.map(submit_prepared, [base] * clients, prepared))
        elapsed = time.perf_counter() - started
    completed = sum(done for done, _ in results)
    submit_rate = sum(done / seconds for done, seconds in results if seconds)
    print(
        f"real, submitting only: {completed} responses in {elapsed:.1f} s; "
        f"submitting request alone: {submit_rate:.1f} responses/s",
        flush=True,
    )
    return submit_rate


def client(kind: str, base: str, count: int, deadline: float) -> tuple[int, float]:
    """One client process: submit until `count` or the deadline.
    Returns how many it did and the seconds spent in the submitting request itself."""
    submit = submit_real if kind == "real" else submit_bare
    done, submitting = 0, 0.0
    while done < count and time.time() < deadline:
        submitting += submit(base)
        done += 1
    return done, submitting


def run_phase(kind: str, base: str, total: int, clients: int, max_seconds: float) -> tuple[float, float]:
    """(whole-request-sequence rate by the wall clock, rate of the submitting request alone)."""
    shares = [total // clients + (1 if n < total % clients else 0) for n in range(clients)]
    timings: dict[str, list[float]] = {}
    for _ in range(WARM_UP):
        submit_real(base, timings) if kind == "real" else submit_bare(base)
    if timings:
        # One client at a time (the warm-up): where a response's time goes, request by request.
        steps = ", ".join(f"{step} {1000 * sorted(times)[len(times) // 2]:.0f}" for step, times in timings.items())
        print(f"real path, median ms per request with one client: {steps}", flush=True)
    with ProcessPoolExecutor(max_workers=clients) as pool:
        list(pool.map(time.sleep, [0] * clients))  # start the client processes before the clock
        started = time.perf_counter()
        deadline = time.time() + max_seconds
        results = list(pool.map(client, [kind] * clients, [base] * clients, shares, [deadline] * clients))
        elapsed = time.perf_counter() - started
    completed = sum(done for done, _ in results)
    journey_rate = completed / elapsed if elapsed else 0.0
    # Each client submits one at a time, so its submit rate is done / time in the submitting request.
    submit_rate = sum(done / seconds for done, seconds in results if seconds)
    print(
        f"{kind}: {completed} responses in {elapsed:.1f} s = {journey_rate:.1f} responses/s end to end; "
        f"submitting request alone: {submit_rate:.1f} responses/s",
        flush=True,
    )
    return journey_rate, submit_rate


# --- servers ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(
    target: str, env: dict[str, str], workers: int, log: Path | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    """gunicorn on a free loopback port; its log (the app's JSON lines) to `log` when given."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    command += ["--pythonpath", f"{ROOT},{ROOT / 'bench'}", "--log-level", "warning", target]
    output = log.open("ab") if log else None
    process = subprocess.Popen(command, env=env, cwd=ROOT, stderr=output)
    # gunicorn listens before its workers have loaded the app (tens of seconds on a busy machine):
    # wait for an HTTP answer, any status, so no timed request waits for a worker to boot.
    deadline = time.time() + 180
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                pass
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=180).close()  # loopback only
            return process, f"http://127.0.0.1:{port}"
        except urllib.error.HTTPError:
            return process, f"http://127.0.0.1:{port}"
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn for {target} exited with {process.returncode}") from None
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError(f"gunicorn for {target} did not start")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--responses", type=int, default=200, help="per phase (default 200)")
    parser.add_argument("--clients", type=int, default=4, help="client processes (default 4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers for each app (default 2)")
    parser.add_argument("--max-seconds", type=float, default=60.0, help="per phase (default 60)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-submit-") as directory:
        url = f"sqlite:///{Path(directory) / 'bench.sqlite3'}"
        env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": secrets.token_hex(32), **set_up(url)}
        env["TOOLKIT_ENV"] = "development"  # plain HTTP on loopback: cookies without the Secure flag
        env["LOG_LEVEL"] = "WARNING"  # no access log lines on the terminal (bench/journey.py keeps them, in a file)
        servers: list[subprocess.Popen[bytes]] = []
        try:
            real_process, real_base = serve("wsgi:app", env, args.workers)
            servers.append(real_process)
            bare_process, bare_base = serve("submit:bare_app()", env, args.workers)
            servers.append(bare_process)
            print(f"{args.clients} clients, gunicorn with {args.workers} sync workers each, SQLite (WAL)", flush=True)
            real_journey, real_loaded = run_phase("real", real_base, args.responses, args.clients, args.max_seconds)
            real_submit = submit_only_phase(real_base, args.responses, args.clients, args.max_seconds)
            _bare_journey, bare_submit = run_phase("bare", bare_base, args.responses, args.clients, args.max_seconds)
        finally:
            for process in servers:
                stop(process)

    # The journey figure (9 requests: every page rendered) against one insert says how many
    # people a server can take through a whole survey. The last ratio compares like with like:
    # the one request that submits a response (CSRF check, session, survey and draft read,
    # every answer checked, insert, draft delete, in one transaction) against a bare
    # one-insert endpoint, each with every client submitting and nothing else running.
    # The ratio before it times the same request while other clients are shown pages.
    def ratio(rate: float) -> str:
        return f"{rate / bare_submit if bare_submit else 0.0:.3f}"

    print(f"whole_journey_vs_bare_ratio={ratio(real_journey)}")
    print(f"submit_vs_bare_ratio={ratio(real_submit)} submit_during_journeys_vs_bare_ratio={ratio(real_loaded)}")


if __name__ == "__main__":
    main()
