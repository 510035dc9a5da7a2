"""`/healthz` for load balancers: is this instance able to serve?

Checks the database (one round trip), the job queue's Redis when QUEUE_URL or REDIS_URL is
set, and the free disk space where the instance keeps its files (a SQLite database, uploads,
temporary exports). Answers 200 with `{"status": "ok", ...}` or 503 with `"status": "fail"`
and which check failed. No session, no cookies, no personal data; errors are named by their
type only, never their text (which can hold connection strings).
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Blueprint, current_app, jsonify
from flask import Response as FlaskResponse
from sqlalchemy import text
from sqlalchemy.engine import Engine

from toolkit import db

health = Blueprint("health", __name__)


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: dict[str, Any] = field(default_factory=dict)


def _timed(probe: Callable[[], dict[str, Any] | None]) -> Check:
    started = time.perf_counter()
    try:
        detail = probe() or {}
    except Exception as error:  # a health check reports every failure instead of raising it
        return Check(False, {"error": type(error).__name__})
    return Check(True, {**detail, "ms": round(1000 * (time.perf_counter() - started), 1)})


def check_database(engine: Engine) -> Check:
    def probe() -> None:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    return _timed(probe)


def check_queue(url: str, timeout_s: float = 2.0) -> Check:
    def probe() -> None:
        import redis

        client = redis.Redis.from_url(url, socket_timeout=timeout_s, socket_connect_timeout=timeout_s)
        try:
            client.ping()
        finally:
            client.close()

    return _timed(probe)


def check_disk(path: Path, min_free_mb: int) -> Check:
    path.mkdir(parents=True, exist_ok=True)
    free_mb = shutil.disk_usage(path).free // (1024 * 1024)
    return Check(free_mb >= min_free_mb, {"free_mb": free_mb, "min_free_mb": min_free_mb})


def run_checks(config: dict[str, Any], instance_path: Path, engine: Engine) -> dict[str, Check]:
    checks = {"database": check_database(engine)}
    if config.get("QUEUE_URL", "").startswith(("redis://", "rediss://", "unix://")):
        checks["queue"] = check_queue(config["QUEUE_URL"])
    checks["disk"] = check_disk(instance_path, config["HEALTH_MIN_FREE_DISK_MB"])
    return checks


@health.get("/healthz")
def healthz() -> tuple[FlaskResponse, int]:
    checks = run_checks(current_app.config, Path(current_app.instance_path), db.engine())
    healthy = all(check.ok for check in checks.values())
    body = {
        "status": "ok" if healthy else "fail",
        "checks": {name: {"ok": check.ok, **check.detail} for name, check in checks.items()},
    }
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response, 200 if healthy else 503
