"""Structured logs: one JSON object per line on stderr, each carrying the request's id.

The request id comes from the load balancer's `X-Request-ID` header when it looks like one
(so a request can be followed from the balancer's log into ours), otherwise it is made here;
either way it is sent back in the response's `X-Request-ID` header. One access line per
request gives the method, the path (never the query string), the status and the time taken.
Respondents are anonymous: no IP address, cookie or user agent is ever logged.

Configured only from the environment (toolkit/config.py): LOG_FORMAT ("json", the default,
or "text" for a person reading a terminal) and LOG_LEVEL (default INFO).
"""

from __future__ import annotations

import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime
from typing import Any

import orjson
from flask import Flask, Response, has_request_context, request

ACCESS = logging.getLogger("toolkit.access")
REQUEST_ID_HEADER = "X-Request-ID"
_VALID_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")
_HANDLER_MARK = "_toolkit_handler"
_ENVIRON_KEY = "toolkit.request_id"
_STARTED_KEY = "toolkit.request_started"
# LogRecord attributes that are not extra fields someone passed in.
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime", "request_id"}


def current_request_id() -> str | None:
    # Kept in the WSGI environ rather than on `g`: it belongs to the request, whatever else resets g.
    if has_request_context():
        return request.environ.get(_ENVIRON_KEY)
    return None


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, request id, and any extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None)
        if request_id:
            entry["request_id"] = request_id
        entry.update({key: value for key, value in record.__dict__.items() if key not in _STANDARD})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(entry, default=str).decode()


def configure_logging(log_format: str, level: str) -> None:
    """Install the handler on the root logger once per process (every logger propagates to it)."""
    root = logging.getLogger()
    for handler in root.handlers:
        if getattr(handler, _HANDLER_MARK, False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    setattr(handler, _HANDLER_MARK, True)
    handler.addFilter(RequestIdFilter())
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"))
    root.addHandler(handler)
    root.setLevel(level.upper())


def incoming_request_id(header: str | None) -> str:
    """The balancer's id when it is a plausible one (no spaces, quotes or newlines), else a new one."""
    if header and _VALID_ID.match(header):
        return header
    return uuid.uuid4().hex


def init_app(app: Flask) -> None:
    configure_logging(app.config["LOG_FORMAT"], app.config["LOG_LEVEL"])

    @app.before_request
    def start() -> None:
        request.environ[_ENVIRON_KEY] = incoming_request_id(request.headers.get(REQUEST_ID_HEADER))
        request.environ[_STARTED_KEY] = time.perf_counter()

    @app.after_request
    def finish(response: Response) -> Response:
        request_id = request.environ.setdefault(_ENVIRON_KEY, incoming_request_id(None))
        response.headers[REQUEST_ID_HEADER] = request_id
        started = request.environ.get(_STARTED_KEY)
        duration_ms = round(1000 * (time.perf_counter() - started), 1) if started else None
        ACCESS.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration_ms,
            },
        )
        return response
