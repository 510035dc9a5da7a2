"""CSRF protection, security headers and the transport settings for running behind a proxy.
The browser loads nothing from a third-party host: no CDN, no web fonts, no analytics."""

from __future__ import annotations

import secrets

from flask import Flask, Response, g, request
from flask_wtf.csrf import CSRFProtect
from werkzeug.exceptions import SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix

csrf = CSRFProtect()


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

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = content_security_policy(csp_nonce())
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        if request.is_secure:
            response.headers["Strict-Transport-Security"] = f"max-age={app.config['HSTS_MAX_AGE']}; includeSubDomains"
        if is_staff_path(request.path) and not (request.endpoint or "").endswith("static"):
            # Staff pages and downloads hold personal data: never kept by a browser or a shared cache.
            response.headers["Cache-Control"] = "no-store"
            response.headers["Pragma"] = "no-cache"
        return response
