"""CSRF protection, security headers and the transport settings for running behind a proxy.
The browser loads nothing from a third-party host: no CDN, no web fonts, no analytics."""

from __future__ import annotations

import re
import secrets
from builtins import min as min_
from typing import Any

from flask import Flask, Response, g, request
from flask_wtf.csrf import CSRFProtect
from werkzeug.exceptions import BadHost, SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

csrf = CSRFProtect()

# Every id column is a 32-bit integer on PostgreSQL (and SQLite cannot bind past 64 bits): a
# number in a URL beyond this cannot name anything, so it is "not found", never a database error.
MAX_ID = 2**31 - 1
# A Host header: a DNS name or IPv4 address, or an IPv6 literal in brackets, and an optional port.
_LABEL = r"[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?"
HOST = re.compile(rf"(?:{_LABEL}(?:\.{_LABEL})*\.?|\[[0-9A-Fa-f:.]+\])(?::[0-9]{{1,5}})?")


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: ASCII digits from 0 to MAX_ID; anything else is a 404."""

    def __init__(self, map: Any, fixed_digits: int = 0, min: int | None = None, max: int | None = None) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=MAX_ID if max is None else min_(max, MAX_ID))


def parse_id(value: object) -> int | None:
    """An id typed or posted as text: ASCII digits within MAX_ID, else None. (int() would also take
    "+5", " 5", "1_000" and other scripts' digits, and any size.)"""
    if not isinstance(value, str | int) or isinstance(value, bool):
        return None
    text = str(value)
    if not text.isascii() or not text.isdigit() or len(text) > len(str(MAX_ID)):
        return None
    number = int(text)
    return number if number <= MAX_ID else None


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return str(g.csp_nonce)


def content_security_policy(nonce: str) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "object-src 'none'",
        ]
    )


# A self-contained HTML download (the workshop report): its own inline styles and SVG, no script at all.
OFFLINE_DOCUMENT_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)


def register_converters(app: Flask) -> None:
    """Before any blueprint adds its routes: converters are looked up when a rule is added."""
    app.url_map.converters["int"] = IdConverter


def is_staff_path(path: str) -> bool:
    return path == "/staff" or path.startswith("/staff/")


def init_app(app: Flask) -> None:
    csrf.init_app(app)
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    proxies = int(app.config.get("TRUSTED_PROXY_COUNT", 0))
    if proxies > 0:
        # Trust exactly this many proxies' X-Forwarded-For/-Proto/-Host/-Port: the client's real
        # address (for rate limits and logs), https (for HSTS and Secure cookies) and the host.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies
        )

    _check_hosts(app)

    @app.after_request
    def headers(response: Response) -> Response:
        # A view may set a stricter policy of its own (the offline report download does).
        response.headers.setdefault("Content-Security-Policy", content_security_policy(csp_nonce()))
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        if request.is_secure:
            response.headers["Strict-Transport-Security"] = f"max-age={app.config['HSTS_MAX_AGE']}; includeSubDomains"
        immutable = "immutable" in response.headers.get("Cache-Control", "")  # content-named chart files
        if is_staff_path(request.path) and not (request.endpoint or "").endswith("static") and not immutable:
            # Staff pages and downloads hold personal data: never kept by a browser or a shared cache.
            response.headers["Cache-Control"] = "no-store"
            response.headers["Pragma"] = "no-cache"
        return response


def _check_hosts(app: Flask) -> None:
    """A Host header must be a host name, and one of the trusted hosts when they are set."""

    @app.before_request
    def trusted_host() -> None:
        # With TRUSTED_HOSTS set (or PUBLIC_BASE_URL), Flask refuses any other Host header with a
        # 400 when the host is read: read it now, so a forged host never reaches a view or a QR code.
        if app.config.get("TRUSTED_HOSTS"):
            _ = request.host

    @app.errorhandler(SecurityError)
    def untrusted_host(_error: SecurityError) -> Response:
        # No page template: with an untrusted host Flask cannot build any URL for it.
        return Response(
            "400 Bad Request: this service does not answer to that host name.\n", 400, mimetype="text/plain"
        )

    @app.before_request
    def host_must_be_a_host_name() -> None:
        if not HOST.fullmatch(request.host):
            raise BadHost()

    @app.errorhandler(BadHost)
    def bad_host(_error: BadHost) -> tuple[str, int, dict[str, str]]:
        # No URL can be built for a Host header that cannot be a host name, so the usual error page
        # (which links home) cannot be drawn: a plain answer instead.
        return "Bad request: the Host header is not a valid host name.", 400, {"Content-Type": "text/plain"}
