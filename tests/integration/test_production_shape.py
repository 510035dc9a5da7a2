"""The production shape on this machine: two app processes (gunicorn, each on its own loopback
port, as two instances behind a load balancer) and one queue consumer, against PostgreSQL and
Redis (queue and rate-limit counts in Redis database 7, which no other test uses).

One browser (one cookie jar: cookies do not tell ports apart, as a load balancer's shared host
would not) signs in on the first instance, starts a job there and follows it on the second: the
consumer does it and the second instance shows it done and hands out its file. A public rate limit
allowing three starts an hour is shared: two on one instance and one on the other use it up."""

from __future__ import annotations

import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
import redis

from tests.conftest import _postgres_database, skip_or_fail
from tests.helpers import PASSWORD, make_survey, make_user
from tests.smtp_server import free_port
from toolkit import create_app, db, migrate

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_PRODUCTION_REDIS_URL", "redis://127.0.0.1:6379/7")
SLUG = "shape"

pytestmark = pytest.mark.production_shape


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Browser:
    """Cookies kept across both instances, redirects not followed."""

    def __init__(self) -> None:
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirect())

    def open(self, url: str, data: dict[str, str] | None = None) -> tuple[int, str, bytes]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(url, data=body, timeout=30) as response:
                return response.status, response.headers.get("Location", ""), response.read()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.headers.get("Location", ""), error.read()

    def token(self, url: str) -> str:
        status, _location, page = self.open(url)
        assert status == 200, (url, status)
        found = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page) or re.search(
            rb'value="([^"]+)"[^>]*name="csrf_token"', page
        )
        assert found, f"no CSRF token on {url}"
        return found.group(1).decode()


@pytest.fixture(scope="module")
def shape(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    """Started once for the module's tests: starting three processes is most of the time."""
    tmp_path = tmp_path_factory.mktemp("shape")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        skip_or_fail(f"Redis is not reachable at {REDIS_URL}")
    databases = _postgres_database()
    url = next(databases)
    if url is None:
        skip_or_fail("PostgreSQL is not reachable")
    processes: list[subprocess.Popen[bytes]] = []
    log = tmp_path / "shape.log"
    try:
        migrate.upgrade(url)
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "test-secret"})
        with app.app_context():
            survey = make_survey(SLUG)
            user = make_user("lead")
            ids = {"survey": survey.id, "email": user.email}
            db.session.remove()
        db.engine().dispose()
        name = f"shape-{secrets.token_hex(4)}"
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "SECRET_KEY": secrets.token_hex(32),
            "TOOLKIT_ENV": "development",  # plain HTTP on loopback: cookies without the Secure flag
            "QUEUE_URL": REDIS_URL,
            "QUEUE_NAME": name,
            "QUEUE_WORKERS": "1",
            "RATELIMIT_STORAGE_URI": REDIS_URL,
            "RATELIMIT_KEY_PREFIX": name,
            "RATELIMIT_START": "3 per hour",
            "EXPORT_JOB_ABOVE_ROWS": "-1",  # every Excel export is made on the queue
            "JOB_FILES_DIR": str(tmp_path / "job_files"),  # shared storage, as the README asks
            "LOG_LEVEL": "WARNING",
        }
        ports = [free_port(), free_port()]
        with log.open("ab") as output:
            for port in ports:
                command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
                command += ["--log-level", "warning", "wsgi:app"]
                processes.append(subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=output))
            worker = [sys.executable, "-m", "flask", "--app", "wsgi", "worker"]
            processes.append(subprocess.Popen(worker, cwd=ROOT, env=env, stdout=output, stderr=output))
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        for base in bases:
            _wait_until_up(base, processes, log)
        yield {"bases": bases, **ids}
    finally:
        for process in processes:
            process.send_signal(signal.SIGINT if process.args[-1] == "worker" else signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(f"*{env['QUEUE_NAME']}*" if "env" in locals() else "shape-none"):
            client.delete(key)
        print(log.read_text() if log.exists() else "")
        next(databases, None)


def _wait_until_up(base: str, processes: list[subprocess.Popen[bytes]], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers (perhaps unhealthy for a reason that does not matter here)
        except OSError:
            assert all(p.poll() is None for p in processes), log.read_text()
            time.sleep(0.3)
    raise AssertionError(f"{base} did not start: {log.read_text()}")


def test_a_job_started_on_one_instance_is_done_by_the_consumer_and_seen_on_the_other(shape):
    first, second = shape["bases"]
    browser = Browser()
    token = browser.token(f"{first}/staff/sign-in")
    status, location, _ = browser.open(
        f"{first}/staff/sign-in", {"csrf_token": token, "email": shape["email"], "password": PASSWORD}
    )
    assert status == 302 and "/staff/sign-in" not in location, (status, location)
    status, location, _ = browser.open(f"{first}/staff/surveys/{shape['survey']}/export.xlsx")
    assert status == 303 and re.fullmatch(r"/staff/jobs/\d+", urllib.parse.urlsplit(location).path), location
    progress = urllib.parse.urljoin(second, urllib.parse.urlsplit(location).path)
    deadline = time.monotonic() + 45
    while True:
        status, _, page = browser.open(progress)  # the second instance, the same signed-in person
        assert status == 200, status
        if b"/download" in page:
            break
        assert time.monotonic() < deadline, page.decode()[-2000:]
        time.sleep(0.5)
    status, _, content = browser.open(f"{progress}/download")
    assert status == 200 and content[:2] == b"PK"


def test_a_rate_limit_is_shared_by_both_instances(shape):
    first, second = shape["bases"]
    browser = Browser()

    def start(base: str) -> int:
        token = browser.token(f"{base}/s/{SLUG}")
        return browser.open(f"{base}/s/{SLUG}/start", {"csrf_token": token})[0]

    assert [start(first), start(second), start(first)] == [302, 302, 302]
    assert start(second) == 429  # each instance alone has seen fewer than three
    assert start(first) == 429
