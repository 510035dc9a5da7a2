"""Clear error pages with the right status code, never a stack trace."""

from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from toolkit.text import lazy as _l

# Werkzeug's names ("Not Found", "Gone") are English whatever the page's language.
HEADINGS = {
    403: _l("You cannot see this page"),
    404: _l("Page not found"),
    410: _l("This survey has closed"),
}


def heading(code: int) -> str:
    """The error page's heading and title, in the page's language."""
    if code in HEADINGS:
        return str(HEADINGS[code])
    return str(_l("Sorry, there is a problem with the service") if code >= 500 else _l("There is a problem"))


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        return render_template("toolkit/csrf_error.html"), 400

    app.register_error_handler(HTTPException, error_page)


def error_page(error: HTTPException) -> tuple[str, int]:
    """The page for an HTTP error: its heading in the page's language, and its status code."""
    code = error.code or 500
    return render_template("toolkit/error.html", error=error, code=code, heading=heading(code)), code
