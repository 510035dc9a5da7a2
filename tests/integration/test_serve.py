"""`make run` serves with `flask serve`: the web server and one queue consumer from one command,
and Ctrl+C (SIGINT to the terminal's process group) stops both."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.smtp_server import free_port
from toolkit import migrate

ROOT = Path(__file__).resolve().parents[2]


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_flask_serve_runs_the_site_and_a_consumer_and_ctrl_c_stops_both(tmp_path):
    database_url = f"sqlite:///{tmp_path / 'serve.sqlite3'}"
    migrate.upgrade(database_url)
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret",
        "QUEUE_URL": f"sqlite:///{tmp_path / 'queue.sqlite3'}",
        "JOB_FILES_DIR": str(tmp_path / "files"),
    }
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "serve", "--port", str(port)]
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    assert response.status == 200
                    break
            except OSError:
                assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
                time.sleep(0.3)
        consumers = children(server.pid)
        assert len(consumers) == 1, (tmp_path / "serve.log").read_text()
        deadline = time.monotonic() + 30
        while "Huey consumer started" not in (tmp_path / "serve.log").read_text():
            assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
            time.sleep(0.3)

        os.killpg(server.pid, signal.SIGINT)  # what Ctrl+C in the terminal does
        assert server.wait(timeout=30) is not None
        assert not alive(consumers[0])
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()
