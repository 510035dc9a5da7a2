"""CSRF protection and security headers. The browser loads nothing from a
third-party host: no CDN, no web fonts, no analytics."""

from __future__ import annotations

import secrets

from flask import Flask, Response, g
from flask_wtf.csrf import CSRFProtect

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


def init_app(app: Flask) -> None:
    csrf.init_app(app)
    app.jinja_env.globals["csp_nonce"] = csp_nonce

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = content_security_policy(csp_nonce())
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        return response
