"""Rate limits for the whole app, with Flask-Limiter, in one place.

Storage is in memory by default (one process: development, a single server) and Redis when
`RATELIMIT_STORAGE_URI` is set (e.g. redis://127.0.0.1:6379/0), so several gunicorn workers and
servers share one count. Limits are keyed by the client's address (`request.remote_addr`, which
ProxyFix corrects behind a trusted proxy). Each limit is a configuration value (`toolkit/config.py`),
attached here to an endpoint by name, so feature packages carry no rate-limit code.

Public limits are generous on purpose: a whole workshop room or a GP surgery's waiting room may
share one address."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

from flask import Flask, Response, current_app, render_template, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.exceptions import TooManyRequests

from toolkit.auth.policy import wait_after_failures

POST = ["POST"]


def _failed(response: Response) -> bool:
    """Count only attempts that did not succeed (a wrong password is a 400; success redirects)."""
    return response.status_code >= 400


# endpoint: (configuration key, methods it applies to (None: all), count only failures)
LIMITS: dict[str, tuple[str, list[str] | None, bool]] = {
    "auth.sign_in": ("RATELIMIT_SIGN_IN", POST, True),
    "auth.two_factor_code": ("RATELIMIT_SIGN_IN", POST, True),
    "auth.forgot_password": ("RATELIMIT_PASSWORD_RESET", POST, False),
    "auth.reset_password": ("RATELIMIT_PASSWORD_RESET", None, True),
    "auth.accept_invitation": ("RATELIMIT_INVITATION", None, True),
    "public.begin": ("RATELIMIT_START", POST, False),
    "easy_read.begin": ("RATELIMIT_START", POST, False),
    "public.check": ("RATELIMIT_SUBMIT", POST, False),
    "easy_read.check": ("RATELIMIT_SUBMIT", POST, False),
    "workshops.public_idea": ("RATELIMIT_IDEAS", POST, False),
    "workshops.public_ballot": ("RATELIMIT_VOTES", POST, False),
}


class TooManyAttempts(TooManyRequests):
    """A 429 with the number of seconds to wait."""

    def __init__(self, retry_after: int) -> None:
        super().__init__()
        self.retry_after = max(1, int(retry_after))


def _limit_of(key: str) -> Callable[[], str]:
    return lambda: str(current_app.config[key])


def limiter_of(app: Flask | None = None) -> Limiter:
    return (app or current_app).extensions["toolkit_limiter"]  # type: ignore[no-any-return]


def too_many_page(retry_after: int, message: str = "") -> Response:
    html = render_template("toolkit/too_many.html", minutes=max(1, math.ceil(retry_after / 60)), message=message)
    response = current_app.make_response((html, 429))
    response.headers["Retry-After"] = str(retry_after)
    return response


def init_app(app: Flask) -> None:
    """After the blueprints are registered: the limits attach to their endpoints."""
    limiter = Limiter(
        get_remote_address,
        app=app,
        storage_uri=app.config["RATELIMIT_STORAGE_URI"],
        strategy="fixed-window",
        headers_enabled=False,  # Retry-After is set on the 429 page itself
        key_prefix=app.config["RATELIMIT_KEY_PREFIX"],
    )
    app.extensions["toolkit_limiter"] = limiter
    for endpoint, (config_key, methods, only_failures) in LIMITS.items():
        view = app.view_functions.get(endpoint)
        if view is None:
            continue
        options: dict[str, Any] = {"methods": methods, "deduct_when": _failed if only_failures else None}
        limited = limiter.limit(_limit_of(config_key), **options)(view)
        app.view_functions[endpoint] = limited  # type: ignore[assignment]

    @app.errorhandler(TooManyRequests)
    def too_many(error: TooManyRequests) -> Response:
        """Flask-Limiter's own 429 (RateLimitExceeded) and TooManyAttempts alike."""
        retry_after = getattr(error, "retry_after", None)
        if retry_after is None:
            current = limiter.current_limit
            retry_after = math.ceil(current.reset_at - time.time()) if current else 60
        # A view's own 429 with its own words (e.g. one print run at a time) keeps them.
        message = error.description if type(error) is TooManyRequests else ""
        return too_many_page(max(1, int(retry_after)), message)


# --- the growing wait after wrong passwords, per account ----------------------------------------
# Kept in the limiter's storage, so it is shared like the limits are, and works the same for an
# address that has no account (the page never says which addresses have one).

DAY = 24 * 60 * 60


def _keys(account: str) -> tuple[str, str]:
    name = account.strip().lower()
    prefix = current_app.config["RATELIMIT_KEY_PREFIX"]
    return f"{prefix}/failures/{name}", f"{prefix}/wait/{name}"


def seconds_to_wait(account: str) -> int:
    storage = limiter_of().storage
    _failures, wait = _keys(account)
    if storage.get(wait) <= 0:
        return 0
    return max(1, math.ceil(storage.get_expiry(wait) - time.time()))


def check_wait(account: str) -> None:
    """Refuse (429 with Retry-After) while the account is waiting after repeated failures."""
    wait = seconds_to_wait(account)
    if wait:
        raise TooManyAttempts(wait)


def record_failure(account: str) -> int:
    """Count a wrong password (or code); start the wait once there have been too many. The wait."""
    storage = limiter_of().storage
    failures_key, wait_key = _keys(account)
    failures = storage.incr(failures_key, DAY)
    wait = wait_after_failures(failures, int(current_app.config["SIGN_IN_WAIT_SECONDS"]))
    if wait:
        storage.clear(wait_key)
        storage.incr(wait_key, wait)
    return wait


def clear_failures(account: str) -> None:
    storage = limiter_of().storage
    for key in _keys(account):
        storage.clear(key)


def spend(name: str, config_key: str) -> None:
    """Count one of something a client does (e.g. a new survey draft) against a configured limit;
    429 when over it. For limits on an action rather than on a whole endpoint."""
    limiter = limiter_of()
    from limits import parse

    limit = parse(str(current_app.config[config_key]))
    key = (current_app.config["RATELIMIT_KEY_PREFIX"], name, request.remote_addr or "unknown")
    if not limiter.limiter.hit(limit, *key):
        reset_at, _remaining = limiter.limiter.get_window_stats(limit, *key)
        raise TooManyAttempts(math.ceil(reset_at - time.time()))
