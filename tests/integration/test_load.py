"""A short `make load`: respondents at once while workers are SIGKILLed and (PostgreSQL) the
database restarts; nothing confirmed is lost, duplicated or half-written, on both engines."""

from __future__ import annotations

import glob
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.load
def test_short_load_run_loses_nothing_when_workers_die_and_the_database_restarts() -> None:
    if not glob.glob("/usr/lib/postgresql/*/bin/initdb"):
        skip_or_fail("PostgreSQL's initdb is not installed (the load run starts a cluster of its own)")
    command = [sys.executable, "bench/load.py", "--journeys", "60", "--clients", "10", "--processes", "2"]
    command += ["--workers", "3", "--kills", "3", "--max-seconds", "120"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    lines = result.stdout.strip().splitlines()
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert sum("SIGKILL worker" in line for line in lines) == 6, lines
    assert sum("database restarted" in line for line in lines) == 1, lines
    last = dict(pair.split("=") for pair in lines[-1].split())
    # Exit code 0 already means at least 95% of journeys were confirmed and checked.
    assert last["journeys"] == "120" and int(last["stored"]) >= 114, lines[-1]
    assert last["lost"] == last["duplicated"] == last["partial"] == "0", lines[-1]
    assert re.match(r"^\d+(\.\d+)?$", last["journeys_per_s"]) and int(last["p95_ms"]) > 0
