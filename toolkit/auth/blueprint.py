"""The `auth` blueprint (sign-in, accounts, people) and what its view modules share."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from toolkit import auth as staff_auth
from toolkit.auth.forms import ACCOUNT_PROBLEMS, ROLE_NAMES
from toolkit.auth.users import AccountError
from toolkit.forms import error_summary_params

auth = Blueprint("auth", __name__, url_prefix="/staff", template_folder="templates")
auth.app_context_processor(staff_auth.staff_navigation)


@auth.app_context_processor
def _role_names() -> dict[str, Any]:
    return {"role_name": lambda role: ROLE_NAMES.get(role, role)}


Page = str | Response | tuple[str, int]
log = logging.getLogger("toolkit.auth")


def safe_next(target: str | None) -> str:
    """Only ever redirect to a path on this site."""
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and not urlsplit(target).netloc
        and "\\" not in target
        and not any(c in target for c in "\r\n")
    ):
        return target
    return url_for("builder.index")


def form_page(template: str, form: FlaskForm, **context: Any) -> Page:
    """A form page; 400 when a posted form had errors."""
    summary = error_summary_params(form, _("There is a problem"))
    html = render_template(template, form=form, error_summary=summary, **context)
    return (html, 400) if summary and request.method == "POST" else html


def add_error(form: FlaskForm, field: str, error: AccountError) -> None:
    form[field].errors = [*form[field].errors, str(ACCOUNT_PROBLEMS.get(error.key, error.key))]


def external_url(endpoint: str, **values: Any) -> str:
    """A link for an email: on PUBLIC_BASE_URL when it is set, otherwise on this request's host."""
    base = str(current_app.config.get("PUBLIC_BASE_URL") or "").rstrip("/")
    if base:
        return base + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def client_address() -> str:
    return request.remote_addr or "unknown"
