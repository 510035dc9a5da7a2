"""/healthz for load balancers, request ids and the JSON access log."""

from __future__ import annotations

import io
import json
import logging
import sys

from flask import Flask
from sqlalchemy import create_engine

from toolkit import health, observability


def test_healthz_is_ok_when_database_and_disk_are_fine(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["disk"]["free_mb"] > 0
    assert "queue" not in body["checks"]  # no Redis configured: the queue is not checked
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_healthz_fails_when_disk_is_nearly_full(app, client):
    app.config["HEALTH_MIN_FREE_DISK_MB"] = 10**12
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["disk"]["ok"] is False


def test_healthz_checks_the_queue_when_redis_is_configured(app, client):
    app.config["QUEUE_URL"] = "redis://127.0.0.1:6379/0"
    response = client.get("/healthz")
    assert response.get_json()["checks"]["queue"]["ok"] is True, response.get_json()
    app.config["QUEUE_URL"] = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["queue"] == {"ok": False, "error": "ConnectionError"}


def test_database_check_fails_without_leaking_the_connection_string():
    unreachable = create_engine("postgresql+psycopg://secretuser:secretpw@127.0.0.1:1/x")
    check = health.check_database(unreachable)
    assert not check.ok
    assert "secret" not in json.dumps(check.detail)


def test_request_id_from_the_balancer_is_kept_and_a_bad_one_replaced(client):
    response = client.get("/healthz", headers={"X-Request-ID": "lb-1234abcd"})
    assert response.headers["X-Request-ID"] == "lb-1234abcd"
    response = client.get("/healthz", headers={"X-Request-ID": 'bad id "quoted"'})
    assert response.headers["X-Request-ID"] != 'bad id "quoted"'
    assert len(response.headers["X-Request-ID"]) == 32


def _our_handler() -> logging.StreamHandler:
    return next(h for h in logging.getLogger().handlers if getattr(h, "_toolkit_handler", False))


def test_access_log_is_one_json_line_with_the_request_id_and_no_query_or_address(app: Flask, client):
    stream = io.StringIO()
    handler = _our_handler()
    previous = handler.setStream(stream)
    try:
        response = client.get("/healthz?secret=1", headers={"X-Request-ID": "req-0000abcd"})
    finally:
        handler.setStream(previous)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    access = [line for line in lines if line["logger"] == "toolkit.access"]
    assert len(access) == 1, lines
    entry = access[0]
    assert entry["request_id"] == "req-0000abcd" == response.headers["X-Request-ID"]
    assert entry["path"] == "/healthz" and entry["status"] == 200 and entry["method"] == "GET"
    assert entry["duration_ms"] >= 0 and entry["level"] == "INFO"
    assert "secret" not in stream.getvalue() and "127.0.0.1" not in stream.getvalue()


def test_json_formatter_keeps_extra_fields_and_exceptions():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed %s", ("job",), exc_info=True)

        record.exc_info = sys.exc_info()
    record.job_id = 7
    entry = json.loads(observability.JsonFormatter().format(record))
    assert entry["message"] == "failed job" and entry["job_id"] == 7
    assert "ValueError: boom" in entry["exception"]


def test_a_session_signed_with_the_previous_secret_key_still_works_after_rotation(app: Flask) -> None:
    old_client = app.test_client()
    with old_client.session_transaction() as session:
        session["marker"] = "kept"
    name = app.config["SESSION_COOKIE_NAME"]  # "__Host-session" outside development
    cookie = old_client.get_cookie(name)
    assert cookie is not None
    app.config["SECRET_KEY_FALLBACKS"] = [app.config["SECRET_KEY"]]
    app.config["SECRET_KEY"] = "the-new-secret-key"
    new_client = app.test_client()
    new_client.set_cookie(name, cookie.value)
    with new_client.session_transaction() as session:
        assert session.get("marker") == "kept"
    app.config["SECRET_KEY_FALLBACKS"] = []
    with new_client.session_transaction() as session:
        assert "marker" not in session  # without the fallback the old cookie is not trusted
